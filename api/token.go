package api

import (
	"fmt"
	"strings"
)

// Token is an API token. It prints masked everywhere (%v, %s, %q, %#v,
// JSON), so it cannot leak through an error, a log line or a panic; only
// Reveal returns the secret, for the Authorization header.
//
// The secret sits behind a pointer: fmt cannot call Format on an unexported
// struct field, but it prints a pointer found inside a struct as an address,
// so a Token held in any struct still never prints.
type Token struct{ s *secret }

type secret struct{ v string }

// NewToken wraps a secret. Surrounding whitespace (a trailing newline from a
// file or a password manager) is dropped.
func NewToken(s string) Token {
	s = strings.TrimSpace(s)
	if s == "" {
		return Token{}
	}
	return Token{s: &secret{v: s}}
}

// Reveal returns the secret. Call it only to build the Authorization header.
func (t Token) Reveal() string {
	if t.s == nil {
		return ""
	}
	return t.s.v
}

// IsZero reports whether there is no token.
func (t Token) IsZero() bool { return t.s == nil }

// Masked returns the token with all but its prefix and last four characters
// hidden, e.g. "qwoty_…a1b2".
func (t Token) Masked() string {
	s := t.Reveal()
	if s == "" {
		return "(none)"
	}
	prefix := ""
	if i := strings.IndexByte(s, '_'); i >= 0 && i < 12 {
		prefix = s[:i+1]
	}
	if len(s) < 12 {
		return prefix + "…"
	}
	return prefix + "…" + s[len(s)-4:]
}

// String returns the masked token.
func (t Token) String() string { return t.Masked() }

// GoString returns the masked token.
func (t Token) GoString() string { return "api.Token(" + t.Masked() + ")" }

// Format prints the masked token for every verb.
func (t Token) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, t.GoString())
		return
	}
	fmt.Fprint(f, t.Masked())
}

// MarshalJSON encodes the masked token.
func (t Token) MarshalJSON() ([]byte, error) { return marshalPlain(t.Masked()) }

// MarshalText encodes the masked token.
func (t Token) MarshalText() ([]byte, error) { return []byte(t.Masked()), nil }
