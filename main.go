// qwoty-contacts is the terminal tool support staff use to fix a Qwoty
// customer's contact data: look a contact up, see it with its addresses,
// and change only what is wrong, safely.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"golang.org/x/term"

	"github.com/qwoty/qwoty-contacts/cmd"
	"github.com/qwoty/qwoty-contacts/config"
	"github.com/qwoty/qwoty-contacts/state"
)

// Set by the linker: -ldflags "-X main.version=v1.2.3 -X main.commit=abc".
var version, commit string

func main() { os.Exit(run()) }

func run() (code int) {
	info := cmd.Version(version, commit)
	defer func() {
		if r := recover(); r != nil {
			path := "(no crash report: the state folder is unavailable)"
			if dir, err := config.StateDir(); err == nil {
				if p, err := state.WriteCrashReport(dir, info.Version, r, debug.Stack()); err == nil {
					path = p
				}
			}
			fmt.Fprintf(os.Stderr, "qwoty-contacts stopped on an internal error. A crash report (no token, no contact data) is in %s\n", path)
			code = cmd.ExitFailure
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	io := cmd.StdIO()
	if err := cmd.NewRoot(ctx, info, io).ExecuteContext(ctx); err != nil {
		width := cmd.ErrorWidth
		if w, _, err := term.GetSize(int(os.Stderr.Fd())); err == nil && w > 0 && w < width {
			width = w // a narrower terminal
		}
		for _, line := range cmd.ErrorLines(err, width) {
			fmt.Fprintln(os.Stderr, line)
		}
		return cmd.ExitCode(err)
	}
	return cmd.ExitOK
}
