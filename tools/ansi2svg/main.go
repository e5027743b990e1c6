// Command ansi2svg turns a terminal capture with SGR colours (as printed
// by tmux capture-pane -e -p) into an SVG picture of a terminal window.
//
//	tmux capture-pane -e -p -t app | go run ./tools/ansi2svg -title "qwoty-contacts" > shot.svg
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	title := flag.String("title", "", "window title")
	cols := flag.Int("cols", 100, "minimum width in columns")
	rows := flag.Int("rows", 30, "minimum height in rows")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: ansi2svg [-title T] [-cols N] [-rows N] < capture.ansi > out.svg\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansi2svg: reading the capture:", err)
		os.Exit(1)
	}
	out := SVG(Parse(string(in)), Options{Title: *title, Cols: *cols, Rows: *rows})
	if _, err := io.WriteString(os.Stdout, out); err != nil {
		fmt.Fprintln(os.Stderr, "ansi2svg:", err)
		os.Exit(1)
	}
}
