package sanitize

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{`C:\path`, 7},
		{"Zoë Ålander", 11},
		{"山田 太郎", 9},
		{"👩‍💻 dev", 6},
		{"e\u0301", 1},
		{"e\u0301e\u0301", 2},
		{"\U0001F1EF\U0001F1F5", 2},
		{"👍🏽", 2},
		{"a\u200cb", 2},
		{`\x1b[2J`, 7},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
		if got, lg := Width(tt.in), ansi.StringWidth(tt.in); got != lg {
			t.Errorf("Width(%q) = %d, ansi.StringWidth = %d", tt.in, got, lg)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"hello world", 5, "hell…"},
		{"hello", 5, "hello"},
		{"hello", 6, "hello"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"", 0, ""},
		{"", 3, ""},
		{"山田太郎", 8, "山田太郎"},
		{"山田太郎", 7, "山田太…"},
		{"山田太郎", 5, "山田…"},
		{"山田太郎", 4, "山…"},
		{"山田太郎", 2, "…"},
		{"山田太郎", 1, "…"},
		{"👩‍💻👩‍💻", 4, "👩‍💻👩‍💻"},
		{"👩‍💻👩‍💻", 3, "👩‍💻…"},
		{"👩‍💻👩‍💻", 2, "…"},
		{"\U0001F1EF\U0001F1F5\U0001F1EB\U0001F1F7", 3, "\U0001F1EF\U0001F1F5…"},
		{"e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301e\u0301"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"ae\u0301bc", 3, "ae\u0301…"},
		{"Zoë Ålander", 4, "Zoë…"},
		{`\x1b[2J`, 4, `\x1…`},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if w := ansi.StringWidth(got); w > max(tt.width, 0) {
			t.Errorf("Truncate(%q, %d) = %q is %d columns", tt.in, tt.width, got, w)
		}
	}
}

func TestFit(t *testing.T) {
	if got, want := Fit("\x1b]52;c;aGVsbG8=\x07", 10), `\x1b]52;c…`; got != want {
		t.Errorf("Fit = %q, want %q", got, want)
	}
	if got, want := Fit("a\tb\r\n", 10), `a b\r\n`; got != want {
		t.Errorf("Fit = %q, want %q", got, want)
	}
}

// TestColumnAlignment pads fitted cells the way a table renderer would and
// checks every row comes out the same width, by our measure and lipgloss's.
func TestColumnAlignment(t *testing.T) {
	names := []string{
		"Zoë Ålander", "山田 太郎", "👩‍💻 dev", "José\u0301 Gar\u0303cia",
		"\U0001F1EF\U0001F1F5 Tanaka Hanako-san", "\u202eevil\x1b[2J", "Ada",
	}
	const col = 10
	var rows []string
	for _, n := range names {
		cell := Fit(n, col)
		rows = append(rows, "|"+cell+strings.Repeat(" ", col-Width(cell))+"|")
	}
	for _, r := range rows {
		if w := ansi.StringWidth(r); w != col+2 {
			t.Errorf("row %q is %d columns, want %d", r, w, col+2)
		}
	}
}
