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

// wrapLines wraps plain text to w columns with a hanging indent: see
// sanitize.WrapLines.
func wrapLines(s string, w int, indent string) []string { return sanitize.WrapLines(s, w, indent) }

// styleLines paints each line with st (a style never spans lines, so a
// line can be cut or moved without bleeding colour).
func styleLines(st lipgloss.Style, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = st.Render(l)
	}
	return out
}

// wrapStyled wraps plain text to w columns and paints each line with st.
func wrapStyled(st lipgloss.Style, s string, w int) string {
	return strings.Join(styleLines(st, wrapLines(s, w, "")), "\n")
}
