package edit

import (
	"fmt"
	"strings"
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
