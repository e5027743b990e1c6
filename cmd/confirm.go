package cmd

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// confirm asks question on out and reads one answer line from in. Only
// "y" or "yes" (any case) agree; anything else, an empty line or the end
// of input refuses.
func confirm(in io.Reader, out io.Writer, question string) bool {
	fmt.Fprintf(out, "%s [y/N] ", question)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(out)
		return false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}
