package edit

import (
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
)

func TestConflictedFieldsAgree(t *testing.T) {
	for n, want := range map[int]string{1: "email was", 2: "email and phone were", 3: "email, phone and role were"} {
		cs := []Conflict{{Field: "email"}, {Field: "phone"}, {Field: "role"}}[:n]
		if got := ConflictedFields(cs); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := FieldsOf([]api.FieldChange{{Field: "phone"}, {Field: "email"}}); strings.Join(got, ",") != "phone,email" {
		t.Errorf("FieldsOf: %q", got)
	}
}
