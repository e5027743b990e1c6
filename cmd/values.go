package cmd

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// nullMark shows a null value in get's output, distinct from "".
const nullMark = "—"

// diffValue renders a value for a diff line (see edit.Show).
func diffValue(v api.Value) string { return edit.Show(v) }

// plainValue renders a value for get's label/value lines, sanitized: null
// as —, the empty string as "", lists comma separated (— when empty).
func plainValue(v api.Value) string {
	switch {
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
