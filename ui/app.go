package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
)

// App is the root model. It keeps a stack of screens (the lookup at the
// bottom) and knows each only through the screen interface: keys go to the
// top one, other messages to all, and navigation messages push, pop and
// replace them. It draws the header, the status line and the help, handles
// the global keys and asks yes/no questions.
type App struct {
	s      *session
	stack  []screen
	status status
	asking *question
	full   bool // the full help is shown
	width  int
	height int
	bodyH  int // the body's height the screens were last given
}

// New returns the app, ready for tea.NewProgram (or NewProgram, which adds
// the crash guard and the terminal's settings).
func New(o Options) *App {
	s := newSession(o)
	a := &App{s: s, width: 80, height: 24}
	if o.StartNotice != "" {
		a.status = status{kind: statusInfo, text: o.StartNotice}
	}
	a.stack = []screen{newLookupScreen(s)}
	a.layout()
	return a
}

// Init starts the background work (the contact list for search, the recent
// list) and opens the contact named on the command line.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.s.listenRetries(), a.top().activate(), startChecks(a.s)}
	if a.s.OpenID != "" {
		cmds = append(cmds, a.top().update(openTextMsg{text: a.s.OpenID}), a.drain())
	}
	return tea.Batch(cmds...)
}

func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Update routes a message, then moves between screens as the screens
// asked while handling it, then gives the screens the room the status
// area and the footer now leave.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.route(msg)
	cmd = tea.Batch(cmd, a.drain())
	if a.bodyHeight() != a.bodyH {
		a.layout()
	}
	return a, cmd
}

// route hands a message to where it belongs.
func (a *App) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		return nil
	case status:
		a.status = msg
		return nil
	case retryingMsg:
		a.status = status{kind: statusWarn, text: retryWords(msg.retry)}
		return a.s.listenRetries()
	case copiedMsg:
		a.status = copiedStatus(msg)
		return nil
	case tea.KeyMsg:
		return a.key(msg)
	}
	if text := draftTroubleWords(msg); text != "" {
		a.status = status{kind: statusError, text: text}
	}
	return a.broadcast(msg)
}

// drain takes the navigation messages and questions the screens posted,
// in order.
func (a *App) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(a.s.outbox) > 0 {
		m := a.s.outbox[0]
		a.s.outbox = a.s.outbox[1:]
		switch m := m.(type) {
		case navMsg:
			cmds = append(cmds, a.navigate(m))
		case question:
			a.asking = &m
		case status:
			a.status = m
		}
	}
	return tea.Batch(cmds...)
}

// broadcast gives a message to every screen on the stack; each ignores
// what is not its own.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for _, s := range a.stack {
		cmds = append(cmds, s.update(msg))
	}
	return tea.Batch(cmds...)
}

// key handles a key: a pending question takes every key; then the global
// keys; then the top screen.
func (a *App) key(msg tea.KeyMsg) tea.Cmd {
	if a.asking != nil {
		return a.answer(msg)
	}
	g := a.globalKeys()
	switch {
	case key.Matches(msg, g.Quit):
		return a.quit()
	case key.Matches(msg, g.Help):
		a.full = !a.full
		return nil
	}
	a.status = status{} // a key press clears the last message
	return a.top().update(msg)
}

// answer takes the answer to the question on screen.
func (a *App) answer(msg tea.KeyMsg) tea.Cmd {
	q := a.asking
	switch {
	case key.Matches(msg, confirmKeyMap.Yes):
		a.asking = nil
		return q.yes()
	case key.Matches(msg, confirmKeyMap.No):
		a.asking = nil
	}
	return nil
}

// quit ends the program; with an unsaved edit it asks first, and keeps
// the edit as a draft.
func (a *App) quit() tea.Cmd {
	e, ok := a.PendingEdit()
	if !ok {
		return tea.Quit
	}
	return a.s.ask(quitQuestion, func() tea.Cmd { return saveDraftThenQuit(a.s.Writer, e) })
}

// PendingEdit returns the unsaved edit on screen, if any: the top-most one
// on the stack. Callers that end the program from outside (a signal, an SSH
// session dropping) use it to keep the edit.
func (a *App) PendingEdit() (edit.Edit, bool) {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if e, ok := a.stack[i].pending(); ok {
			return e, true
		}
	}
	return edit.Edit{}, false
}

// navigate moves between screens as msg says, then activates the top one.
func (a *App) navigate(msg navMsg) tea.Cmd {
	if msg.to != nil && a.onStack(msg.to) {
		for a.top() != msg.to {
			a.stack = a.stack[:len(a.stack)-1]
		}
	}
	if msg.pop && len(a.stack) > 1 {
		a.stack = a.stack[:len(a.stack)-1]
	}
	if msg.push != nil {
		a.stack = append(a.stack, msg.push)
	}
	if msg.status != nil {
		a.status = *msg.status
	}
	a.layout()
	return a.top().activate()
}

func (a *App) onStack(s screen) bool {
	for _, x := range a.stack {
		if x == s {
			return true
		}
	}
	return false
}

// layout gives each screen the room left by the header, the status area
// and the footer.
func (a *App) layout() {
	a.bodyH = a.bodyHeight()
	for _, s := range a.stack {
		s.setSize(a.width, a.bodyH)
	}
}

// openTextMsg asks the lookup to open what was typed or given on the
// command line (an id, or text to search).
type openTextMsg struct{ text string }
