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
// someone else also changed meanwhile, and lets them choose. Each value
// shows in full: the three side by side when they fit, else one under the
// other, wrapped; what theirs and yours changed from what was is marked
// (a caret line under it, with or without colour). The screen scrolls
// when it is taller than the room.
type conflictScreen struct {
	s       *session
	rec     *record
	home    screen // where the edit started: the contact screen
	beneath string // the screen esc goes back to, by name (see beneathForm)
	ks      conflictKeys
	result  edit.Result
	title   string
	offset  int // the first line on screen
	lines   []string
	width   int
	height  int
}

func newConflictScreen(s *session, rec *record, home screen, beneath string, r edit.Result, title string) *conflictScreen {
	return &conflictScreen{s: s, rec: rec, home: home, ks: conflictKeyMap, result: r, title: title, width: 80, height: 20}
}

func (m *conflictScreen) setSize(w, h int) {
	m.width, m.height = w, max(h, 1)
	m.lines = nil
}
func (m *conflictScreen) typing() bool               { return false }
func (m *conflictScreen) crumb() string              { return m.rec.name() + " › conflict" }
func (m *conflictScreen) activate() tea.Cmd          { return nil }
func (m *conflictScreen) pending() (edit.Edit, bool) { return m.result.Edit, true }

func (m *conflictScreen) keys() help.KeyMap { return m.keyMap() }

// keyMap is the choices, and the scroll keys when the screen is taller
// than the room.
func (m *conflictScreen) keyMap() conflictKeys {
	k := m.ks
	scrolls := len(m.render()) > m.height
	k.Up.SetEnabled(scrolls)
	k.Down.SetEnabled(scrolls)
	return k
}

func (m *conflictScreen) update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := m.keyMap()
	e := m.result.Edit
	fresh := m.result.Fresh
	var conflicted []string
	for _, c := range m.result.Conflicts {
		conflicted = append(conflicted, c.Field)
	}
	switch {
	case key.Matches(km, k.Theirs):
		// Drop my values for the contested fields; keep any other change.
		rest := e.Without(conflicted...).Rebase(fresh)
		if len(rest.Changes()) == 0 {
			return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), m.s.backTo(m.home, status{kind: statusInfo, text: keptTheirsWords}))
		}
		return m.s.replace(newReviewScreen(m.s, m.rec, m.home, m.beneath, rest, m.title))
	case key.Matches(km, k.Mine):
		// Overwrite knowingly: the next check compares against what I saw.
		return m.s.replace(newReviewScreen(m.s, m.rec, m.home, m.beneath, e.Rebase(fresh), m.title))
	case key.Matches(km, k.Reopen):
		next := e.Rebase(fresh)
		return m.s.backToThen(m.home, newFormScreen(m.s, m.rec, m.home, next, next.Overlay(fresh), m.title))
	case key.Matches(km, k.Back):
		return m.s.backTo(m.home, status{kind: statusInfo, text: conflictLeftWords})
	case key.Matches(km, k.Up):
		m.offset--
	case key.Matches(km, k.Down):
		m.offset++
	}
	return nil
}

func (m *conflictScreen) view() string {
	lines := m.render()
	m.offset = min(max(m.offset, 0), max(len(lines)-m.height, 0))
	return strings.Join(lines[m.offset:min(m.offset+m.height, len(lines))], "\n")
}

// render lays the screen out for the width, once per width.
func (m *conflictScreen) render() []string {
	if m.lines != nil {
		return m.lines
	}
	t := m.s.theme
	w := max(m.width, 20)
	var out []string
	out = append(out, wrapLines("Someone else changed this "+string(m.result.Edit.Kind)+" while you were editing.", w, "")...)
	out = styleLines(t.Bad, out)
	out = append(out, styleLines(t.Subtle, wrapLines("Nothing was sent (the edit of "+sanitize.Text(m.title)+").", w, ""))...)
	out = append(out, styleLines(t.Subtle, wrapLines("was: when you started · theirs: on the server now · yours: your edit. ^ marks what changed from was.", w, ""))...)
	out = append(out, "")
	out = append(out, m.valuesView(w)...)
	if len(m.result.Others) > 0 {
		var names []string
		for _, o := range m.result.Others {
			names = append(names, o.Field)
		}
		out = append(out, "")
		out = append(out, styleLines(t.Subtle, wrapLines("Also changed by them, not by you: "+strings.Join(names, ", "), w, ""))...)
	}
	out = append(out, "")
	k := m.ks
	for _, c := range []struct {
		b    key.Binding
		more string
	}{
		{k.Theirs, "drop your value for these fields"},
		{k.Mine, "review, then overwrite theirs"},
		{k.Reopen, "their values now, with your edits on top"},
	} {
		h := c.b.Help()
		line := wrapLines(h.Key+" "+h.Desc+": "+c.more, w, strings.Repeat(" ", widthOf(h.Key)+1))
		out = append(out, styleLines(t.Subtle, line)...)
	}
	m.lines = out
	return out
}

// valuesView shows each conflicting field's three values: as a table when
// every value fits its column, else stacked.
func (m *conflictScreen) valuesView(w int) []string {
	t := m.s.theme
	type row struct {
		field                     string
		was, theirs, yours        string
		theirsFrom, theirsTo      int
		yoursFrom, yoursTo, width int
	}
	var rows []row
	fieldW, valW := len("field"), 0
	for _, c := range m.result.Conflicts {
		r := row{field: c.Field, was: sanitize.Text(valueText(c.Was)), theirs: sanitize.Text(valueText(c.Theirs)), yours: sanitize.Text(valueText(c.Yours))}
		r.theirsFrom, r.theirsTo = diffSpan(r.was, r.theirs)
		r.yoursFrom, r.yoursTo = diffSpan(r.was, r.yours)
		fieldW = max(fieldW, sanitize.Width(r.field))
		valW = max(valW, sanitize.Width(r.was), sanitize.Width(r.theirs), sanitize.Width(r.yours), len("theirs (now)"))
		rows = append(rows, r)
	}
	var out []string
	if 2+fieldW+3*(3+valW) <= w { // side by side
		out = append(out, t.Subtle.Render(strings.TrimRight("  "+padRight("field", fieldW)+" │ "+padRight("was", valW)+" │ "+padRight("theirs (now)", valW)+" │ yours", " ")))
		for _, r := range rows {
			cells := [][]string{
				{padRight(r.field, fieldW)},
				padBlock(t.markedLines(r.was, 0, 0, valW), valW),
				padBlock(t.markedLines(r.theirs, r.theirsFrom, r.theirsTo, valW), valW),
				padBlock(t.markedLines(r.yours, r.yoursFrom, r.yoursTo, valW), valW),
			}
			for _, l := range joinBlocks(cells, " │ ") {
				out = append(out, "  "+l)
			}
		}
		return out
	}
	const labelW = 8 // "theirs  "
	for i, r := range rows {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, "  "+t.Label.Render(r.field))
		for _, v := range []struct {
			label    string
			text     string
			from, to int
		}{{"was", r.was, 0, 0}, {"theirs", r.theirs, r.theirsFrom, r.theirsTo}, {"yours", r.yours, r.yoursFrom, r.yoursTo}} {
			for j, l := range t.markedLines(v.text, v.from, v.to, w-4-labelW) {
				label := strings.Repeat(" ", labelW)
				if j == 0 {
					label = padRight(v.label, labelW)
				}
				out = append(out, "    "+t.Subtle.Render(label)+l)
			}
		}
	}
	return out
}
