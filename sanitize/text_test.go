package sanitize

import (
	"strings"
	"testing"
	"unsafe"
)

func TestTextHostile(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"OSC 52 clipboard write", "\x1b]52;c;aGVsbG8=\x07", `\x1b]52;c;aGVsbG8=\x07`},
		{"OSC 52 ST-terminated", "\x1b]52;c;aGVsbG8=\x1b\\", `\x1b]52;c;aGVsbG8=\x1b\`},
		{"OSC 0 title change", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", `\x1b]8;;https://evil.example\x1b\click\x1b]8;;\x1b\`},
		{"CSI clear screen", "\x1b[2J", `\x1b[2J`},
		{"CSI SGR inside name", "Bob\x1b[31m Red\x1b[0m", `Bob\x1b[31m Red\x1b[0m`},
		{"DCS", "\x1bP1$r\x1b\\", `\x1bP1$r\x1b\`},
		{"C1 CSI as rune", "\u009b31m", `\u009b31m`},
		{"C1 OSC and ST as runes", "\u009d0;t\u009c", `\u009d0;t\u009c`},
		{"C1 NEL", "a\u0085b", `a\u0085b`},
		{"raw 8-bit CSI byte", "\x9b", `\x9b`},
		{"raw 8-bit CSI in text", "ok\x9b31mred", `ok\x9b31mred`},
		{"bidi override", "\u202eevil", `\u202eevil`},
		{"bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061c", `\u2066a\u2069\u200e\u200f\u061c`},
		{"all bidi embeddings", "\u202a\u202b\u202c\u202d\u2067\u2068", `\u202a\u202b\u202c\u202d\u2067\u2068`},
		{"line and paragraph separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"BOM", "\ufeffname", `\ufeffname`},
		{"NUL", "a\x00b", `a\x00b`},
		{"CRLF", "line1\r\nline2", `line1\r\nline2`},
		{"LF only", "\n", `\n`},
		{"tab", "a\tb", "a b"},
		{"BS BEL VT FF", "\b\a\v\f", `\x08\x07\x0b\x0c`},
		{"US", "\x1f", `\x1f`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"truncated UTF-8", "caf\xc3", `caf\xc3`},
		{"UTF-8 surrogate", "\xed\xa0\x80", `\xed\xa0\x80`},
		{"overlong slash", "\xc0\xaf", `\xc0\xaf`},
		{"invalid then valid", "\xffé", `\xffé`},
		{"escape after unicode", "山\x1b[H田", `山\x1b[H田`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.IndexByte(got, 0x1b) >= 0 {
				t.Errorf("Text(%q) contains ESC", tt.in)
			}
			if again := Text(got); again != got {
				t.Errorf("Text not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestTextKeepsNormalData(t *testing.T) {
	for _, in := range []string{
		"",
		"plain ascii, punctuation !\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
		"Zoë Ålander",
		"山田 太郎",
		"👩‍💻 dev",
		"e\u0301",
		`C:\path`,
		`already \x1b[2J escaped`,
		"a\u200cb",             // ZWNJ
		"\U0001F1EF\U0001F1F5", // flag
		"👍🏽",
		"\ufffd", // a real U+FFFD is valid text
		"Ωμέγα Привет مرحبا",
	} {
		got := Text(in)
		if got != in {
			t.Errorf("Text(%q) = %q, want unchanged", in, got)
		}
		if in != "" && unsafe.StringData(got) != unsafe.StringData(in) {
			t.Errorf("Text(%q) copied clean input", in)
		}
	}
}

func TestTextNoAllocClean(t *testing.T) {
	for _, in := range []string{"Zoë Ålander", "山田 太郎", "👩‍💻 dev", "support@example.com"} {
		if n := testing.AllocsPerRun(100, func() { _ = Text(in) }); n != 0 {
			t.Errorf("Text(%q): %v allocs, want 0", in, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = Fit(in, 40) }); n != 0 {
			t.Errorf("Fit(%q, 40): %v allocs, want 0", in, n)
		}
	}
}

// TestTextEveryRune checks every code point below U+10000 and every byte.
func TestTextEveryRune(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		in := string(r)
		got := Text(in)
		if unsafeRune(r) {
			if got == in && r != '\t' {
				t.Errorf("U+%04X passed through", r)
			}
		} else if got != in {
			t.Errorf("U+%04X changed to %q", r, got)
		}
		checkSafe(t, in, got)
	}
	for c := 0x80; c <= 0xff; c++ {
		in := string([]byte{byte(c)})
		checkSafe(t, in, Text(in))
	}
}
