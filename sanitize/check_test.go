package sanitize

import (
	"testing"
	"unicode/utf8"
)

// unsafeRune reports whether r must never appear in Text's output.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
		r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x2028 && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0xfeff
}

// checkSafe fails t unless out, the result of Text(in), is safe to print.
func checkSafe(t testing.TB, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Text(%q) = %q: invalid UTF-8", in, out)
	}
	for i, r := range out {
		if unsafeRune(r) {
			t.Fatalf("Text(%q) = %q: unsafe rune U+%04X at %d", in, out, r, i)
		}
	}
	if again := Text(out); again != out {
		t.Fatalf("Text not idempotent on %q: %q -> %q", in, out, again)
	}
}
