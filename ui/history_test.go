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

// change saves one field of the docs contact through a writer like w,
// from source (and, over SSH, a key's name).
func change(t *testing.T, w *edit.Writer, source, keyName, field, value, reason string) edit.Result {
	t.Helper()
	ww := *w
	ww.Now = func() time.Time { return time.Now() }
	if keyName != "" {
		ww.Identity.SSHKey, ww.Identity.SSHKeyName = "SHA256:abcdefghijklmnop", keyName
	}
	return ww.Save(context.Background(), edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: sandbox.DocsContactID},
		After: api.Values{field: api.String(value)}, Source: source, Reason: reason})
}

const longEmail = "jean-baptiste.dupont-de-la-fontaine@comptabilite-generale.acme-logistique.example.com"

// fiveChanges records five changes to the docs contact from four sources,
// oldest first: the app, set, apply, a failed set, SSH.
func fiveChanges(t *testing.T, w *edit.Writer, sb *sandbox.Server) {
	t.Helper()
	steps := []struct{ source, key, field, value, reason string }{
		{"tui", "", "phone", "+33 1 11 11 11 11", "ZD-1 wrong digit"},
		{"set", "", "email", longEmail, "ZD-2 new mailbox"},
		{"apply", "", "id_crm", "CRM-42", ""},
		{"set", "", "id_erp", "ERP-7", "ZD-4"},
		{"ssh", "Alice Martin", "phone", "+33 2 22 22 22 22", "ZD-5 customer called back"},
	}
	for i, s := range steps {
		if i == 3 {
			sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 422, Times: 1})
		}
		r := change(t, w, s.source, s.key, s.field, s.value, s.reason)
		if i != 3 && r.Outcome != edit.Saved {
			t.Fatalf("step %d: %s %v", i, r.Outcome, r.Err)
		}
	}
}

func TestHistoryShowsWhoChangedWhatWhenAndWhy(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(80, 60), func(o *Options, sb *sandbox.Server) {
		w = o.Writer
		fiveChanges(t, w, sb)
	})
	h.openByID(sandbox.DocsContactID, "+33 2 22 22 22 22")
	h.press("h")
	h.expect("History of contact Jean Dupont")
	h.expect("5 changes recorded on this machine, newest first.")
	view := h.finalView()
	order := []string{
		"by Alice Martin over SSH", "reason: ZD-5 customer called back", `phone: "+33 1 11 11 11 11" → "+33 2 22 22 22 22"`,
		"by tester with set", "failed (422): not saved", "reason: ZD-4", "id_erp: null → \"ERP-7\"",
		"by tester with apply", "saved", "id_crm: null → \"CRM-42\"",
		"by tester with set", "reason: ZD-2 new mailbox",
		"by tester in the app", "reason: ZD-1 wrong digit", `phone: "+33 6 12 34 56 78" → "+33 1 11 11 11 11"`,
	}
	at := 0
	for _, want := range order {
		i := strings.Index(view[at:], want)
		if i < 0 {
			t.Fatalf("the history does not show %q after what came before (newest first):\n%s", want, view)
		}
		at += i + len(want)
	}
	// The long email is shown in full at 80 columns, wrapped, never cut.
	flat := strings.Join(strings.Fields(view), "")
	if !strings.Contains(flat, strings.ReplaceAll(`email:"jean.dupont@acme.com"→"`+longEmail+`"`, " ", "")) {
		t.Errorf("the long email is not shown whole:\n%s", view)
	}
	for _, l := range strings.Split(view, "\n") {
		if len([]rune(l)) > 80 {
			t.Errorf("a line is wider than 80 columns: %q", l)
		}
		if strings.HasSuffix(strings.TrimSpace(l), "…") {
			t.Errorf("a line is cut: %q", l)
		}
	}
}

func TestHistoryRevertOfAChangeOverwrittenSinceIsAConflict(t *testing.T) {
	h := newHarness(t, withSize(100, 60), func(o *Options, sb *sandbox.Server) { fiveChanges(t, o.Writer, sb) })
	h.openByID(sandbox.DocsContactID, "+33 2 22 22 22 22")
	sent := len(h.patches())
	h.press("h")
	h.expect("5 changes recorded")
	h.press("down", "down", "down", "down") // the oldest: the app's phone change, changed again over SSH
	h.press("u")
	h.expect("Not a silent revert: phone was changed again since that change.")
	h.expect("Someone else changed this contact")
	if got := h.patches(); len(got) != sent {
		t.Errorf("a revert was sent: %q", got[sent:])
	}
}

func TestHistoryRevertRestoresTheBeforeValues(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(100, 60), func(o *Options, sb *sandbox.Server) {
		w = o.Writer
		fiveChanges(t, w, sb)
	})
	h.openByID(sandbox.DocsContactID, "+33 2 22 22 22 22")
	sent := len(h.patches())
	h.press("h")
	h.expect("5 changes recorded")
	h.press("down", "down", "down") // the email change: nothing touched it since
	h.press("u")
	h.expect("reverting the change made by tester with set")
	h.send()
	h.expect("Undone: email restored.")
	got := h.patches()
	if len(got) != sent+1 || !strings.HasSuffix(got[sent], `{"email":"jean.dupont@acme.com"}`) {
		t.Fatalf("PATCHes %q", got[sent:])
	}
	ops, _ := w.Audit.History(api.KindContact, sandbox.DocsContactID)
	if !ops[0].Entry.Undo || ops[0].Entry.Undoes != ops[4].Entry.Op || !strings.Contains(ops[4].Entry.Changes[0].After.Str(), "jean-baptiste") {
		t.Errorf("the revert does not name the change it reverts: %+v", ops[0].Entry)
	}
}

func TestHistoryOfAChangeThatDidNotLandCannotBeReverted(t *testing.T) {
	h := newHarness(t, withSize(100, 60), func(o *Options, sb *sandbox.Server) { fiveChanges(t, o.Writer, sb) })
	h.openByID(sandbox.DocsContactID, "+33 2 22 22 22 22")
	h.press("h")
	h.expect("5 changes recorded")
	h.press("down") // the failed one
	h.press("u")
	h.expect("Nothing to revert: this change did not reach the server (failed (422): not saved).")
	h.never("Review the change")
}

// A revert's review says esc goes back to the history, and it does; an
// undo's from the contact says the contact.
func TestRevertReviewNamesWhereEscGoes(t *testing.T) {
	h := newHarness(t, withSize(100, 40), func(o *Options, sb *sandbox.Server) { fiveChanges(t, o.Writer, sb) })
	h.openByID(sandbox.DocsContactID, "+33 2 22 22 22 22")
	h.press("h")
	h.expect("5 changes recorded")
	h.press("u")
	h.expect("esc goes back to the history.")
	h.expect("esc back to history")
	h.press("esc")
	h.expect("u revert this change") // the history's own keys
	h.press("esc")
	h.expect("h history")
	h.press("u")
	h.expect("esc goes back to the contact.")
	h.press("esc")
	h.expect("h history")
	h.never("Review the change")
}

// The audit log's own words (a key's comment, a source, a field name) reach
// the screen sanitized, in the History screen and in the blame notes: a
// key's comment or an altered log can hold terminal escapes.
func TestHostileAuditWordsAreHarmless(t *testing.T) {
	var w *edit.Writer
	h := newHarness(t, withSize(120, 40), func(o *Options, _ *sandbox.Server) { w = o.Writer })
	const op = "00000000-0000-4000-8000-0000000000e1"
	evil := "\x1b]0;pwned\x07Eve\x1b[2J"
	for _, e := range []state.Entry{
		{Entry: state.EntryAttempt, Op: op, Profile: "test", APIHost: w.Identity.APIHost, OSUser: "qwoty", SSHKey: "SHA256:k", SSHKeyName: evil,
			Source: "set\x1b[31m", Kind: api.KindContact, ID: sandbox.DocsContactID, Time: testNow.Add(-time.Hour),
			Changes: []api.FieldChange{{Field: "phone", Before: api.String("+33 6 12 34 56 78"), After: api.String("+33 6 12 34 56 78")},
				{Field: "nickname\x1b[5m", Before: api.Null(), After: api.String("\x1b[8mhidden")}}},
		{Entry: state.EntryResult, Op: op, Kind: api.KindContact, ID: sandbox.DocsContactID, Outcome: state.OutcomeOK},
	} {
		if err := w.Audit.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	h.openByID(sandbox.DocsContactID, `pwned\x07Eve\x1b[2J · 1 hour ago`) // shown, as text
	h.press("h")
	h.expect("History of contact")
	h.expect("Eve")
	h.finalView()
	h.mu.Lock()
	raw := h.raw.String()
	h.mu.Unlock()
	for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b[31m", "\x1b[5m", "\x1b[8m", "\x07"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the screen received %q from the audit log", bad)
		}
	}
}
