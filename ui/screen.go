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

// question is a yes/no question in the status line; every key answers it
// until it is answered.
type question struct {
	text string
	yes  func() tea.Cmd // what y does, when it is pressed; n and esc do nothing
}

// Screens move the app by posting navigation messages, questions and
// status lines to the session's outbox; the root takes them as soon as the message at hand is
// handled, before the next key. A key typed right after the one that opens
// a screen (a fast typist, a paste, an SSH packet holding several keys)
// so always reaches the new screen, never the one it left. Each helper
// returns a nil command, to read as the result of an update.

// post puts a navigation message, a question or a status line in the
// outbox.
func (s *session) post(m any) tea.Cmd {
	s.outbox = append(s.outbox, m)
	return nil
}

// push puts x on top of the stack.
func (s *session) push(x screen) tea.Cmd { return s.post(navMsg{push: x}) }

// pop drops the top screen, saying st in the status line when given.
func (s *session) pop(st ...status) tea.Cmd { return s.post(withStatus(navMsg{pop: true}, st)) }

// replace swaps the top screen for x.
func (s *session) replace(x screen) tea.Cmd { return s.post(navMsg{pop: true, push: x}) }

// backTo unwinds the stack to home (the screen an edit started from).
func (s *session) backTo(home screen, st ...status) tea.Cmd {
	return s.post(withStatus(navMsg{to: home}, st))
}

// backToThen unwinds the stack to home, then pushes x.
func (s *session) backToThen(home, x screen) tea.Cmd { return s.post(navMsg{to: home, push: x}) }

// say puts a line in the status bar.
func (s *session) say(kind statusKind, text string) tea.Cmd {
	return s.post(status{kind: kind, text: text})
}

// ask asks a yes/no question; yes runs only if the answer is yes.
func (s *session) ask(text string, yes func() tea.Cmd) tea.Cmd {
	return s.post(question{text: text, yes: yes})
}

func withStatus(m navMsg, st []status) navMsg {
	if len(st) > 0 {
		m.status = &st[0]
	}
	return m
}
