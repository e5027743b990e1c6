package ui

import (
	"context"
	"encoding/base64"
	"os"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
	"github.com/qwoty/qwoty-contacts/state"
)

// changePhone edits the docs contact's phone and stops on the review.
func changePhone(t *testing.T, h *harness, phone string) {
	t.Helper()
	editContact(t, h)
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText(phone)
	h.press("ctrl+s")
	h.expect("Review the change")
}

func someoneSetsPhone(h *harness, phone string) {
	_ = h.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.Phone = &phone })
}

func TestSameFieldConflictWaitsForTheChoice(t *testing.T) {
	tests := []struct {
		name    string
		choice  string
		then    func(h *harness)
		patches []string
		phone   string
	}{
		{"keep theirs", "t", func(h *harness) { h.expect("Kept their values: nothing was sent.") }, nil, "+33 9 99 99 99 99"},
		{"keep mine", "m", func(h *harness) {
			h.expect(`"+33 9 99 99 99 99" → "+33 1 11 11 11 11"`)
			h.send()
			h.expect("✓ Saved phone.")
		}, []string{`{"phone":"+33 1 11 11 11 11"}`}, "+33 1 11 11 11 11"},
		{"edit the fresh copy", "f", func(h *harness) {
			h.expect("Edit contact")
			h.press("ctrl+s")
			h.expect(`"+33 9 99 99 99 99" → "+33 1 11 11 11 11"`)
			h.send()
			h.expect("✓ Saved phone.")
		}, []string{`{"phone":"+33 1 11 11 11 11"}`}, "+33 1 11 11 11 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
			changePhone(t, h, "+33 1 11 11 11 11")
			someoneSetsPhone(h, "+33 9 99 99 99 99")
			h.send()
			h.expect("Someone else changed this contact")
			h.expect(`"+33 6 12 34 56 78"`) // was
			h.expect(`"+33 9 99 99 99 99"`) // theirs
			if got := h.patches(); len(got) != 0 {
				t.Fatalf("PATCH sent before the choice: %q", got)
			}
			h.press(tt.choice)
			tt.then(h)
			var bodies []string
			for _, p := range h.patches() {
				bodies = append(bodies, p[strings.Index(p, "{"):])
			}
			if strings.Join(bodies, ";") != strings.Join(tt.patches, ";") {
				t.Errorf("PATCHes %q, want %q", bodies, tt.patches)
			}
			if c, _ := h.sb.Contact(sandbox.DocsContactID); *c.Phone != tt.phone {
				t.Errorf("server phone %q, want %q", *c.Phone, tt.phone)
			}
		})
	}
}

func TestOtherFieldChangeIsSentAroundAndReported(t *testing.T) {
	h := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID))
	changePhone(t, h, "+33 1 11 11 11 11")
	_ = h.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.Email = "j.dupont@acme.com" })
	h.send()
	h.expect("Someone else changed email meanwhile; your save left it as they made it.")
	if got := h.patches(); len(got) != 1 || !strings.HasSuffix(got[0], `{"phone":"+33 1 11 11 11 11"}`) {
		t.Errorf("PATCHes %q", got)
	}
	if c, _ := h.sb.Contact(sandbox.DocsContactID); c.Email != "j.dupont@acme.com" {
		t.Errorf("their email was overwritten: %s", c.Email)
	}
	if !strings.Contains(h.finalView(), "j.dupont@acme.com") {
		t.Error("the view does not show their new email")
	}
}

func TestReasonGoesToTheAuditLogNotTheAPI(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	changePhone(t, h, "+33 1 11 11 11 11")
	h.press("tab")
	h.typeText("ZD-4711 wrong digit")
	h.press("enter") // done with the reason: enter never sends
	h.send()
	h.expect("✓ Saved phone.")
	if got := h.patches(); len(got) != 1 || strings.Contains(got[0], "ZD-4711") {
		t.Errorf("PATCHes %q", got)
	}
	es, err := h.writer.Audit.Ops(nil)
	if err != nil || len(es) != 1 {
		t.Fatalf("audit %v %v", es, err)
	}
	e := es[0].Entry
	if e.Reason != "ZD-4711 wrong digit" || e.Source != "tui" || es[0].Outcome() != state.OutcomeOK || e.Changes[0].Before.Str() != "+33 6 12 34 56 78" {
		t.Errorf("entry %+v", e)
	}
}

func TestRequiredReason(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) { o.Writer.RequireReason = true })
	changePhone(t, h, "+33 1 11 11 11 11")
	h.expect("required by this profile")
	h.expect("Typing the reason: enter when done")
	h.press("enter") // leave the reason empty
	h.send()
	h.expect("This profile requires a reason")
	if got := h.patches(); len(got) != 0 {
		t.Fatalf("sent without a reason: %q", got)
	}
	h.typeText("ZD-1")
	h.press("enter")
	h.send()
	h.expect("✓ Saved phone.")
}

func TestUndoSendsTheInverseThroughTheReview(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	changePhone(t, h, "+33 1 11 11 11 11")
	h.send()
	h.expect("✓ Saved phone.")
	h.press("u")
	h.expect("undoing the change made by tester in the app")
	h.expect(`"+33 1 11 11 11 11" → "+33 6 12 34 56 78"`)
	h.send()
	h.expect("Undone: phone restored.")
	got := h.patches()
	if len(got) != 2 || !strings.HasSuffix(got[1], `{"phone":"+33 6 12 34 56 78"}`) {
		t.Errorf("PATCHes %q", got)
	}
}

func TestUndoWithNothingRecorded(t *testing.T) {
	h := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID))
	h.expect("12 Rue de la Paix")
	h.press("u")
	h.expect("Nothing to undo")
}

func TestDraftSurvivesAFailedSaveAndIsOfferedOnReopen(t *testing.T) {
	h := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID))
	changePhone(t, h, "+33 1 11 11 11 11")
	h.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 503})
	h.send()
	h.expect("Your edits are kept")
	d, err := state.LoadDraft(h.dir, "test", api.KindContact, sandbox.DocsContactID)
	if err != nil || d == nil || !d.Edited["phone"].Equal(api.String("+33 1 11 11 11 11")) {
		t.Fatalf("draft %+v %v", d, err)
	}
	h.sb.ClearFaults()
	h.press("esc") // back to the form
	h.expect("Edit contact")
	h.press("esc")
	h.expect("Discard your changes?")
	h.press("n")
	// Leave the app with the edit open: the quit keeps the draft.
	h.press("ctrl+c")
	h.expect("Quit? Your unsaved edit is kept as a draft")
	h.press("y")
	h.tm.WaitFinished(t)

	// A new session offers it, with the diff against the server's copy.
	h2 := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
		o.StateDir, o.Writer = h.dir, h.writer
	})
	h2.expect("Unsaved edit of this contact")
	h2.expect(`phone: server now "+33 6 12 34 56 78" → draft "+33 1 11 11 11 11"`)
	h2.press("R")
	h2.expect("Edit contact")
	h2.press("ctrl+s")
	h2.expect(`"+33 6 12 34 56 78" → "+33 1 11 11 11 11"`)
	h2.send()
	h2.expect("✓ Saved phone.")
	if d, _ := state.LoadDraft(h.dir, "test", api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("the draft survived the save")
	}
}

func TestAutosaveWritesTheDraftWhileTyping(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	editContact(t, h)
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+44 20")
	waitUntil(t, func() bool {
		d, _ := state.LoadDraft(h.dir, "test", api.KindContact, sandbox.DocsContactID)
		return d != nil && d.Edited["phone"].Equal(api.String("+44 20"))
	})
}

func TestReadOnlyOpensNoFormAndTheClientRefuses(t *testing.T) {
	var client *api.Client
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
		o.ReadOnly = true
	})
	h.expect("READ-ONLY")
	h.expect("12 Rue de la Paix")
	h.press("e")
	h.expect("Read-only: this session cannot change data.")
	h.never("Edit contact")
	h.press("u")
	h.expect("Read-only: this session cannot undo changes.")
	client, _ = api.New(api.Options{BaseURL: h.srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), ReadOnly: true})
	p := api.NewContactPatch()
	_ = p.SetNull("phone")
	if _, err := client.UpdateContact(context.Background(), sandbox.DocsContactID, p); !api.IsReadOnly(err) {
		t.Errorf("a read-only client sent a PATCH: %v", err)
	}
	if got := h.patches(); len(got) != 0 {
		t.Errorf("PATCHes %q", got)
	}
}

func TestDryRunShowsTheRequestAndSendsNothing(t *testing.T) {
	clip := &syncbuf.Buffer{}
	h := newHarness(t, withSize(140, 40), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
		o.DryRun, o.Clipboard = true, clip
	})
	h.writer.DryRun = true
	changePhone(t, h, "+33 1 11 11 11 11")
	h.expect("PATCH " + h.srv.URL + "/api/contacts/" + sandbox.DocsContactID)
	h.expect(`{"phone":"+33 1 11 11 11 11"}`)
	h.expect(`-H "Authorization: Bearer $QWOTY_TOKEN"`)
	h.press("c")
	h.expect("Sent the curl command to your terminal's clipboard (OSC 52)")
	curl := "curl -X PATCH '" + h.srv.URL + "/api/contacts/" + sandbox.DocsContactID + `' -H "Authorization: Bearer $QWOTY_TOKEN" -H 'Content-Type: application/json' --data-raw '{"phone":"+33 1 11 11 11 11"}'`
	if want := base64.StdEncoding.EncodeToString([]byte(curl)); !strings.Contains(clip.String(), want) {
		t.Errorf("clipboard %q does not hold the curl command", clip.String())
	}
	h.send()
	h.expect("Dry run: the PATCH of phone was not sent.")
	if got := h.patches(); len(got) != 0 {
		t.Errorf("PATCHes %q", got)
	}
	es, _ := h.writer.Audit.Ops(nil)
	if len(es) != 1 || es[0].Outcome() != state.OutcomeDryRun || !es[0].Entry.DryRun {
		t.Errorf("audit %+v", es)
	}
	raw, _ := os.ReadFile(h.writer.Audit.Path())
	if strings.Contains(string(raw), sandbox.DefaultToken) {
		t.Error("token in the audit log")
	}
}
