package ui

import (
	"strings"

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
