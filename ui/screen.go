package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
)

// screen is one screen of the app: the lookup, a contact, a form, a review,
// a conflict. The root keeps the screens on a stack and knows them only
// through this interface. Keys go to the top screen; every other message
// goes to each screen on the stack, which ignores what is not its own (a
// load it did not start, a save it did not send). A screen moves the app by
// returning a navigation message (push, pop, replace, backTo), never by
// reaching into another screen.
type screen interface {
	// update handles a message and says what to do next.
	update(msg tea.Msg) tea.Cmd
	// view draws the screen's body; the root adds the header and footer.
	view() string
	// setSize gives the screen the room between the header and the footer.
	setSize(width, height int)
	// keys returns the bindings that work now, for the help: the very
	// bindings update matches, with what is off right now disabled.
	keys() help.KeyMap
	// typing reports whether typed text goes to the screen (an input has
	// the focus): the single-letter global keys (q, ?) are then off.
	typing() bool
	// pending returns the unsaved edit the screen holds, if any.
	pending() (edit.Edit, bool)
	// crumb names where the screen is, for the header ("Jean Dupont ›
	// edit"); raw text, sanitized by the header.
	crumb() string
	// activate runs when the screen comes on top: pushed, or uncovered.
	activate() tea.Cmd
}

// navMsg moves the app: back to a screen already on the stack, then off the
// top screen, then onto a new one, then a line in the status bar; each step
// only when set.
type navMsg struct {
	to     screen  // unwind until this screen is on top
	pop    bool    // then drop the top screen
	push   screen  // then put this one on top
	status *status // then show this
}

// push puts s on top of the stack.
func push(s screen) tea.Cmd { return navigate(navMsg{push: s}) }

// pop drops the top screen, saying st in the status line when given.
func pop(st ...status) tea.Cmd { return navigate(withStatus(navMsg{pop: true}, st)) }

// replace swaps the top screen for s.
func replace(s screen) tea.Cmd { return navigate(navMsg{pop: true, push: s}) }

// backTo unwinds the stack to home (the screen an edit started from).
func backTo(home screen, st ...status) tea.Cmd {
	return navigate(withStatus(navMsg{to: home}, st))
}

// backToThen unwinds the stack to home, then pushes s.
func backToThen(home, s screen) tea.Cmd { return navigate(navMsg{to: home, push: s}) }

func withStatus(m navMsg, st []status) navMsg {
	if len(st) > 0 {
		m.status = &st[0]
	}
	return m
}

// navigate returns a command that delivers a navigation message.
func navigate(msg navMsg) tea.Cmd { return func() tea.Msg { return msg } }

// question is a yes/no question in the status line; every key answers it
// until it is answered.
type question struct {
	text string
	yes  tea.Cmd // what y does; n and esc do nothing
}

// askMsg asks a question.
type askMsg struct{ q question }

// ask returns a command asking q.
func ask(text string, yes tea.Cmd) tea.Cmd {
	return func() tea.Msg { return askMsg{question{text: text, yes: yes}} }
}
