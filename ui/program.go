package ui

import (
	"context"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/qwoty/qwoty-contacts/state"
)

// ProgramConfig says where a program runs: the app's options, and the
// terminal (the process's own, or an SSH session's).
type ProgramConfig struct {
	// Options are the app's; the builder fills in Renderer, Clipboard,
	// TermEnv and RunTmux from the terminal.
	Options Options
	// In and Out are the terminal; nil for the process's (stdin, stdout).
	In  io.Reader
	Out io.Writer
	// Env is the terminal's environment (KEY=value: TERM, COLORTERM,
	// NO_COLOR, COLORFGBG, TMUX, STY…): it sets the colours and how
	// clipboard writes are wrapped.
	Env []string
	// Session marks a program served to an SSH session: it leaves the
	// process's signals and its default renderer alone.
	Session bool
	// Context ends the program when canceled (the local terminal's
	// signals); nil for none.
	Context context.Context
	// CrashDir is where crash reports go ("" writes none); Version goes
	// into them.
	CrashDir, Version string
	// Track, when set, wraps every command in the crash guard's chain, for
	// a caller that must know which are under way (a server waiting for
	// saves before closing a session).
	Track func(tea.Cmd) tea.Cmd
	// Wrap, when set, wraps the guarded app before the program runs it (a
	// server's painter, which draws the frames itself).
	Wrap func(tea.Model) tea.Model
	// NoRenderer runs the program without Bubble Tea's renderer (and its
	// frame ticker): Wrap's model draws instead.
	NoRenderer bool
}

// Program is a running app: the Bubble Tea program, the app, and the
// crash guard around it.
type Program struct {
	*tea.Program
	App   *App
	Guard *Guard
}

// NewProgram builds the program for the local terminal and for each SSH
// session alike: the renderer and clipboard of its terminal, the app inside
// the crash guard, one chain around every command, the alternate screen and
// the frame rate.
func NewProgram(c ProgramConfig) *Program {
	out := c.Out
	if out == nil {
		out = os.Stdout
	}
	o := c.Options
	o.TermEnv = c.Env
	o.Renderer = NewRenderer(out, c.Env)
	o.Clipboard = out
	o.RunTmux = !c.Session
	if !c.Session {
		// Styles made outside the app (huh's and bubbles' defaults) use
		// the default renderer: make it this one, so nothing queries the
		// terminal.
		lipgloss.SetDefaultRenderer(o.Renderer)
	}
	app, guard := guardedApp(o, c.CrashDir, c.Version, c.Track)
	opts := []tea.ProgramOption{tea.WithoutCatchPanics()}
	if c.NoRenderer {
		opts = append(opts, tea.WithoutRenderer())
	} else {
		opts = append(opts, tea.WithAltScreen(), tea.WithFPS(FPS))
	}
	if c.In != nil {
		opts = append(opts, tea.WithInput(c.In))
	}
	if c.Out != nil {
		opts = append(opts, tea.WithOutput(c.Out))
	}
	if c.Session {
		opts = append(opts, tea.WithEnvironment(c.Env), tea.WithoutSignalHandler())
	}
	if c.Context != nil {
		opts = append(opts, tea.WithContext(c.Context))
	}
	var model tea.Model = guard
	if c.Wrap != nil {
		model = c.Wrap(guard)
	}
	p := tea.NewProgram(model, opts...)
	guard.SetProgram(p)
	return &Program{Program: p, App: app, Guard: guard}
}

// guardedApp builds the app inside its crash guard; tests run the same
// pair under teatest.
func guardedApp(o Options, crashDir, version string, track func(tea.Cmd) tea.Cmd) (*App, *Guard) {
	app := New(o)
	report := func(r any, stack []byte) string {
		if crashDir == "" {
			return ""
		}
		path, _ := state.WriteCrashReport(crashDir, version, r, stack)
		return path
	}
	var layers []func(tea.Cmd) tea.Cmd
	if track != nil {
		layers = append(layers, track)
	}
	return app, NewGuard(app, report, o.Writer, layers...)
}

// Run runs the program until it ends, then keeps any unsaved edit as a
// draft (the program may have been ended from outside: a signal, the
// terminal going away). The error is Bubble Tea's.
func (p *Program) Run() error {
	_, err := p.Program.Run()
	_, _ = p.Guard.KeepDraft()
	return err
}
