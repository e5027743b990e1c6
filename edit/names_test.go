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

func TestSentencesEverySurfaceShares(t *testing.T) {
	phone := []api.FieldChange{{Field: "phone"}}
	for _, c := range []struct {
		got, want string
	}{
		{SavedSentence(Result{Sent: phone}), "Saved phone."},
		{SavedSentence(Result{Sent: phone, Edit: Edit{Undo: true}}), "Undone: phone restored."},
		{SavedSentence(Result{Sent: phone, Confirmed: true}), "Saved phone. The server's answer was empty; reading the record again confirmed the change."},
		{UnchangedSentence(Result{Already: []string{"email", "phone"}}), "Nothing to save: the server already holds your value for email and phone."},
		{UnchangedSentence(Result{}), "Nothing to save: no field was changed."},
		{WasWere(1) + " " + WasWere(2), "was were"},
		{LowerFirst("No answer"), "no answer"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
