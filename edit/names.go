package edit

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Small words every surface uses when it says what a save did.

// JoinFields joins field names as "a", "a and b", "a, b and c"; "nothing"
// when there are none.
func JoinFields(names []string) string {
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Count writes n with its noun: "1 line", "3 lines".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// FieldsOf names the fields of changes, in their order.
func FieldsOf(cs []api.FieldChange) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Field
	}
	return names
}

// ConflictedFields names the contested fields with the verb that agrees:
// "email was", "email and phone were".
func ConflictedFields(cs []Conflict) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Field
	}
	return JoinFields(names) + " " + WasWere(len(names))
}

// WasWere is "was" for one thing, "were" for more.
func WasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// LowerFirst lowers a sentence's first letter, to quote it inside another.
func LowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// SavedSentence says a save that landed, the same on every surface:
// "Saved phone." or "Undone: phone restored.", and how it was confirmed
// when the server's answer was empty.
func SavedSentence(r Result) string {
	fields := JoinFields(FieldsOf(r.Sent))
	msg := "Saved " + fields + "."
	if r.Edit.Undo {
		msg = "Undone: " + fields + " restored."
	}
	if r.Confirmed {
		msg += " The server's answer was empty; reading the record again confirmed the change."
	}
	return msg
}

// UnchangedSentence says why nothing needed sending.
func UnchangedSentence(r Result) string {
	if len(r.Already) > 0 {
		return "Nothing to save: the server already holds your value for " + JoinFields(r.Already) + "."
	}
	return "Nothing to save: no field was changed."
}
