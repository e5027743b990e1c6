package sanitize

import "github.com/charmbracelet/x/ansi"

// ellipsis marks a cut made by Truncate; it is one column wide.
const ellipsis = "…"

// Width returns the display width (columns) of already-sanitized text.
//
// It agrees with ansi.StringWidth, which lipgloss uses for layout: wide
// characters (CJK, emoji) count 2 columns, combining marks 0.
func Width(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// Truncate cuts already-sanitized text to at most width display columns,
// ending with "…" when cut. It never splits a grapheme cluster and returns
// "" when width <= 0. Text that already fits is returned as is.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if printableASCII(s) { // one byte, one column, one cluster
		if len(s) <= width {
			return s
		}
		return s[:width-1] + ellipsis
	}
	cut, w := 0, 0 // s[:cut] is the longest prefix that leaves room for "…"
	for i := 0; i < len(s); {
		cluster, cw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if w+cw > width {
			return withEllipsis(s, cut, width)
		}
		w += cw
		i += len(cluster)
		if w <= width-1 {
			cut = i
		}
	}
	return s
}

// withEllipsis returns s[:cut]+"…", backing off further in the rare case
// where "…" joins the preceding cluster (e.g. after a Prepend character)
// and the result would measure wider than width.
func withEllipsis(s string, cut, width int) string {
	if out := s[:cut] + ellipsis; Width(out) <= width {
		return out
	}
	for limit := width - 2; limit >= 0; limit-- {
		if out := prefix(s, limit) + ellipsis; Width(out) <= width {
			return out
		}
	}
	return ellipsis
}

// prefix returns the longest cluster-aligned prefix of s at most limit
// columns wide.
func prefix(s string, limit int) string {
	cut, w := 0, 0
	for i := 0; i < len(s); {
		cluster, cw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if w+cw > limit {
			break
		}
		w += cw
		i += len(cluster)
		cut = i
	}
	return s[:cut]
}

// Fit returns s sanitized and cut to at most width columns:
// Truncate(Text(s), width).
func Fit(s string, width int) string {
	return Truncate(Text(s), width)
}

// printableASCII reports whether s consists only of bytes 0x20–0x7e.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
