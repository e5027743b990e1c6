package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// conflictScreen shows, field by field, what the person changed that
// someone else also changed meanwhile, and lets them choose.
type conflictScreen struct {
	s      *session
	rec    *record
	home   screen // where the edit started: the contact screen
	ks     conflictKeys
	result edit.Result
	title  string
	width  int
}

func newConflictScreen(s *session, rec *record, home screen, r edit.Result, title string) *conflictScreen {
	return &conflictScreen{s: s, rec: rec, home: home, ks: conflictKeyMap, result: r, title: title, width: 80}
}

func (m *conflictScreen) keys() help.KeyMap          { return m.ks }
func (m *conflictScreen) setSize(w, _ int)           { m.width = w }
func (m *conflictScreen) typing() bool               { return false }
func (m *conflictScreen) crumb() string              { return m.rec.name() + " › conflict" }
func (m *conflictScreen) activate() tea.Cmd          { return nil }
func (m *conflictScreen) pending() (edit.Edit, bool) { return m.result.Edit, true }

func (m *conflictScreen) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	e := m.result.Edit
	fresh := m.result.Fresh
	var conflicted []string
	for _, c := range m.result.Conflicts {
		conflicted = append(conflicted, c.Field)
	}
	switch {
	case key.Matches(km, m.ks.Theirs):
		// Drop my values for the contested fields; keep any other change.
		rest := e.Without(conflicted...).Rebase(fresh)
		if len(rest.Changes()) == 0 {
			return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), m.s.backTo(m.home, status{kind: statusInfo, text: keptTheirsWords}))
		}
		return m.s.replace(newReviewScreen(m.s, m.rec, m.home, rest, m.title))
	case key.Matches(km, m.ks.Mine):
		// Overwrite knowingly: the next check compares against what I saw.
		return m.s.replace(newReviewScreen(m.s, m.rec, m.home, e.Rebase(fresh), m.title))
	case key.Matches(km, m.ks.Reopen):
		next := e.Rebase(fresh)
		return m.s.backToThen(m.home, newFormScreen(m.s, m.rec, m.home, next, next.Overlay(fresh), m.title))
	case key.Matches(km, m.ks.Back):
		return m.s.backTo(m.home, status{kind: statusInfo, text: conflictLeftWords})
	}
	return nil
}

func (m *conflictScreen) view() string {
	t := m.s.theme
	w := max(m.width, 20)
	var b strings.Builder
	b.WriteString(t.Bad.Render("Someone else changed this "+string(m.result.Edit.Kind)+" while you were editing") + "\n")
	b.WriteString(t.Subtle.Render(sanitize.Truncate("Nothing was sent. "+sanitize.Text(m.title), w)) + "\n\n")

	header := []string{"field", "was", "theirs (now)", "yours"}
	rows := [][]string{header}
	for _, c := range m.result.Conflicts {
		rows = append(rows, []string{c.Field, valueText(c.Was), valueText(c.Theirs), valueText(c.Yours)})
	}
	b.WriteString(m.table(rows, w))
	if len(m.result.Others) > 0 {
		var names []string
		for _, o := range m.result.Others {
			names = append(names, o.Field)
		}
		b.WriteString("\n" + t.Subtle.Render(sanitize.Truncate("Also changed by them, not by you: "+strings.Join(names, ", "), w)) + "\n")
	}
	b.WriteString("\n" + t.Value.Render("t") + t.Subtle.Render(" keep theirs (drop your value for these fields)") + "\n")
	b.WriteString(t.Value.Render("m") + t.Subtle.Render(" keep mine (review, then overwrite theirs)") + "\n")
	b.WriteString(t.Value.Render("f") + t.Subtle.Render(" edit again on their fresh copy, with your edits re-applied") + "\n")
	return b.String()
}

// table renders rows in aligned columns that fit the width.
func (m *conflictScreen) table(rows [][]string, w int) string {
	t := m.s.theme
	fieldW := 0
	for _, r := range rows {
		fieldW = max(fieldW, len(r[0]))
	}
	colW := max((w-fieldW-2-3*3)/3, 6)
	var b strings.Builder
	for i, r := range rows {
		cells := []string{padRight(r[0], fieldW)}
		for _, c := range r[1:] {
			cells = append(cells, padRight(sanitize.Truncate(c, colW), colW))
		}
		line := "  " + strings.Join(cells, " │ ")
		if i == 0 {
			line = t.Subtle.Render(line)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}
