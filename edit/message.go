package edit

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Message says in one or two plain sentences how a save ended. It names
// fields, never values, so it is short; it may quote an error from the
// server, so sanitize it before display.
func (r Result) Message() string {
	switch r.Outcome {
	case Saved:
		msg := "Saved " + joinFields(fieldsOf(r.Sent)) + "."
		if r.Edit.Undo {
			msg = "Undone: " + joinFields(fieldsOf(r.Sent)) + " restored."
		}
		if len(r.Others) > 0 {
			verb := "was"
			if len(r.Others) > 1 {
				verb = "were"
			}
			msg += fmt.Sprintf(" %s %s changed by someone else meanwhile; your %s change did not touch it.",
				joinFields(fieldsOf(r.Others)), verb, joinFields(fieldsOf(r.Sent)))
		}
		if len(r.Already) > 0 {
			msg += fmt.Sprintf(" %s already held your value.", joinFields(r.Already))
		}
		return msg
	case Unchanged:
		if len(r.Already) > 0 {
			return fmt.Sprintf("Nothing to save: the server already holds your value for %s.", joinFields(r.Already))
		}
		return "Nothing to save: no field was changed."
	case DryRan:
		return fmt.Sprintf("Dry run: the PATCH of %s was not sent.", joinFields(fieldsOf(r.Sent)))
	case Conflicted:
		return ConflictSummary(r.Conflicts)
	}
	if r.Err != nil {
		return "Not saved: " + r.Err.Error() + " Your edits are kept."
	}
	return "Not saved. Your edits are kept."
}

// ConflictSummary says which fields someone else changed meanwhile.
func ConflictSummary(cs []Conflict) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Field
	}
	verb := "was"
	if len(cs) > 1 {
		verb = "were"
	}
	return fmt.Sprintf("Not sent: %s %s changed by someone else since you started editing.", joinFields(names), verb)
}

// Markdown returns a short summary of a saved change for a ticket:
// record, fields before → after, time, reason.
func (r Result) Markdown(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Qwoty %s %s** (%s)", r.Edit.Kind, r.Edit.ID, title)
	if r.Edit.Undo {
		b.WriteString(" (undo)")
	}
	b.WriteString("\n\n| field | before | after |\n| --- | --- | --- |\n")
	for _, c := range r.Sent {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Field, mdCell(c.Before), mdCell(c.After))
	}
	fmt.Fprintf(&b, "\nChanged %s", r.At.UTC().Format("2006-01-02 15:04 MST"))
	if r.Edit.Reason != "" {
		fmt.Fprintf(&b, ". Reason: %s", strings.ReplaceAll(r.Edit.Reason, "\n", " "))
	}
	b.WriteString(".\n")
	return b.String()
}

func mdCell(v api.Value) string {
	s := v.Text()
	if !v.IsNull() && !v.IsList() {
		s = "`" + strings.ReplaceAll(s, "`", "'") + "`"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func fieldsOf(cs []api.FieldChange) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Field
	}
	return names
}

// joinFields joins field names as "a", "a and b", "a, b and c".
func joinFields(names []string) string {
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
