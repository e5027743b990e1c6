package ui

import (
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

func TestBlameNotesNameTheNewestChangeThatLanded(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ch := func(fields ...string) []api.FieldChange {
		var out []api.FieldChange
		for _, f := range fields {
			out = append(out, api.FieldChange{Field: f})
		}
		return out
	}
	ok := &state.Entry{Entry: state.EntryResult, Outcome: state.OutcomeOK}
	failed := &state.Entry{Entry: state.EntryResult, Outcome: state.OutcomeFailed}
	ops := []state.Op{ // newest first
		{Entry: state.Entry{Entry: state.EntryAttempt, Time: now.Add(-time.Minute), OSUser: "bob", Changes: ch("phone")}, Result: failed},
		{Entry: state.Entry{Entry: state.EntryAttempt, Time: now.Add(-2 * time.Hour), SSHKey: "SHA256:x", SSHKeyName: "Alice Martin", Changes: ch("phone", "email")}, Result: ok},
		{Entry: state.Entry{Entry: state.EntryAttempt, Time: now.Add(-72 * time.Hour), OSUser: "carol", Changes: ch("email", "id_crm")}, Result: ok},
		{Entry: state.Entry{Entry: state.EntryCheck, Time: now, OSUser: "dan", Outcome: state.OutcomeConflict, Changes: ch("last_name")}},
	}
	got := blameNotes(ops, now)
	want := map[string]string{"phone": "Alice Martin · 2 hours ago", "email": "Alice Martin · 2 hours ago", "id_crm": "carol · 3 days ago"}
	if len(got) != len(want) {
		t.Fatalf("notes %v, want %v", got, want)
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%s: %q, want %q", f, got[f], w)
		}
	}
}
