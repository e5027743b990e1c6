package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// seeds are shared by both fuzz targets; testdata/fuzz holds more.
var seeds = []string{
	"", "Zoë Ålander", "山田 太郎", "👩‍💻 dev", "e\u0301", `C:\path`,
	"\x1b]52;c;aGVsbG8=\x07", "\x1b]0;pwned\x07", "\x1b[2J", "\u009b31m", "\x9b",
	"\u202eevil", "a\x00b", "line1\r\nline2", "a\tb", "a\x7fb", "\ufeffname",
	"\u0600\u200bx", "\U0001F1EF\U0001F1F5\U0001F1EB", "1\ufe0f\u20e3 keycap",
}

func FuzzText(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if strings.IndexByte(out, 0x1b) >= 0 {
			t.Fatalf("Text(%q) = %q contains ESC", s, out)
		}
		checkSafe(t, s, out) // valid UTF-8, no unsafe runes, idempotent
		if Width(out) < 0 {
			t.Fatalf("Width(Text(%q)) < 0", s)
		}
		if w, lg := Width(out), ansi.StringWidth(out); w != lg {
			t.Fatalf("Width(%q) = %d, ansi.StringWidth = %d", out, w, lg)
		}
		clean := utf8.ValidString(s)
		for _, r := range s {
			clean = clean && !unsafeRune(r)
		}
		if clean != (out == s) {
			t.Fatalf("Text(%q) = %q: clean=%v", s, out, clean)
		}
	})
}

func FuzzTruncate(f *testing.F) {
	for i, s := range seeds {
		f.Add(s, i%12)
	}
	f.Fuzz(func(t *testing.T, raw string, width int) {
		width %= 64 // keep cuts likely; negative widths stay negative
		s := Text(raw)
		out := Truncate(s, width)
		if fit := Fit(raw, width); fit != out {
			t.Fatalf("Fit(%q, %d) = %q, Truncate(Text) = %q", raw, width, fit, out)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Truncate(%q, %d) = %q: invalid UTF-8", s, width, out)
		}
		if width <= 0 {
			if out != "" {
				t.Fatalf("Truncate(%q, %d) = %q, want empty", s, width, out)
			}
			return
		}
		if w := ansi.StringWidth(out); w > width {
			t.Fatalf("Truncate(%q, %d) = %q is %d columns", s, width, out, w)
		}
		if again := Truncate(out, width); again != out {
			t.Fatalf("Truncate not idempotent: %q -> %q", out, again)
		}
		if Width(s) <= width {
			if out != s {
				t.Fatalf("Truncate(%q, %d) = %q, cut text that fits", s, width, out)
			}
			return
		}
		kept, ok := strings.CutSuffix(out, ellipsis)
		if !ok || !strings.HasPrefix(s, kept) || !clusterBoundary(s, len(kept)) {
			t.Fatalf("Truncate(%q, %d) = %q: not a cluster-aligned prefix + …", s, width, out)
		}
	})
}

// clusterBoundary reports whether byte offset n of s falls between grapheme
// clusters.
func clusterBoundary(s string, n int) bool {
	for i := 0; i < n; {
		c, _ := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		i += len(c)
		if i > n {
			return false
		}
	}
	return true
}
