package ui

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestTrimBlankEnd(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc   ", "abc"},
		{"abc", "abc"},
		{"", ""},
		{"   ", ""},
		// A text input: value, the cursor (a reverse-video space), padding.
		{"\x1b[38;5;252m+33 6\x1b[0m\x1b[7;38;2;139;135;255m \x1b[0m\x1b[38;5;252m      \x1b[0m ", "\x1b[38;5;252m+33 6\x1b[0m\x1b[7;38;2;139;135;255m \x1b[0m"},
		// 38;5;42 is a foreground, not the background 42.
		{"x\x1b[38;5;42m   \x1b[0m", "x\x1b[0m"},
		// A badge's padding shows: its background is on.
		{"\x1b[1;48;5;8m DEMO \x1b[0m   ", "\x1b[1;48;5;8m DEMO \x1b[0m"},
		{"\x1b[44m  \x1b[49m  ", "\x1b[44m  \x1b[0m"},
		{"a\x1b[7m \x1b[27m ", "a\x1b[7m \x1b[0m"},
		// Other sequences stay: a hyperlink's end, a cursor move.
		{"\x1b]8;;http://x\x07link\x1b]8;;\x07   ", "\x1b]8;;http://x\x07link\x1b]8;;\x07"},
		{"ab\x1b[2C  ", "ab\x1b[2C"},
		// Unfinished sequences are kept whole.
		{"ab  \x1b[38;5", "ab  \x1b[38;5"},
		{"ab  \x1b", "ab  \x1b"},
		{"é ü  ", "é ü"},
	} {
		if got := trimBlankEnd(c.in); got != c.want {
			t.Errorf("trimBlankEnd(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A line built of text, spaces, styles (foreground, background, reverse,
// resets) and other sequences: trimming keeps every cell that shows, keeps
// a prefix of the line (plus a reset), and is idempotent; without a
// background or reverse video, what is left is the text without its
// trailing spaces.
func TestTrimBlankEndProperties(t *testing.T) {
	parts := []string{"a", "é", "漢", " ", "  ", "\x1b[0m", "\x1b[m", "\x1b[1;38;5;252m", "\x1b[38;2;139;135;255m", "\x1b[38;5;42m",
		"\x1b[44m", "\x1b[48;5;8m", "\x1b[49m", "\x1b[7m", "\x1b[27m", "\x1b]8;;u\x07", "\x1b[2C"}
	r := rand.New(rand.NewPCG(15, 17))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		checkTrim(t, b.String())
	}
}

func FuzzTrimBlankEnd(f *testing.F) {
	for _, s := range []string{"abc   ", "\x1b[7m \x1b[0m  ", "\x1b[48;5;8m x \x1b[0m ", "x\x1b[38;5;42m  ", "\x1b]8;;u\x07 ", "\x1b[", "a\x1b[2C "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f }) {
			t.Skip("not what reaches a view: text is sanitized before layout (C1 controls, invalid UTF-8)")
		}
		checkTrim(t, s)
	})
}

var sgrRe = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func checkTrim(t *testing.T, s string) {
	t.Helper()
	got := trimBlankEnd(s)
	if !strings.HasPrefix(s, got) && !strings.HasPrefix(s, strings.TrimSuffix(got, "\x1b[0m")) {
		t.Fatalf("trimBlankEnd(%q) = %q: not the line's start (plus a reset)", s, got)
	}
	if again := trimBlankEnd(got); again != got {
		t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
	}
	visible, left := strings.TrimRight(ansi.Strip(s), " "), ansi.Strip(got)
	if !strings.HasPrefix(left, visible) {
		t.Fatalf("trimBlankEnd(%q) = %q lost text: %q is not under %q", s, got, visible, left)
	}
	// Styles only, none that shows a blank: nothing but the text is left.
	onlyStyles := !strings.Contains(sgrRe.ReplaceAllString(s, ""), "\x1b")
	shows := strings.Contains(s, "\x1b[4") || strings.Contains(s, "\x1b[7") || strings.Contains(s, "\x1b[10") || strings.Contains(s, "\x1b[48") || strings.Contains(s, ";4") || strings.Contains(s, ";7") || strings.Contains(s, ";10")
	if onlyStyles && !shows && left != visible {
		t.Fatalf("trimBlankEnd(%q) = %q kept blanks: %q, want %q", s, got, left, visible)
	}
}
