package cmd

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// IO is where commands read and write, so tests can capture it.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
}

// StdIO returns the process's standard streams.
func StdIO() *IO { return &IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv} }

// Printf writes to standard output.
func (s *IO) Printf(format string, args ...any) { fmt.Fprintf(s.Out, format, args...) }

// Errorf writes to standard error.
func (s *IO) Errorf(format string, args ...any) { fmt.Fprintf(s.Err, format, args...) }

func (s *IO) getenv(k string) string {
	if s.Getenv == nil {
		return os.Getenv(k)
	}
	return s.Getenv(k)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// OutIsTerminal reports whether standard output is a terminal.
func (s *IO) OutIsTerminal() bool { return isTerminal(s.Out) }

// InIsTerminal reports whether standard input is a terminal.
func (s *IO) InIsTerminal() bool { return isTerminal(s.In) }

// Color reports whether output meant for people may carry colour: only on a
// terminal, and never with NO_COLOR.
func (s *IO) Color(w io.Writer) bool {
	return isTerminal(w) && s.getenv("NO_COLOR") == "" && s.getenv("TERM") != "dumb"
}
