package ui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// A form row is one field of the record: a huh widget, or, for a value no
// widget can hold (one kept as the server sent it), a read-only line that
// says why. A row knows whether the person changed it: it compares what
// the widget holds with what it held when the form opened, never with the
// record's value, which the widget may not be able to hold exactly
// (U+FFFD and control characters are dropped by a text input, duplicate
// roles by a multi-select). An unchanged row keeps the record's value.

// formLabelWidth aligns the inline inputs.
const formLabelWidth = 16

// unknownRole marks a role the API does not document.
const unknownRole = " (not known to this tool)"

type formRow struct {
	field  api.Field
	widget huh.Field // nil: read-only

	readOnly string // the value as received, for a read-only row
	why      string // why the row is read-only

	text    *string // an input's or select's value
	initial string  // what it held when the form opened
	list    *[]string
	listAt  []string // the roles selected when the form opened
	options []string // the roles offered: the API's, then unknown ones from the record

	input     *huh.Input // an input with a hint after it (a country's name)
	hintShown string
	width     int // the row's width (an input with a hint leaves room for it)

	ready bool // built: validation applies
}

// editable reports whether the person can change the row.
func (r *formRow) editable() bool { return r.widget != nil }

// keyMap is huh's key map with what the form does itself taken out: the
// form moves between fields, so no widget ever moves on its own, and there
// is no filtering.
func keyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Select.Filter.SetEnabled(false)
	k.MultiSelect.Filter.SetEnabled(false)
	return k
}

// newFormRow builds the row of field f showing v.
func newFormRow(f api.Field, v api.Value, m *formScreen) *formRow {
	r := &formRow{field: f}
	if v.IsRaw() {
		r.readOnly = sanitize.Text(v.Text())
		r.why = "read-only: the server sent " + api.JSONKind(v.RawJSON()) + " (the API documents " + expectedShape(f) + "); kept as it is"
		return r
	}
	title := f.Label
	if f.Required {
		title += " *"
	}
	title = padRight(title, formLabelWidth)
	theme, km := m.s.theme.Form, keyMap()
	switch {
	case f.Type == api.TypeList:
		r.options = slices.Clone(f.Choices)
		var sel []string
		for _, item := range v.Items() {
			if !slices.Contains(r.options, item) {
				r.options = append(r.options, item)
			}
			if !slices.Contains(sel, item) {
				sel = append(sel, item)
			}
		}
		r.list, r.listAt = &sel, slices.Clone(sel)
		opts := make([]huh.Option[string], len(r.options))
		for i, c := range r.options {
			label := sanitize.Text(c)
			if !slices.Contains(f.Choices, c) {
				label += unknownRole
			}
			opts[i] = huh.NewOption(label, c)
		}
		// Options before Value: huh then keeps the list scrolled to the top.
		ms := huh.NewMultiSelect[string]().Key(f.Name).Title(title).Options(opts...).Filterable(false).Value(r.list)
		r.widget = ms.WithTheme(theme).WithKeyMap(km)
	case len(f.Choices) > 0:
		s := v.Str()
		r.text = &s
		choices := f.Choices
		if s != "" && !slices.Contains(choices, s) {
			choices = append([]string{s}, choices...) // keep an unexpected server value selectable
		}
		opts := make([]huh.Option[string], len(choices))
		for i, c := range choices {
			opts[i] = huh.NewOption(sanitize.Text(c), c)
		}
		sel := huh.NewSelect[string]().Key(f.Name).Title(title).Options(opts...).Value(r.text)
		r.widget = sel.WithTheme(theme).WithKeyMap(km)
		sel.Inline(true)
	default:
		s := ""
		if !v.IsNull() {
			s = sanitize.Text(v.Str())
		}
		r.text = &s
		in := huh.NewInput().Key(f.Name).Title(title).Value(r.text).Inline(true).Prompt(": ").
			Validate(func(string) error { return m.check(r) })
		if f.Nullable() {
			in = in.Placeholder(nullPlaceholder)
		}
		if f.Hint != nil { // the hint (the country's name) follows the input
			r.input = in
		}
		r.widget = in.WithTheme(theme).WithKeyMap(km)
	}
	// What the widget holds once built is the row's starting point: a text
	// input has already dropped what it cannot hold.
	r.widget.Blur()
	if r.text != nil {
		r.initial = *r.text
	}
	r.refreshHint()
	return r
}

func expectedShape(f api.Field) string {
	switch f.Type {
	case api.TypeList:
		return "a list of strings"
	case api.TypeNullableString:
		return "a string or null"
	}
	return "a string"
}

// nullPlaceholder is what an empty nullable input shows: bracketed, so it
// cannot be taken for a value.
const nullPlaceholder = "[empty: sent as null]"

// refreshHint updates the hint after a hinted input: the country's name,
// or what a code looks like. The input leaves it room.
func (r *formRow) refreshHint() {
	if r.input == nil {
		return
	}
	v, _ := edit.NormalizeField(r.field, api.String(*r.text)) // "germany" hints Germany too
	hint := r.field.Hint(v.Str())
	if hint == "" {
		hint = "two-letter ISO country code, e.g. FR"
	}
	if hint != r.hintShown {
		r.hintShown = hint
		r.setWidth(r.width)
	}
}

// setWidth gives the row's widget its width: all of w, or what a hint
// leaves.
func (r *formRow) setWidth(w int) {
	r.width = w
	if r.widget == nil || w == 0 {
		return
	}
	w-- // the widget draws one column more than its width (its left border)
	if r.input != nil {
		w -= sanitize.Width(r.hintShown) + 2
	}
	r.widget.WithWidth(w)
}

// changed returns the row's value when the person changed it in this
// form.
func (r *formRow) changed() (api.Value, bool) {
	f := r.field
	switch {
	case !r.editable():
		return api.Value{}, false
	case r.list != nil:
		if sameSet(*r.list, r.listAt) {
			return api.Value{}, false
		}
		var ordered []string
		for _, c := range r.options { // the API's order, whatever the clicking order
			if slices.Contains(*r.list, c) {
				ordered = append(ordered, c)
			}
		}
		return api.List(ordered...), true
	case *r.text == r.initial:
		return api.Value{}, false
	}
	if strings.TrimSpace(*r.text) == "" && f.Nullable() { // an emptied optional field is sent as null
		return api.Null(), true
	}
	v, _ := edit.NormalizeField(f, api.String(*r.text)) // the write path's rules; problem() says what is wrong
	return v, true
}

// problem says, in the form's words, why v cannot be sent for field f.
func problem(f api.Field, v api.Value) error {
	err := f.Validate(v)
	if err == nil {
		return nil
	}
	var fe *api.FieldError
	if errors.As(err, &fe) {
		p := f.Label + ": " + fe.Problem
		if f.Type == api.TypeList {
			p += " (unselect it to change the roles)"
		}
		return plainError(p)
	}
	return err
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
