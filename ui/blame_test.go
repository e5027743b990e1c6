package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
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

// The contact view names who last changed each field, from the audit log:
// the person behind an SSH key by the key's name, a change made here a
// moment ago by the OS user; a change recorded against another API host
// is another record's and is not shown.
func TestContactViewNamesWhoLastChangedAField(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(120, 30), func(o *Options, _ *sandbox.Server) { w = o.Writer })
	alice := &edit.Writer{API: w.API, Audit: w.Audit, StateDir: w.StateDir,
		Identity: edit.Identity{Profile: "test", APIHost: w.Identity.APIHost, OSUser: "qwoty", SSHKey: "SHA256:alicekey", SSHKeyName: "Alice Martin"},
		Now:      func() time.Time { return testNow.Add(-50 * time.Hour) }}
	if r := alice.Save(context.Background(), edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: sandbox.DocsContactID},
		After: api.Values{"phone": api.String("+33 1 22")}, Source: "ssh"}); r.Outcome != edit.Saved {
		t.Fatalf("%s: %v", r.Outcome, r.Err)
	}
	elsewhere := state.Entry{Entry: state.EntryAttempt, Op: "00000000-0000-4000-8000-000000000002", Profile: "test", APIHost: "127.0.0.1:1",
		OSUser: "mallory", Kind: api.KindContact, ID: sandbox.DocsContactID, Time: testNow.Add(-time.Hour),
		Changes: []api.FieldChange{{Field: "email", Before: api.Null(), After: api.String("x@example.com")}}}
	if err := w.Audit.Append(elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := w.Audit.Append(state.Entry{Entry: state.EntryResult, Op: elsewhere.Op, Kind: api.KindContact, ID: sandbox.DocsContactID, Outcome: state.OutcomeOK}); err != nil {
		t.Fatal(err)
	}

	h.openByID(sandbox.DocsContactID, "+33 1 22  Alice Martin · 2 days ago")
	h.never("mallory")

	// A save here becomes the field's newest change at once.
	h.press("e")
	h.expect("Phone")
	toField(h, 3)
	h.press("ctrl+u")
	h.typeText("+33 1 23")
	h.press("ctrl+s")
	h.send()
	h.expect("+33 1 23  tester · just now")
	view := h.finalView()
	if strings.Contains(view, "Alice Martin") || strings.Contains(view, "mallory") {
		t.Errorf("the view still names an older or foreign change:\n%s", view)
	}
}
