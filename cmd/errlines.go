package cmd

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/sanitize"
)

// ErrorWidth is the most columns an error message takes: errors are read
// in 80-column terminals and SSH sessions.
const ErrorWidth = 80

// ErrorLines is how an error is printed: "qwoty-contacts: " and the
// message, sanitized (a server's control characters stay out, the
// message's own line breaks stay in), each line wrapped to width at spaces,
// never cut. A line's own indent is kept, and its continuation lines go
// two columns further in.
func ErrorLines(err error, width int) []string {
	var out []string
	for i, line := range strings.Split(err.Error(), "\n") {
		if i == 0 {
			line = "qwoty-contacts: " + line
		}
		line = sanitize.Text(line)
		body := strings.TrimLeft(line, " ")
		lead := line[:len(line)-len(body)]
		if width-len(lead) < 20 { // WrapLines' narrowest: the indent goes first
			lead = ""
		}
		wrapped := sanitize.WrapLines(body, width-len(lead), "  ")
		for _, l := range wrapped {
			out = append(out, lead+l)
		}
	}
	return out
}
