package cmd

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// nullMark shows a null value in get's output, distinct from "".
const nullMark = "—"

// diffValue renders a value for a diff line (see edit.Show); a value kept
// as received shows as its JSON, marked.
func diffValue(v api.Value) string {
	if v.IsRaw() {
		return sanitize.Text(v.Text()) + " (as received)"
	}
	return edit.Show(v)
}

// receivedMark follows a value shown as the server sent it, in a shape the
// API does not document.
func receivedMark(shape string) string { return "  (as received: " + shape + ")" }

// plainValue renders a value for get's label/value lines, sanitized: null
// as —, the empty string as "", lists comma separated (— when empty), a
// value of an unexpected shape as received, marked.
func plainValue(v api.Value) string {
	switch {
	case v.IsRaw():
		return sanitize.Text(v.Text()) + receivedMark(api.JSONKind(v.RawJSON()))
	case v.IsNull():
		return nullMark
	case v.IsList():
		if len(v.Items()) == 0 {
			return nullMark
		}
		return sanitize.Text(strings.Join(v.Items(), ", "))
	case v.Str() == "":
		return `""`
	}
	return sanitize.Text(v.Str())
}

// changeLine renders one field change as "field: old → new".
func changeLine(c api.FieldChange) string {
	return c.Field + ": " + diffValue(c.Before) + " → " + diffValue(c.After)
}
