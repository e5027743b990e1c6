package ui

import (
	"reflect"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// run runs a command as Bubble Tea does: batches and sequences are opened
// and each command in them run; it returns the plain messages.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg != nil && reflect.TypeOf(msg) == sequenceType {
		var out []tea.Msg
		seq := reflect.ValueOf(msg)
		for i := range seq.Len() {
			c, _ := seq.Index(i).Interface().(tea.Cmd)
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

type leafMsg int

// TestTheChainReachesEveryCommand: a layer sees each command, those
// inside batches and sequences at any depth included.
func TestTheChainReachesEveryCommand(t *testing.T) {
	var calls atomic.Int32
	count := func(cmd tea.Cmd) tea.Cmd {
		return func() tea.Msg { calls.Add(1); return cmd() }
	}
	leaf := func(n int) tea.Cmd { return func() tea.Msg { return leafMsg(n) } }
	c := chain{count}
	cmd := tea.Sequence(leaf(1), tea.Batch(leaf(2), tea.Sequence(leaf(3), leaf(4))), leaf(5))
	msgs := run(c.wrap(cmd))
	if len(msgs) != 5 {
		t.Fatalf("messages %v", msgs)
	}
	// The sequence, its 3 members, the batch's 2, the inner sequence's 2.
	if n := calls.Load(); n != 8 {
		t.Errorf("the layer ran %d times, want 8 (every command, wrapped or not)", n)
	}
}
