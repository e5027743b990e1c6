package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/qwoty/qwoty-contacts/sanitize"
)

// Layout helpers. Text reaching them is already sanitized.

func padRight(s string, w int) string {
	if n := sanitize.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}

func offsetAll(xs []int, d int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = x + d
	}
	return out
}

// joinColumns puts right beside left, left padded to leftW columns.
func joinColumns(left, right string, leftW int) string {
	l := strings.Split(strings.TrimSuffix(left, "\n"), "\n")
	r := strings.Split(strings.TrimSuffix(right, "\n"), "\n")
	n := max(len(l), len(r))
	var b strings.Builder
	for i := range n {
		var a, c string
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			c = r[i]
		}
		b.WriteString(a + strings.Repeat(" ", max(leftW-ansi.StringWidth(a), 0)) + c + "\n")
	}
	return b.String()
}

// joinBoxes puts boxes side by side, each in a column of width w.
func joinBoxes(boxes []string, w int) string {
	if len(boxes) == 1 {
		return boxes[0]
	}
	cols := make([]string, len(boxes))
	for i, b := range boxes {
		cols[i] = lipgloss.NewStyle().Width(w).Render(b)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, cols...)
}

// truncateStyled cuts a styled line to w columns.
func truncateStyled(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w-1, "") + "…"
}

// wrap wraps plain text to w columns.
func wrap(s string, w int) string {
	return ansi.Wrap(s, max(w, 10), "") // breaks words longer than a line too
}

// widthOf measures a styled string.
func widthOf(s string) int { return ansi.StringWidth(s) }
