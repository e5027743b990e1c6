package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// historyScreen shows one record's history from the audit log, newest
// first: when, who, from where, why, each field before → after, and how
// it ended. Any change that reached the server can be proposed back as an
// edit restoring its before-values, through the same review, conflict
// check, reason and audit as any edit.
type historyScreen struct {
	s      *session
	rec    *record
	home   screen // the contact screen the history was opened from
	target edit.Target
	title  string
	ks     historyKeys

	started bool
	loading bool
	ops     []state.Op
	err     error

	cursor        int // the selected entry
	top           int // the first line drawn
	width, height int
}

// historyLoadedMsg: a record's history was read from the audit log.
type historyLoadedMsg struct {
	target edit.Target
	ops    []state.Op
	err    error
}

func newHistoryScreen(s *session, rec *record, home screen, t edit.Target) *historyScreen {
	return &historyScreen{s: s, rec: rec, home: home, target: t, title: rec.title(t), ks: historyKeyMap, width: 80, height: 20}
}

// loadHistory reads a record's history from the audit log (through its
// index: a few lines, whatever the log's size).
func loadHistory(w *edit.Writer, t edit.Target) tea.Cmd {
	return func() tea.Msg {
		if w == nil || w.Audit == nil {
			return historyLoadedMsg{target: t}
		}
		ops, err := w.Audit.History(t.Kind, t.ID)
		return historyLoadedMsg{target: t, ops: ops, err: err}
	}
}

func (m *historyScreen) activate() tea.Cmd {
	if m.started {
		return nil
	}
	m.started, m.loading = true, true
	return loadHistory(m.s.Writer, m.target)
}

func (m *historyScreen) setSize(w, h int)           { m.width, m.height = w, h }
func (m *historyScreen) typing() bool               { return false }
func (m *historyScreen) pending() (edit.Edit, bool) { return edit.Edit{}, false }
func (m *historyScreen) crumb() string              { return m.rec.name() + " › history" }

func (m *historyScreen) keys() help.KeyMap {
	k := m.ks
	op, ok := m.selected()
	k.Revert.SetEnabled(ok && revertable(op) && !m.s.ReadOnly)
	k.Up.SetEnabled(m.cursor > 0)
	k.Down.SetEnabled(m.cursor < len(m.ops)-1)
	return k
}

func (m *historyScreen) selected() (state.Op, bool) {
	if m.cursor < 0 || m.cursor >= len(m.ops) {
		return state.Op{}, false
	}
	return m.ops[m.cursor], true
}

func (m *historyScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.target.Kind != m.target.Kind || !strings.EqualFold(msg.target.ID, m.target.ID) {
			return nil
		}
		m.loading, m.ops, m.err = false, msg.ops, msg.err
		m.cursor = min(m.cursor, max(len(m.ops)-1, 0))
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

func (m *historyScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ks
	switch {
	case key.Matches(msg, k.Back):
		return m.s.pop()
	case key.Matches(msg, k.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(msg, k.Down):
		m.cursor = min(m.cursor+1, max(len(m.ops)-1, 0))
	case key.Matches(msg, k.Reload):
		m.loading = true
		return loadHistory(m.s.Writer, m.target)
	case key.Matches(msg, k.Revert):
		return m.revert()
	}
	return nil
}

// revertable reports whether an operation's changes reached the server,
// so there is something to restore.
func revertable(o state.Op) bool { return o.Landed() && len(o.Entry.Changes) > 0 }

// revert proposes the selected change's before-values as an edit. The copy
// on screen decides at once whether later changes touched the same fields
// (a conflict, shown field by field) or whether there is nothing left to
// restore; the write path checks again against a fresh copy before
// sending.
func (m *historyScreen) revert() tea.Cmd {
	op, ok := m.selected()
	switch {
	case !ok:
		return nil
	case m.s.ReadOnly:
		return m.s.say(statusWarn, "Read-only: this session cannot change data.")
	case !revertable(op):
		return m.s.say(statusInfo, notRevertableWords(op))
	}
	undo := edit.Undo(edit.Target{Kind: m.target.Kind, ID: m.target.ID, ContactID: m.target.ContactID}, op.Entry.Op, op.Entry.Changes)
	undo.Source = m.s.Source
	title := m.title + ", reverting the change made " + whoWhere(op.Entry) + " on " + m.s.when(op.Entry.Time)
	current, ok := m.rec.values(m.target)
	if !ok {
		return m.s.say(statusWarn, "The record is not loaded: go back, press r to reload it, then try again.")
	}
	conflicts, send, already, _ := undo.Compare(current)
	switch {
	case len(conflicts) > 0:
		r := edit.Result{Outcome: edit.Conflicted, Edit: undo, Conflicts: conflicts, Fresh: current}
		return tea.Batch(m.s.push(newConflictScreen(m.s, m.rec, m.home, beneathHistory, r, title)),
			m.s.say(statusWarn, laterChangeWords(conflicts)))
	case len(send) == 0 && len(already) > 0:
		return m.s.say(statusInfo, undoneAlreadyWords(m.target.Kind))
	}
	return m.s.push(newReviewScreen(m.s, m.rec, m.home, beneathHistory, undo, title))
}
