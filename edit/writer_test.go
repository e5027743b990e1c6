package edit

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type fixture struct {
	sb  *sandbox.Server
	w   *Writer
	dir string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return now }})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return &fixture{sb: sb, dir: dir, w: &Writer{
		API: c, Audit: state.OpenAudit(dir), StateDir: dir, BaseURL: c.BaseURL(),
		Identity: Identity{Profile: "test", APIHost: c.Host(), OSUser: "tester", SSHUserClaimed: "alice", SSHKey: "SHA256:abc"},
		Now:      func() time.Time { return now },
	}}
}

// contactEdit starts an edit of the docs contact from its current copy.
func (f *fixture) contactEdit(t *testing.T, after api.Values) Edit {
	t.Helper()
	c, err := f.w.API.GetContact(context.Background(), sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	f.sb.ResetRequests()
	return Edit{Target: Target{Kind: api.KindContact, ID: c.ID, ContactID: c.ID}, Base: c.Values(), After: after, Reason: "T-1", Source: "test"}
}

func (f *fixture) patches() []string {
	var out []string
	for _, r := range f.sb.Requests() {
		if r.Method == "PATCH" {
			out = append(out, string(r.Body))
		}
	}
	return out
}

func (f *fixture) audit(t *testing.T) []state.Entry {
	t.Helper()
	es, err := f.w.Audit.Entries(nil)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestSaveSendsOnlyChangedFieldsAndAudits(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1"), "email": api.String("jean.dupont@acme.com")})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved {
		t.Fatalf("outcome %s: %v", r.Outcome, r.Err)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 1"}` {
		t.Errorf("PATCHes %q", got)
	}
	if n := f.sb.CountRequests("GET", "/contacts/"); n != 1 {
		t.Errorf("the conflict check made %d GETs, want exactly 1", n)
	}
	if !r.Contact.HasAddressIDs() || len(r.Contact.AddressIDs) != 1 {
		t.Errorf("the saved contact lost its addresses: %v", r.Contact.AddressIDs)
	}
	es := f.audit(t)
	if len(es) != 1 {
		t.Fatalf("%d audit entries", len(es))
	}
	a := es[0]
	if a.Outcome != state.OutcomeOK || a.Status != 200 || a.Reason != "T-1" || a.SSHUserClaimed != "alice" || a.SSHKey != "SHA256:abc" || a.OSUser != "tester" || a.Profile != "test" {
		t.Errorf("entry %+v", a)
	}
	if len(a.Changes) != 1 || a.Changes[0].Field != "phone" || a.Changes[0].Before.Str() != "+33 6 12 34 56 78" || a.Changes[0].After.Str() != "+33 1" {
		t.Errorf("changes %+v", a.Changes)
	}
	info, err := os.Stat(f.w.Audit.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("audit mode %v %v", info.Mode(), err)
	}
	raw, _ := os.ReadFile(f.w.Audit.Path())
	if strings.Contains(string(raw), sandbox.DefaultToken) {
		t.Error("the token is in the audit log")
	}
	if r.Message() != "Saved phone." {
		t.Errorf("message %q", r.Message())
	}
}

func TestSameFieldConflictSendsNothing(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 9"; c.Phone = &p })
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Conflicted {
		t.Fatalf("outcome %s", r.Outcome)
	}
	if len(f.patches()) != 0 {
		t.Errorf("PATCHes sent: %q", f.patches())
	}
	want := Conflict{Field: "phone", Was: api.String("+33 6 12 34 56 78"), Theirs: api.String("+33 9"), Yours: api.String("+33 1")}
	if len(r.Conflicts) != 1 || r.Conflicts[0].Field != want.Field || !r.Conflicts[0].Theirs.Equal(want.Theirs) || !r.Conflicts[0].Was.Equal(want.Was) || !r.Conflicts[0].Yours.Equal(want.Yours) {
		t.Errorf("conflicts %+v", r.Conflicts)
	}
	if es := f.audit(t); len(es) != 1 || es[0].Outcome != state.OutcomeConflict {
		t.Errorf("audit %+v", es)
	}
	// Keep mine: rebased on the fresh copy, it goes through.
	r = f.w.Save(context.Background(), e.Rebase(r.Fresh))
	if r.Outcome != Saved || f.patches()[0] != `{"phone":"+33 1"}` {
		t.Errorf("keep mine: %s %q", r.Outcome, f.patches())
	}
}

func TestOtherFieldChangeIsKeptAndReported(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.Email = "jd@acme.com" })
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved {
		t.Fatalf("outcome %s", r.Outcome)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 1"}` {
		t.Errorf("PATCHes %q", got)
	}
	if c, _ := f.sb.Contact(sandbox.DocsContactID); c.Email != "jd@acme.com" {
		t.Errorf("the other person's email was overwritten: %s", c.Email)
	}
	if want := "Saved phone. email was changed by someone else meanwhile; your phone change did not touch it."; r.Message() != want {
		t.Errorf("message %q", r.Message())
	}
}

func TestSameChangeMadeMeanwhileIsUnchanged(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 1"; c.Phone = &p })
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Unchanged || len(f.patches()) != 0 {
		t.Fatalf("outcome %s, PATCHes %q", r.Outcome, f.patches())
	}
}

func TestNoChangeSendsNothing(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 6 12 34 56 78")})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Unchanged || len(f.sb.Requests()) != 0 {
		t.Fatalf("outcome %s, %d requests", r.Outcome, len(f.sb.Requests()))
	}
	if r.Message() != "Nothing to save: no field was changed." {
		t.Errorf("message %q", r.Message())
	}
}

func TestInvalidValueIsRefusedBeforeAnyRequest(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"email": api.String("not-an-email")})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Failed || len(f.sb.Requests()) != 0 || len(f.audit(t)) != 0 {
		t.Fatalf("outcome %s, %d requests, %d audit entries", r.Outcome, len(f.sb.Requests()), len(f.audit(t)))
	}
}

func TestFailedSaveIsAuditedAndKeepsNothingBack(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.Null()})
	f.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 500})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Failed || !strings.Contains(r.Message(), "Your edits are kept") {
		t.Fatalf("outcome %s %q", r.Outcome, r.Message())
	}
	es := f.audit(t)
	if len(es) != 1 || es[0].Outcome != state.OutcomeFailed || es[0].Status != 500 || es[0].Error == "" || !es[0].Changes[0].After.IsNull() {
		t.Errorf("audit %+v", es)
	}
}

func TestDryRunSendsNothingAndIsMarked(t *testing.T) {
	f := newFixture(t)
	f.w.DryRun = true
	e := f.contactEdit(t, api.Values{"phone": api.Null()})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != DryRan || len(f.patches()) != 0 {
		t.Fatalf("outcome %s, PATCHes %q", r.Outcome, f.patches())
	}
	if r.Request.Body != `{"phone":null}` || !strings.HasSuffix(r.Request.URL, "/contacts/"+sandbox.DocsContactID) {
		t.Errorf("request %+v", r.Request)
	}
	curl := r.Request.Curl()
	if !strings.Contains(curl, `"Authorization: Bearer $QWOTY_TOKEN"`) || strings.Contains(curl, sandbox.DefaultToken) || !strings.Contains(curl, `--data-raw '{"phone":null}'`) {
		t.Errorf("curl %s", curl)
	}
	if es := f.audit(t); len(es) != 1 || es[0].Outcome != state.OutcomeDryRun {
		t.Errorf("audit %+v", es)
	}
}

func TestUndoSendsTheExactInverse(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.Null(), "role": api.List("admin")})
	if r := f.w.Save(context.Background(), e); r.Outcome != Saved {
		t.Fatal(r.Err)
	}
	u, entry, err := f.w.LastChange(api.KindContact, sandbox.DocsContactID, "")
	if err != nil || u == nil || entry == nil {
		t.Fatalf("no last change: %v", err)
	}
	f.sb.ResetRequests()
	if r := f.w.Save(context.Background(), *u); r.Outcome != Saved {
		t.Fatalf("undo: %s %v", r.Outcome, r.Err)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 6 12 34 56 78","role":["buyer","signer"]}` {
		t.Errorf("undo PATCH %q", got)
	}
	last, _, _ := f.w.Audit.LastChange(api.KindContact, sandbox.DocsContactID)
	if !last.Undo {
		t.Error("the undo is not marked as one in the audit log")
	}
}

func TestUndoOfAnOverwrittenChangeIsAConflict(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	f.w.Save(context.Background(), e)
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 2"; c.Phone = &p })
	u, _, _ := f.w.LastChange(api.KindContact, sandbox.DocsContactID, "")
	f.sb.ResetRequests()
	r := f.w.Save(context.Background(), *u)
	if r.Outcome != Conflicted || len(f.patches()) != 0 {
		t.Fatalf("outcome %s, PATCHes %q", r.Outcome, f.patches())
	}
}

func TestAddressEditSharesThePath(t *testing.T) {
	f := newFixture(t)
	a, _ := f.w.API.GetAddress(context.Background(), sandbox.DocsAddressID)
	f.sb.ResetRequests()
	e := Edit{Target: Target{Kind: api.KindAddress, ID: a.ID, ContactID: sandbox.DocsContactID}, Base: a.Values(), After: api.Values{"postal_code": api.String("75008"), "state": api.Null()}}
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved || r.Address == nil || r.Address.PostalCode != "75008" || r.Address.WorkspaceID == "" {
		t.Fatalf("outcome %s %+v", r.Outcome, r.Address)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"postal_code":"75008"}` {
		t.Errorf("PATCHes %q (state was already null: not sent)", got)
	}
	es := f.audit(t)
	if len(es) != 1 || es[0].Kind != api.KindAddress || es[0].ID != sandbox.DocsAddressID || es[0].ContactID != sandbox.DocsContactID {
		t.Errorf("audit %+v", es)
	}
}

func TestDraftsRoundTripAndAreDroppedOnSave(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.Null(), "id_crm": api.String("")})
	if err := f.w.SaveDraft(e); err != nil {
		t.Fatal(err)
	}
	d, _, err := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID)
	if err != nil || d == nil {
		t.Fatalf("draft: %v", err)
	}
	got, _ := json.Marshal(d.After)
	if string(got) != `{"id_crm":"","phone":null}` {
		t.Errorf("draft edits %s", got)
	}
	if r := f.w.Save(context.Background(), *d); r.Outcome != Saved {
		t.Fatal(r.Err)
	}
	if d, _, _ := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("the draft survived a successful save")
	}
}

func TestMarkdownSummary(t *testing.T) {
	r := Result{Outcome: Saved, At: now, Edit: Edit{Target: Target{Kind: api.KindContact, ID: "id"}, Reason: "T-9"},
		Sent: []api.FieldChange{{Field: "phone", Before: api.String("1|2"), After: api.Null()}}}
	want := "**Qwoty contact id** (Jean Dupont)\n\n| field | before | after |\n| --- | --- | --- |\n| phone | `1\\|2` | null |\n\nChanged 2026-11-22 12:00 UTC. Reason: T-9.\n"
	if got := r.Markdown("Jean Dupont"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
