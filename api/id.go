package api

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The one rule for reading a record id that a person typed or pasted, used
// by the TUI's lookup and by every command taking an id.

// dashAt lists where a UUID's dashes stand (0-based), in 8-4-4-4-12.
var dashAt = [4]int{8, 13, 18, 23}

// ParseID reads an id as people paste it: surrounding spaces are dropped,
// upper case is accepted, and so are the 32 hex digits without dashes,
// braces ({…}) and a urn:uuid: prefix. It returns the id in the canonical
// form: lower case, 8-4-4-4-12. Anything else is an *IDError, which says
// whether the input was an id with a bad character (Malformed) or not an
// id at all.
func ParseID(s string) (string, error) {
	in := strings.TrimSpace(s)
	body, offset := unwrapID(in)
	lower := strings.ToLower(body)
	switch len(lower) {
	case 36:
		if pos := badIDChar(lower, true); pos < 0 {
			return lower, nil
		} else if looksLikeID(lower, true) {
			return "", idError(in, offset, pos, true)
		}
	case 32:
		if pos := badIDChar(lower, false); pos < 0 {
			return lower[:8] + "-" + lower[8:12] + "-" + lower[12:16] + "-" + lower[16:20] + "-" + lower[20:], nil
		} else if looksLikeID(lower, false) {
			return "", idError(in, offset, pos, false)
		}
	}
	return "", &IDError{Input: in}
}

// IDError says why a text is not an id.
type IDError struct {
	// Input is the text, without surrounding spaces.
	Input string
	// Pos is the 1-based position (in characters) of the first character
	// that cannot stand there, when Input is shaped like an id; 0 when it
	// is not an id at all.
	Pos  int
	Char rune
	// DashWanted is true when a dash belongs at Pos (else a hex digit).
	DashWanted bool
}

// Malformed reports whether the text was meant as an id (it has an id's
// shape) but holds a bad character: it should be refused, not searched for.
func (e *IDError) Malformed() bool { return e.Pos > 0 }

func (e *IDError) Error() string {
	q := fmt.Sprintf("%q", e.Input)
	if len(e.Input) > 60 {
		q = fmt.Sprintf("%q…", e.Input[:60])
	}
	return q + " is not a valid id: " + e.Problem()
}

// Problem says what is wrong, without quoting the input.
func (e *IDError) Problem() string {
	if e.Malformed() {
		if e.DashWanted {
			return fmt.Sprintf("character %d (%q) should be a dash, as in 660e8400-e29b-41d4-a716-446655440001", e.Pos, e.Char)
		}
		return fmt.Sprintf("character %d (%q) is not a hexadecimal digit (0-9, a-f)", e.Pos, e.Char)
	}
	return "Qwoty ids are UUIDs like 660e8400-e29b-41d4-a716-446655440001"
}

// idError builds the error for a bad character at byte pos of the id
// body, which starts at offset in in.
func idError(in string, offset, pos int, dashed bool) *IDError {
	at := offset + pos
	r, _ := utf8.DecodeRuneInString(in[at:])
	return &IDError{Input: in, Pos: utf8.RuneCountInString(in[:at]) + 1, Char: r, DashWanted: isDashAt(pos, dashed)}
}

func isDashAt(i int, dashed bool) bool {
	return dashed && (i == dashAt[0] || i == dashAt[1] || i == dashAt[2] || i == dashAt[3])
}

// unwrapID strips braces or a urn:uuid: prefix; offset is where the id
// itself starts in s.
func unwrapID(s string) (body string, offset int) {
	switch {
	case len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}':
		return s[1 : len(s)-1], 1
	case len(s) > 9 && strings.EqualFold(s[:9], "urn:uuid:"):
		return s[9:], 9
	}
	return s, 0
}

// badIDChar returns the byte offset of the first character that cannot
// stand where it is in a lower-case id (dashed or not), or -1.
func badIDChar(s string, dashed bool) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		wantDash := isDashAt(i, dashed)
		if wantDash != (c == '-') || (!wantDash && !isHex(c)) {
			return i
		}
	}
	return -1
}

// looksLikeID reports whether s, of an id's length, is an id with at most
// two characters wrong: someone meant an id, it is not a search.
func looksLikeID(s string, dashed bool) bool {
	wrong := 0
	for i := 0; i < len(s); i++ {
		wantDash := isDashAt(i, dashed)
		if wantDash != (s[i] == '-') || (!wantDash && !isHex(s[i])) {
			wrong++
		}
	}
	return wrong <= 2
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// IDPrefix reads text that may be the start of an id (a truncated paste):
// at least 8 characters, hexadecimal digits with dashes only where an id
// has them. It returns the prefix in lower case, and whether text is one.
// A whole id is not a prefix: ParseID reads it.
func IDPrefix(text string) (string, bool) {
	body, _ := unwrapID(strings.TrimSpace(text))
	s := strings.ToLower(strings.TrimPrefix(body, "{"))
	if len(s) < 8 || len(s) >= 36 {
		return "", false
	}
	if badIDChar(s, true) >= 0 {
		return "", false
	}
	return s, true
}

// HasIDPrefix reports whether id starts with prefix, ignoring case.
func HasIDPrefix(id, prefix string) bool {
	return len(id) >= len(prefix) && strings.EqualFold(id[:len(prefix)], prefix)
}

// SameID reports whether two ids name the same record: ids compare
// without regard to case.
func SameID(a, b string) bool { return strings.EqualFold(a, b) }
