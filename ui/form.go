package ui

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// formScreen edits one record (a contact or an address) in a huh form built
// from the record's schema, so both kinds share one form.
type formScreen struct {
	s      *session
	keys   formKeys
	edit   edit.Edit  // Base and the fields touched before this form opened
	values api.Values // what the form showed when it opened
	title  string

	// text holds each text or select widget's value; initial what it
	// started with. A field whose widget still holds its initial string is
	// untouched: its value is never taken from the widget, which cannot
	// hold every raw value exactly (control characters, say).
	text    map[string]*string
	initial map[string]string
	list    *[]string
	listAt  []string
	form    *huh.Form
	// hinted inputs show a hint under their title (a country's name),
	// refreshed on the UI goroutine after each key (huh's DescriptionFunc
	// would read the bound value from a command's goroutine).
	hinted []hinted

	leaving bool // asking "discard your changes?"
	// huh moves between fields through a command, so keys typed right
	// after tab (a fast typist, a paste, an SSH packet holding several
	// keys) would land in the field being left. Keys are held back while a
	// move is pending and replayed, in order, once it is done.
	navPending bool
	held       []tea.KeyMsg
	// shown caches huh's view until a message reaches the form: messages
	// that do not (a stale autosave tick) cost no re-render.
	shown       string
	shownValid  bool
	autosaveSeq int
	width       int
	height      int
}

// formLabelWidth aligns the inline inputs.
const formLabelWidth = 16

// formSubmittedMsg: huh finished the last field.
type formSubmittedMsg struct{}

func newFormScreen(s *session, e edit.Edit, values api.Values, title string, w, h int) *formScreen {
	m := &formScreen{s: s, keys: formKeyMap, edit: e, values: values, title: title, text: map[string]*string{}, initial: map[string]string{}, width: w, height: h}
	if m.edit.After == nil {
		m.edit.After = api.Values{}
	}
	schema := e.Schema()
	fields := []huh.Field{huh.NewNote().Title(m.noteTitle()).Description(m.noteText())}
	for _, f := range schema.Fields {
		fields = append(fields, m.field(f, values[f.Name]))
	}
	m.form = huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(s.theme.Form).
		WithShowHelp(false).
		WithShowErrors(false). // shown in the status line, which is always on screen
		WithWidth(min(w, 100)).
		WithHeight(max(h, 5))
	m.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	m.form.CancelCmd = nil
	return m
}

func (m *formScreen) noteTitle() string {
	return "Edit " + string(m.edit.Kind) + ": " + sanitize.Fit(m.title, 60)
}

func (m *formScreen) noteText() string {
	if m.edit.Kind == api.KindContact {
		return "The customer cannot be changed. An emptied phone or external id is sent as null."
	}
	return "Linked to contact " + api.ShortID(m.edit.ContactID) + " (not edited here). Emptied optional fields are sent as null."
}

// field builds the widget for one schema field.
func (m *formScreen) field(f api.Field, v api.Value) huh.Field {
	title := f.Label
	if f.Required {
		title += " *"
	}
	title = padRight(title, formLabelWidth)
	switch {
	case f.Type == api.TypeList:
		sel := v.Items()
		m.list = &sel
		m.listAt = slices.Clone(sel)
		opts := make([]huh.Option[string], len(f.Choices))
		for i, c := range f.Choices {
			opts[i] = huh.NewOption(c, c)
		}
		// Options before Value: huh then keeps the list scrolled to the top
		// (the other way round it scrolls to the first selected role, hiding
		// the ones above).
		return huh.NewMultiSelect[string]().Key(f.Name).Title(title).Options(opts...).Value(m.list)
	case len(f.Choices) > 0:
		s := v.Str()
		m.text[f.Name], m.initial[f.Name] = &s, s
		choices := f.Choices
		if s != "" && !slices.Contains(choices, s) {
			choices = append([]string{s}, choices...) // keep an unexpected server value selectable
		}
		opts := make([]huh.Option[string], len(choices))
		for i, c := range choices {
			opts[i] = huh.NewOption(sanitize.Text(c), c)
		}
		return huh.NewSelect[string]().Key(f.Name).Title(title).Value(m.text[f.Name]).Options(opts...).Inline(true)
	}
	s := ""
	if !v.IsNull() {
		s = sanitize.Text(v.Str())
	}
	m.text[f.Name], m.initial[f.Name] = &s, s
	in := huh.NewInput().Key(f.Name).Title(title).Value(m.text[f.Name]).Inline(true).Prompt(": ").
		Validate(func(string) error { return m.check(f) })
	if f.Nullable() {
		in = in.Placeholder("empty = null")
	}
	if f.Hint != nil { // the hint (the country's name) reads best on its own line
		in = in.Inline(false).Title(strings.TrimSpace(title))
		m.hinted = append(m.hinted, hinted{field: f, input: in})
		m.refreshHint(m.hinted[len(m.hinted)-1])
	}
	return in
}

// hinted is an input whose description follows its value.
type hinted struct {
	field api.Field
	input *huh.Input
	shown string
}

func (m *formScreen) refreshHint(h hinted) {
	hint := h.field.Hint(strings.ToUpper(strings.TrimSpace(*m.text[h.field.Name])))
	if hint == "" {
		hint = "two-letter ISO country code, e.g. FR"
	}
	if hint != h.shown {
		h.input.Description(hint)
		for i := range m.hinted {
			if m.hinted[i].input == h.input {
				m.hinted[i].shown = hint
			}
		}
	}
}

// check validates a touched field as the API would.
func (m *formScreen) check(f api.Field) error {
	v, touched := m.valueOf(f)
	if !touched {
		return nil
	}
	if err := f.Validate(v); err != nil {
		var fe *api.FieldError
		if errors.As(err, &fe) {
			return plainError(f.Label + ": " + fe.Problem)
		}
		return err
	}
	return nil
}

// valueOf returns a field's value and whether the person touched it (in
// this form or before it opened).
func (m *formScreen) valueOf(f api.Field) (api.Value, bool) {
	pre, wasTouched := m.edit.After[f.Name]
	if f.Type == api.TypeList {
		if sameSet(*m.list, m.listAt) {
			return pre, wasTouched
		}
		var ordered []string
		for _, c := range f.Choices { // the API's order, whatever the clicking order
			if slices.Contains(*m.list, c) {
				ordered = append(ordered, c)
			}
		}
		return api.List(ordered...), true
	}
	cur := *m.text[f.Name]
	if cur == m.initial[f.Name] {
		return pre, wasTouched
	}
	s := strings.TrimSpace(cur)
	if f.Format != nil && f.Hint != nil { // country codes are written in capitals
		s = strings.ToUpper(s)
	}
	if s == "" && f.Nullable() {
		return api.Null(), true
	}
	return api.String(s), true
}

// current returns the edit as the form stands.
func (m *formScreen) current() edit.Edit {
	e := m.edit
	e.After = api.Values{}
	for _, f := range e.Schema().Fields {
		if v, touched := m.valueOf(f); touched {
			e.After[f.Name] = v
		}
	}
	return e
}

func (m *formScreen) dirty() bool { return len(m.current().Changes()) > 0 }

func (m *formScreen) ShortHelp() []key.Binding {
	if m.leaving {
		return confirmKeyMap.ShortHelp()
	}
	return m.keys.ShortHelp()
}

func (m *formScreen) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

func (m *formScreen) init() tea.Cmd { return m.form.Init() }

func (m *formScreen) setSize(w, h int) {
	m.width, m.height = w, h
	m.shownValid = false
	m.form = m.form.WithWidth(min(w, 100)).WithHeight(max(h, 5))
}

func (m *formScreen) update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(cursor.BlinkMsg); ok {
		// huh's inputs blink their cursor, redrawing the field twice a
		// second; dropped here, the cursor stays on and an idle form
		// writes nothing (over a thin SSH link that matters).
		return nil
	}
	if _, ok := msg.(autosaveDueMsg); !ok {
		m.shownValid = false
	}
	switch msg := msg.(type) {
	case formSubmittedMsg:
		return m.submit()
	case autosaveDueMsg:
		if msg.seq != m.autosaveSeq || m.s.Writer == nil {
			return nil
		}
		return writeDraft(m.s.Writer, m.current())
	case tea.KeyMsg:
		if m.navPending {
			m.held = append(m.held, msg)
			return nil
		}
		if m.leaving {
			switch {
			case key.Matches(msg, confirmKeyMap.Yes):
				return tea.Batch(discardDraft(m.s.Writer, m.edit.Kind, m.edit.ID), navigate(editAbandonedMsg{status: "Changes discarded."}))
			case key.Matches(msg, confirmKeyMap.No):
				m.leaving = false
			}
			return nil
		}
		switch {
		case key.Matches(msg, m.keys.Cancel):
			if m.dirty() {
				m.leaving = true
				return nil
			}
			return tea.Batch(discardDraft(m.s.Writer, m.edit.Kind, m.edit.ID), navigate(editAbandonedMsg{}))
		case key.Matches(msg, m.keys.Submit):
			return m.submit()
		}
	}
	_, cmd := m.form.Update(msg)
	for _, h := range m.hinted {
		m.refreshHint(h)
	}
	if isHuhMove(msg) {
		m.navPending = false
		cmds := []tea.Cmd{cmd}
		for len(m.held) > 0 && !m.navPending {
			k := m.held[0]
			m.held = m.held[1:]
			cmds = append(cmds, m.update(k))
		}
		return tea.Batch(cmds...)
	}
	if km, ok := msg.(tea.KeyMsg); ok && isMoveKey(km) && m.form.State == huh.StateNormal && m.form.GetFocusedField().Error() == nil {
		m.navPending = true
	}
	if errs := m.form.Errors(); len(errs) > 0 {
		cmd = tea.Batch(cmd, setStatus(statusError, sanitize.Text(errs[0].Error())+" (fix it to move on)"))
	}
	if _, ok := msg.(tea.KeyMsg); ok {
		m.autosaveSeq++
		seq := m.autosaveSeq
		cmd = tea.Batch(cmd, tea.Tick(m.s.AutosaveDelay, func(time.Time) tea.Msg { return autosaveDueMsg{seq: seq} }))
	}
	return cmd
}

// submit checks every touched field and moves on to the review, or back to
// the view when nothing changed.
func (m *formScreen) submit() tea.Cmd {
	e := m.current()
	for _, f := range e.Schema().Fields {
		if err := m.check(f); err != nil {
			m.rebuild(e)
			return setStatus(statusError, sanitize.Text(err.Error()))
		}
	}
	if len(e.Changes()) == 0 {
		return tea.Batch(discardDraft(m.s.Writer, e.Kind, e.ID), navigate(editAbandonedMsg{status: "Nothing to save: no field was changed."}))
	}
	m.rebuild(e)
	return navigate(reviewEditMsg{edit: e, title: m.title})
}

// rebuild replaces a finished huh form with a fresh one holding the same
// edits, so the person can come back to it.
func (m *formScreen) rebuild(e edit.Edit) {
	if m.form.State == huh.StateNormal {
		return
	}
	*m = *newFormScreen(m.s, e, e.Overlay(m.values), m.title, m.width, m.height)
}

func (m *formScreen) view() string {
	if !m.shownValid {
		m.shown, m.shownValid = m.form.View(), true
	}
	return m.shown
}

// isMoveKey reports whether huh answers k by moving to another field.
func isMoveKey(k tea.KeyMsg) bool {
	switch k.Type {
	case tea.KeyTab, tea.KeyShiftTab, tea.KeyEnter:
		return true
	}
	return false
}

// isHuhMove reports whether msg is huh's own "move to the next/previous
// field or group" message (unexported types, recognised by name).
func isHuhMove(msg tea.Msg) bool {
	if msg == nil {
		return false
	}
	switch reflect.TypeOf(msg).String() {
	case "huh.nextFieldMsg", "huh.prevFieldMsg", "huh.nextGroupMsg", "huh.prevGroupMsg":
		return true
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
