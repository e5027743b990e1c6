package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// decodeError turns a TOML decoding error into "FILE line N: what". An
// error on a token line never repeats the line: the TOML parser quotes the
// text it stumbled on, which there would be (part of) the token.
func decodeError(path string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		return fmt.Errorf("%s: %s", path, scrubTokens(msg, data))
	}
	line := pe.Position.Line
	key := valueKey(pe.LastKey)
	msg := pe.Message
	switch {
	case key == "token" || lineKey(lineOf(data, line)) == "token":
		msg = "token: " + errBadToken.Error()
	case key != "":
		msg = key + ": " + msg
	}
	return fmt.Errorf("%s line %d: %s", path, line, scrubTokens(msg, data))
}

// valueKey returns the key a parse error is about when it is a known
// setting (default_profile, or a profile key such as timeout), else "".
func valueKey(lastKey string) string {
	if lastKey == "default_profile" {
		return lastKey
	}
	parts := strings.Split(lastKey, ".")
	if len(parts) >= 3 && parts[0] == "profiles" && slices.Contains(profileKeys, parts[len(parts)-1]) {
		return parts[len(parts)-1]
	}
	return ""
}

// lineOf returns line n (1-based) of data, or "".
func lineOf(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// lineKey returns the last part of the key a "key = value" line sets
// (token for both token = … and prod.token = …), or "".
func lineKey(line string) string {
	k, _, ok := strings.Cut(line, "=")
	if !ok {
		return ""
	}
	k = strings.TrimSpace(k)
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = strings.TrimSpace(k[i+1:])
	}
	return strings.Trim(k, `"'`)
}

// scrubTokens is a last guard: if msg holds eight or more characters in a
// row from the value of any token line of data, it is replaced whole.
func scrubTokens(msg string, data []byte) string {
	const window = 8
	for _, line := range strings.Split(string(data), "\n") {
		if lineKey(line) != "token" {
			continue
		}
		_, v, _ := strings.Cut(line, "=")
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		for i := 0; i+window <= len(v); i++ {
			if strings.Contains(msg, v[i:i+window]) {
				return "a token value is not valid TOML: write it in double quotes: token = \"qwoty_…\""
			}
		}
	}
	return msg
}
