package sanitize

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// WrapLines wraps plain text to w columns (at least 20), never cutting
// it: lines break at spaces only (not at hyphens, which ids, paths and
// command names hold), and a word longer than a line is broken where the
// line ends. Lines after the first start with indent (a hanging indent
// under a "✓ " mark).
func WrapLines(s string, w int, indent string) []string {
	w = max(w, 20)
	var out []string
	line, room := "", w
	for _, word := range strings.Split(s, " ") {
		for {
			ww := ansi.StringWidth(word)
			switch {
			case line == "" && ww <= room:
				line = word
			case line != "" && ansi.StringWidth(line)+1+ww <= room:
				line += " " + word
			case line != "":
				out = append(out, line)
				line, room = "", w-ansi.StringWidth(indent)
				continue
			default: // longer than a whole line: break it
				head := ansi.Truncate(word, room, "")
				if head == "" { // a wide character and a line of one column: it goes on its own
					head = string([]rune(word)[:1])
				}
				out = append(out, head)
				word = word[len(head):]
				room = w - ansi.StringWidth(indent)
				continue
			}
			break
		}
	}
	out = append(out, line)
	for i := 1; i < len(out); i++ {
		out[i] = indent + out[i]
	}
	return out
}
