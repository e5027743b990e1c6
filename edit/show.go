package edit

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// Show renders a value for a review or a diff, safe for a terminal:
// strings quoted, null as null, lists bracketed ("[a, b]"). The TUI's
// review and conflict screens and the CLI's diffs all use it.
func Show(v api.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.IsList():
		return "[" + sanitize.Text(strings.Join(v.Items(), ", ")) + "]"
	}
	return `"` + sanitize.Text(v.Str()) + `"`
}
