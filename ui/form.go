package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// formScreen edits one record (a contact or an address): one row per field
// of the record's schema, huh widgets for the values. The form moves
// between the rows itself (tab, enter and the arrows go forward and back,
// wrapping round), so no key can leave it in a state where it stops
// answering: esc always leaves (asking first when something changed) and
// ctrl+s always goes to the review. Nothing here sends anything.
type formScreen struct {
	s    *session
	rec  *record
	home screen // where the edit started: the contact screen
	ks   formKeys
	edit edit.Edit // Base, and the fields touched before this form opened
	// values is what the form showed when it opened: the record with the
	// edit on top.
	values api.Values
	title  string

	rows  []*formRow
	focus int      // the row with the focus (an editable one, when there is any)
	shown []string // each row's view, "" until drawn again

	offset        int // the first line on screen
	autosaveSeq   int
	width, height int
}

func newFormScreen(s *session, rec *record, home screen, e edit.Edit, values api.Values, title string) *formScreen {
	m := &formScreen{s: s, rec: rec, home: home, ks: formKeyMap, edit: e, values: values, title: title, width: 80, height: 20}
	if m.edit.After == nil {
		m.edit.After = api.Values{}
	}
	for _, f := range e.Schema().Fields {
		m.rows = append(m.rows, newFormRow(f, values[f.Name], m))
	}
	for _, r := range m.rows {
		r.ready = true
	}
	m.focus = -1
	if i := m.next(-1, 1); i >= 0 {
		m.focusRow(i)
	}
	return m
}

func (m *formScreen) activate() tea.Cmd { return nil }
func (m *formScreen) typing() bool      { return true }
func (m *formScreen) crumb() string     { return m.rec.name() + " › edit" }

// pending is the edit as the form stands, when it changes something.
func (m *formScreen) pending() (edit.Edit, bool) {
	e := m.current()
	return e, len(e.Changes()) > 0
}

// keys are the form's keys as the focused field has them: on the roles,
// x or space toggles and the arrows choose a role; on a choice (the
// address type), ←/→ change it.
func (m *formScreen) keys() help.KeyMap {
	k := m.ks
	var r *formRow
	if m.focus >= 0 {
		r = m.rows[m.focus]
	}
	onList := r != nil && r.list != nil
	onChoice := r != nil && r.list == nil && len(r.field.Choices) > 0 && r.editable()
	k.Toggle.SetEnabled(onList)
	k.Choose.SetEnabled(onChoice)
	if onChoice {
		k.Choose.SetHelp("←/→", "choose "+strings.ToLower(r.field.Label))
	}
	if onList {
		k.Up.SetHelp("↑/↓", "choose role")
	}
	return k
}

func (m *formScreen) setSize(w, h int) {
	m.width, m.height = w, max(h, 5)
	for _, r := range m.rows {
		r.setWidth(w)
	}
	m.shown = nil
}

// noteTitle and noteText head the form.
func (m *formScreen) noteTitle() string {
	return "Edit " + string(m.edit.Kind) + ": " + sanitize.Text(m.title)
}

func (m *formScreen) noteText() string {
	if m.edit.Kind == api.KindContact {
		return "The customer cannot be changed. An emptied phone or external id is sent as null."
	}
	return "Linked to contact " + api.ShortID(m.edit.ContactID) + " (not edited here). Emptied optional fields are sent as null."
}

// valueOf returns a row's value and whether the person touched it (in this
// form or before it opened).
func (m *formScreen) valueOf(r *formRow) (api.Value, bool) {
	if v, ok := r.changed(); ok {
		return v, true
	}
	pre, ok := m.edit.After[r.field.Name]
	return pre, ok
}

// check validates a touched row as the API would.
func (m *formScreen) check(r *formRow) error {
	v, touched := m.valueOf(r)
	if !touched || !r.ready {
		return nil
	}
	return problem(r.field, v)
}

// current returns the edit as the form stands.
func (m *formScreen) current() edit.Edit {
	e := m.edit
	e.After = api.Values{}
	for _, r := range m.rows {
		if v, touched := m.valueOf(r); touched {
			e.After[r.field.Name] = v
		}
	}
	return e
}

func (m *formScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case autosaveDueMsg:
		if msg.seq != m.autosaveSeq || m.s.Writer == nil {
			return nil
		}
		return writeDraft(m.s.Writer, m.current())
	case reasonKeptMsg:
		if msg.target == m.edit.Target {
			m.edit.Reason = msg.reason
		}
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

func (m *formScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ks
	onList := m.focus >= 0 && m.rows[m.focus].list != nil
	switch {
	case key.Matches(msg, k.Submit):
		return m.submit()
	case key.Matches(msg, k.Cancel):
		return m.leave()
	case key.Matches(msg, k.Next), !onList && key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.Prev), !onList && key.Matches(msg, k.Up):
		return m.move(-1)
	}
	if m.focus < 0 {
		return nil
	}
	r := m.rows[m.focus]
	// The widget's own commands are not run: the form moves between fields
	// itself, and what else a widget asks for is unwanted here (a text
	// input's cursor blink timer, which would redraw an idle form over SSH;
	// its ctrl+v, which reads the clipboard of the machine the app runs on,
	// a server when served over SSH). The terminal's paste still arrives as
	// keys.
	_, _ = r.widget.Update(msg)
	r.refreshHint()
	m.shown[m.focus] = ""
	m.autosaveSeq++
	seq := m.autosaveSeq
	return tea.Tick(m.s.AutosaveDelay, func(time.Time) tea.Msg { return autosaveDueMsg{seq: seq} })
}

// move goes to the next (d=1) or previous (d=-1) editable row, wrapping
// round. Going forward from a field whose new value the API would refuse
// is refused, with the reason in the status line.
func (m *formScreen) move(d int) tea.Cmd {
	if m.focus < 0 {
		return nil
	}
	if d > 0 {
		if err := m.check(m.rows[m.focus]); err != nil {
			return m.s.say(statusError, sanitize.Text(err.Error())+" (fix it to move on)")
		}
	}
	i := m.next(m.focus, d)
	wrapped := (d > 0 && i <= m.focus) || (d < 0 && i >= m.focus)
	m.focusRow(i)
	if wrapped {
		return m.s.say(statusInfo, formWrappedWords(d > 0))
	}
	return nil
}

// next returns the editable row after (d=1) or before (d=-1) row i,
// wrapping round; -1 when no row is editable.
func (m *formScreen) next(i, d int) int {
	n := len(m.rows)
	for step := 1; step <= n; step++ {
		j := ((i+d*step)%n + n) % n
		if m.rows[j].editable() {
			return j
		}
	}
	return -1
}

// focusRow moves the focus to row i.
func (m *formScreen) focusRow(i int) {
	if m.shown == nil {
		m.shown = make([]string, len(m.rows))
	}
	if m.focus >= 0 {
		m.rows[m.focus].widget.Blur()
		m.shown[m.focus] = ""
	}
	m.focus = i
	_ = m.rows[i].widget.Focus() // the cursor's blink is not wanted
	m.shown[i] = ""
}

// leave goes back to the contact, asking first when something changed.
func (m *formScreen) leave() tea.Cmd {
	e := m.current()
	if len(e.Changes()) > 0 {
		return m.s.ask(discardQuestion, func() tea.Cmd {
			return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), m.s.backTo(m.home, status{kind: statusInfo, text: changesDiscardedWords}))
		})
	}
	return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), m.s.backTo(m.home))
}

// submit checks every touched field and moves on to the review, or back to
// the contact when nothing changed.
func (m *formScreen) submit() tea.Cmd {
	e := m.current()
	for i, r := range m.rows {
		if err := m.check(r); err != nil {
			if r.editable() {
				m.focusRow(i)
			}
			return m.s.say(statusError, sanitize.Text(err.Error()))
		}
	}
	if len(e.Changes()) == 0 {
		return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), m.s.backTo(m.home, status{kind: statusInfo, text: nothingToSaveWords}))
	}
	return m.s.push(newReviewScreen(m.s, m.rec, m.home, beneathForm, e, m.title))
}

// view draws the heading and the rows, scrolled so that the focused row is
// on screen.
func (m *formScreen) view() string {
	t := m.s.theme
	if m.shown == nil {
		m.shown = make([]string, len(m.rows))
	}
	w := m.width
	head := slices.Concat(
		styleLines(t.Form.Group.Title, wrapLines(m.noteTitle(), w, "")),
		styleLines(t.Form.Group.Description, wrapLines(m.noteText(), w, "")),
		[]string{""},
	)
	lines := slices.Clone(head)
	focusTop, focusEnd := 0, 0
	for i, r := range m.rows {
		if m.shown[i] == "" {
			m.shown[i] = m.rowView(r, w)
		}
		if i == m.focus {
			focusTop = len(lines)
		}
		lines = append(lines, strings.Split(m.shown[i], "\n")...)
		if i == m.focus {
			focusEnd = len(lines)
		}
	}
	switch {
	case focusTop < m.offset+len(head):
		m.offset = max(focusTop-len(head), 0)
	case focusEnd > m.offset+m.height:
		m.offset = focusEnd - m.height
	}
	m.offset = min(max(m.offset, 0), max(len(lines)-m.height, 0))
	return strings.Join(lines[m.offset:min(m.offset+m.height, len(lines))], "\n")
}

// rowView draws one row: its widget, or the read-only value and why.
func (m *formScreen) rowView(r *formRow, w int) string {
	t := m.s.theme
	if r.editable() {
		v := strings.TrimRight(r.widget.View(), "\n")
		if r.input != nil {
			v += "  " + t.Subtle.Render(r.hintShown)
		}
		return v
	}
	label := t.Form.Blurred.Title.Render(padRight(r.field.Label, formLabelWidth))
	indent := strings.Repeat(" ", formLabelWidth+4)
	value := strings.Join(styleLines(t.Value, wrapLines(r.readOnly, w-formLabelWidth-4, "")), "\n"+indent)
	why := styleLines(t.Warn, wrapLines("! "+r.why, w-2, "  "))
	return "  " + label + ": " + value + "\n  " + strings.Join(why, "\n  ")
}
