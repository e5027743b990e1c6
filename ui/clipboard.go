package ui

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// Copying, where people are, saying only what was done:
//
//	where the app runs                         what a copy does
//	local, inside tmux (TMUX set, tmux found)  tmux load-buffer -w -: tmux's buffer, and
//	                                           through tmux the terminal's clipboard
//	                                           (tmux's default set-clipboard passes it on)
//	  tmux older than 3.2 (no -w)              tmux load-buffer -: tmux's buffer only
//	  tmux not reachable                       plain OSC 52, as below
//	inside GNU screen (STY set)                OSC 52 in screen's passthrough (always on)
//	anywhere else, and every SSH session       plain OSC 52 to the terminal
//
// tmux's own passthrough (allow-passthrough) is off by default since tmux
// 3.3, so OSC 52 is never wrapped for it; from inside tmux, plain OSC 52
// reaches the terminal only with set -g set-clipboard on. A session served
// over SSH never runs tmux: a TMUX it was sent names a tmux on the
// person's machine, not on the server.

// copyHow is what a copy did.
type copyHow int

const (
	copiedToTmux      copyHow = iota // tmux load-buffer -w: tmux's buffer, offered to the terminal's clipboard
	copiedToTmuxOnly                 // tmux load-buffer without -w (tmux < 3.2): tmux's buffer
	sentOSC52                        // OSC 52 written to the terminal
	sentOSC52Screen                  // OSC 52 wrapped for GNU screen
	sentOSC52FromTmux                // plain OSC 52 from inside a tmux the app cannot reach
)

// copier copies text for one session.
type copier struct {
	out  io.Writer // the terminal, for OSC 52
	env  environ   // the terminal's environment
	tmux bool      // tmux may be run (the local terminal)
	// run runs tmux with args and text on its standard input.
	run func(ctx context.Context, env []string, text string, args ...string) error
}

// copy copies text and says how.
func (c copier) copy(ctx context.Context, text string) (copyHow, error) {
	inTmux := c.env.Getenv("TMUX") != ""
	if inTmux && c.tmux {
		env := append(os.Environ(), "TMUX="+c.env.Getenv("TMUX"))
		if c.run(ctx, env, text, "load-buffer", "-w", "-") == nil {
			return copiedToTmux, nil
		}
		if c.run(ctx, env, text, "load-buffer", "-") == nil {
			return copiedToTmuxOnly, nil
		}
	}
	seq, how := osc52.New(text), sentOSC52
	switch {
	case inTmux:
		how = sentOSC52FromTmux
	case c.env.Getenv("STY") != "":
		seq, how = seq.Screen(), sentOSC52Screen
	}
	_, err := seq.WriteTo(c.out)
	return how, err
}

// runTmux runs the tmux found on PATH.
func runTmux(ctx context.Context, env []string, text string, args ...string) error {
	path, err := exec.LookPath("tmux")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(text)
	return cmd.Run()
}

// copyToClipboard copies text (the contact id, a summary, a curl
// command), in a command: running tmux and writing to the terminal are
// I/O. what names the text for the message.
func copyToClipboard(s *session, what, text string) tea.Cmd {
	if s.Clipboard == nil {
		return nil
	}
	c := copier{out: s.Clipboard, env: environ(s.TermEnv), tmux: s.RunTmux, run: runTmux}
	ctx := s.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		how, err := c.copy(ctx, text)
		return copiedMsg{what: what, text: text, how: how, err: err}
	}
}
