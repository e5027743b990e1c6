package ui

import (
	"runtime/debug"
	"slices"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
)

// Guard wraps the app so that a panic, in Update, View or a command, ends
// the program cleanly: the terminal is restored by a normal quit, any
// unsaved edit is kept as a draft, and a crash report is written. No stack
// trace and no data reach the screen. Every command the app returns goes
// through the guard's chain (chain.go), inside tea.Batch and tea.Sequence
// too.
type Guard struct {
	app    guarded
	report func(recovered any, stack []byte) string
	writer *edit.Writer
	chain  chain

	mu      sync.Mutex
	crashed string
	program *tea.Program
}

// guarded is what the guard wraps: the app, or a stand-in in tests.
type guarded interface {
	tea.Model
	PendingEdit() (edit.Edit, bool)
}

// crashedMsg: a command panicked.
type crashedMsg struct{}

// NewGuard wraps app. report writes a crash report and returns its path.
// layers wrap every command besides the guard's own recovery, outermost
// last (a server counts the commands under way with one).
func NewGuard(app guarded, report func(recovered any, stack []byte) string, w *edit.Writer, layers ...func(tea.Cmd) tea.Cmd) *Guard {
	g := &Guard{app: app, report: report, writer: w}
	g.chain = append(chain{g.recovering}, layers...)
	return g
}

// SetProgram lets the guard stop the program when View panics.
func (g *Guard) SetProgram(p *tea.Program) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.program = p
}

// CrashReport returns the crash report's path, or "" when nothing crashed.
func (g *Guard) CrashReport() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.crashed
}

// KeepDraft keeps the unsaved edit on screen as a draft, once the program
// has ended (a quit from outside, a signal, a dropped connection). After a
// crash the draft was kept already. It reports whether a draft was written.
func (g *Guard) KeepDraft() (kept bool, err error) {
	if g.CrashReport() != "" {
		return false, nil
	}
	defer func() {
		if r := recover(); r != nil { // the app may be too broken to ask
			kept, err = false, nil
		}
	}()
	e, ok := g.app.PendingEdit()
	if !ok || len(e.After) == 0 || g.writer == nil {
		return false, nil
	}
	if err := keepDraft(g.writer, e); err != nil {
		return false, err
	}
	return true, nil
}

// Init implements tea.Model.
func (g *Guard) Init() tea.Cmd { return g.chain.wrap(g.app.Init()) }

// Update implements tea.Model.
func (g *Guard) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if _, ok := msg.(crashedMsg); ok {
		return g, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash(r)
			m, cmd = g, tea.Quit
		}
	}()
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		// Bubble Tea hands every program the same rune slice for some
		// keys (space, for one), and bubbles' text input cleans a key's
		// runes in place: each program works on its own copy, or two SSH
		// sessions typing at once race on it.
		k.Runes = slices.Clone(k.Runes)
		msg = k
	}
	_, cmd = g.app.Update(msg)
	return g, g.chain.wrap(cmd)
}

// View implements tea.Model.
func (g *Guard) View() (v string) {
	if g.CrashReport() != "" {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash(r)
			g.mu.Lock()
			p := g.program
			g.mu.Unlock()
			if p != nil {
				go p.Quit()
			}
			v = ""
		}
	}()
	return g.app.View()
}

// recovering is the guard's layer of the chain: a command that panics
// ends the program through a crash report.
func (g *Guard) recovering(cmd tea.Cmd) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				g.crash(r)
				msg = crashedMsg{}
			}
		}()
		return cmd()
	}
}

// crash records the first panic: report, then the draft.
func (g *Guard) crash(r any) {
	stack := debug.Stack()
	g.mu.Lock()
	first := g.crashed == ""
	if first {
		g.crashed = "(crash report could not be written)"
	}
	g.mu.Unlock()
	if !first {
		return
	}
	path := g.report(r, stack)
	g.mu.Lock()
	if path != "" {
		g.crashed = path
	}
	g.mu.Unlock()
	func() {
		defer func() { _ = recover() }() // the app may be too broken to ask
		if e, ok := g.app.PendingEdit(); ok {
			_ = keepDraft(g.writer, e)
		}
	}()
}
