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
	verb := "was"
	if len(names) > 1 {
		verb = "were"
	}
	return JoinFields(names) + " " + verb
}
