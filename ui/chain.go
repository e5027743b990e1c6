package ui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// chain is the one place commands are wrapped. Every command the app
// returns runs inside each layer (the crash guard's recovery first, then
// any the program adds, such as a server counting the commands under way),
// and so does every command inside a tea.Batch or a tea.Sequence it
// returns, at any depth: a save-the-draft-then-quit sequence is guarded
// like the rest.
type chain []func(tea.Cmd) tea.Cmd

// sequenceType is the type of the message tea.Sequence's command returns
// (unexported by Bubble Tea: a list of commands run in order).
var sequenceType = reflect.TypeOf(tea.Sequence(func() tea.Msg { return nil }, func() tea.Msg { return nil })())

// wrap returns cmd inside every layer; the commands it returns in a batch
// or a sequence are wrapped in turn, before it returns them.
func (c chain) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	inner := func() tea.Msg { return c.unfold(cmd()) }
	for _, layer := range c {
		inner = layer(inner)
	}
	return inner
}

// unfold wraps the commands held by a batch or a sequence message, in
// place.
func (c chain) unfold(msg tea.Msg) tea.Msg {
	if batch, ok := msg.(tea.BatchMsg); ok {
		for i := range batch {
			batch[i] = c.wrap(batch[i])
		}
		return msg
	}
	if msg == nil || reflect.TypeOf(msg) != sequenceType {
		return msg
	}
	seq := reflect.ValueOf(msg)
	for i := range seq.Len() {
		cmd, _ := seq.Index(i).Interface().(tea.Cmd)
		if wrapped := c.wrap(cmd); wrapped != nil {
			seq.Index(i).Set(reflect.ValueOf(wrapped))
		}
	}
	return msg
}
