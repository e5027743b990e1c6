package ui

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// recordChange saves a phone change through another surface (a set
// command with the same state folder), before the app looks.
func recordChange(t *testing.T, w *edit.Writer, source, phone string) {
	t.Helper()
	r := w.Save(context.Background(), edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: sandbox.DocsContactID},
		After: api.Values{"phone": api.String(phone)}, Source: source})
	if r.Outcome != edit.Saved {
		t.Fatalf("%s: %v", r.Outcome, r.Err)
	}
}

func TestUndoSaysWhoseChangeItReverts(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(140, 30), func(o *Options, _ *sandbox.Server) { w = o.Writer })
	recordChange(t, w, "set", "+33 1 22")
	h.openByID(sandbox.DocsContactID, "+33 1 22")
	h.press("u")
	h.expect("undoing the change made by tester with set")
	h.expect(`"+33 1 22" → "+33 6 12 34 56 78"`)
}

func TestUndoIgnoresChangesOfAnotherAPIHost(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) { w = o.Writer })
	// A change recorded against another sandbox (another port).
	err := w.Audit.Append(state.Entry{Entry: state.EntryAttempt, Op: "00000000-0000-4000-8000-000000000001", Profile: "test", APIHost: "127.0.0.1:1",
		Kind: api.KindContact, ID: sandbox.DocsContactID, Changes: []api.FieldChange{{Field: "phone", Before: api.Null(), After: api.String("+33 6 12 34 56 78")}}})
	if err == nil {
		err = w.Audit.Append(state.Entry{Entry: state.EntryResult, Op: "00000000-0000-4000-8000-000000000001", Kind: api.KindContact, ID: sandbox.DocsContactID, Outcome: state.OutcomeOK})
	}
	if err != nil {
		t.Fatal(err)
	}
	h.expect("12 Rue de la Paix")
	h.press("u")
	h.expect("Nothing to undo")
	h.never("Review the change")
}

func TestUndoOfAnOverwrittenChangeShowsTheConflict(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(140, 30), func(o *Options, _ *sandbox.Server) { w = o.Writer })
	recordChange(t, w, "set", "+33 1 22")
	sent := len(h.patches())
	_ = h.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 9 99"; c.Phone = &p })
	h.openByID(sandbox.DocsContactID, "+33 9 99")
	h.press("u")
	h.expect("Someone else changed this contact")
	h.never("Review the change")
	if got := h.patches(); len(got) != sent {
		t.Errorf("PATCHes %q", got[sent:])
	}
}

func TestStartSaysWhatItFoundOfWritesLeftInFlight(t *testing.T) {
	h := newHarness(t, withSize(140, 30), func(o *Options, sb *sandbox.Server) {
		o.ResolveAtStart = true
		_ = sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 1 22"; c.Phone = &p })
		a := state.Entry{Entry: state.EntryAttempt, Op: "00000000-0000-4000-8000-000000000002", Profile: "test", APIHost: o.Writer.Identity.APIHost,
			Kind: api.KindContact, ID: sandbox.DocsContactID, Changes: []api.FieldChange{{Field: "phone", Before: api.String("+33 6 12 34 56 78"), After: api.String("+33 1 22")}}}
		if err := o.Writer.Audit.Append(a); err != nil {
			t.Fatal(err)
		}
		if err := state.WritePending(o.Writer.StateDir, a); err != nil {
			t.Fatal(err)
		}
	})
	h.expect("1 save from an earlier session ended without an answer; checked now: 1 reached the server.")
}

func TestStartWarnsWhenTheAuditLogWasAltered(t *testing.T) {
	h := newHarness(t, withSize(160, 30), func(o *Options, _ *sandbox.Server) {
		o.ResolveAtStart = true
		for i := range 3 {
			recordChange(t, o.Writer, "set", "+33 1 2"+string(rune('0'+i)))
		}
		path := o.Writer.Audit.Path()
		data, _ := os.ReadFile(path)
		lines := strings.SplitAfter(string(data), "\n")
		lines = append(lines[:2], lines[3:]...) // a result removed
		os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600)
	})
	h.expect("The audit log was altered (audit.jsonl line 3: 1 line was removed")
}
