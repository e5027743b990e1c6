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

type fixtureOption func(*api.Options)

func withTimeout(d time.Duration) fixtureOption { return func(o *api.Options) { o.Timeout = d } }

func newFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return now }})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	o := api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), RetryBase: time.Millisecond}
	for _, opt := range opts {
		opt(&o)
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return &fixture{sb: sb, dir: dir, w: &Writer{
		API: c, Audit: state.OpenAudit(dir), StateDir: dir, BaseURL: c.BaseURL(), KeepDrafts: true,
		Identity: Identity{Profile: "test", APIHost: c.Host(), OSUser: "tester", SSHUserClaimed: "alice", SSHKey: "SHA256:abc", SSHKeyName: "Alice Martin"},
		Now:      func() time.Time { return now },
		Timeout:  5 * time.Second,
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

func (f *fixture) ops(t *testing.T) []state.Op {
	t.Helper()
	ops, err := f.w.Audit.Ops(nil)
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

func (f *fixture) phone() string {
	c, _ := f.sb.Contact(sandbox.DocsContactID)
	if c.Phone == nil {
		return "<null>"
	}
	return *c.Phone
}

// orderCheck is an API that, when a PATCH is about to leave, looks at the
// audit log: the attempt must be there already, without its result.
type orderCheck struct {
	API
	audit   *state.AuditLog
	checked chan string
}

func (o orderCheck) UpdateContact(ctx context.Context, id string, p *api.Patch) (*api.Contact, error) {
	ops, _ := o.audit.Ops(nil)
	switch {
	case len(ops) == 0:
		o.checked <- "no entry before the PATCH"
	case !ops[0].Pending():
		o.checked <- "the newest op was not a pending attempt: " + ops[0].Outcome()
	default:
		o.checked <- "ok"
	}
	return o.API.UpdateContact(ctx, id, p)
}

func TestSaveRecordsTheAttemptBeforeSendingOnlyChangedFields(t *testing.T) {
	f := newFixture(t)
	checked := make(chan string, 1)
	f.w.API = orderCheck{API: f.w.API, audit: f.w.Audit, checked: checked}
	e := f.contactEdit(t, api.Values{"phone": api.String(" +33 1 "), "email": api.String("jean.dupont@acme.com")})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved {
		t.Fatalf("outcome %s: %v", r.Outcome, r.Err)
	}
	if got := <-checked; got != "ok" {
		t.Errorf("write-ahead: %s", got)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 1"}` {
		t.Errorf("PATCHes %q (trimmed, only the changed field)", got)
	}
	if n := f.sb.CountRequests("GET", "/contacts/"); n != 1 {
		t.Errorf("the conflict check made %d GETs, want exactly 1", n)
	}
	if !r.Contact.HasAddressIDs() || len(r.Contact.AddressIDs) != 1 {
		t.Errorf("the saved contact lost its addresses: %v", r.Contact.AddressIDs)
	}
	ops := f.ops(t)
	if len(ops) != 1 || ops[0].Result == nil {
		t.Fatalf("ops %+v", ops)
	}
	a, res := ops[0].Entry, *ops[0].Result
	if a.Entry != state.EntryAttempt || a.Reason != "T-1" || a.SSHUserClaimed != "alice" || a.SSHKey != "SHA256:abc" ||
		a.SSHKeyName != "Alice Martin" || a.OSUser != "tester" || a.Profile != "test" || a.Title != "Jean Dupont" || a.Op != r.Op {
		t.Errorf("attempt %+v", a)
	}
	if len(a.Changes) != 1 || a.Changes[0].Field != "phone" || a.Changes[0].Before.Str() != "+33 6 12 34 56 78" || a.Changes[0].After.Str() != "+33 1" {
		t.Errorf("changes %+v", a.Changes)
	}
	if res.Outcome != state.OutcomeOK || res.Status != 200 || len(res.Stored) != 0 {
		t.Errorf("result %+v", res)
	}
	if ps, _ := state.ListPending(f.dir); len(ps) != 0 {
		t.Errorf("a marker of a finished write was left: %+v", ps)
	}
	info, err := os.Stat(f.w.Audit.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("audit mode %v %v", info.Mode(), err)
	}
	raw, _ := os.ReadFile(f.w.Audit.Path())
	if strings.Contains(string(raw), sandbox.DefaultToken) {
		t.Error("the token is in the audit log")
	}
}

func TestSameFieldConflictSendsNothingAndKeepsTheDraft(t *testing.T) {
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
	if ops := f.ops(t); len(ops) != 1 || ops[0].Entry.Entry != state.EntryCheck || ops[0].Outcome() != state.OutcomeConflict {
		t.Errorf("audit %+v", ops)
	}
	if d, _, _ := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID); !r.DraftKept || d == nil || !d.After["phone"].Equal(api.String("+33 1")) {
		t.Errorf("the edit was not kept as a draft: %v %+v", r.DraftKept, d)
	}
	// Keep mine: rebased on the fresh copy, it goes through.
	r = f.w.Save(context.Background(), e.Rebase(r.Fresh))
	if r.Outcome != Saved || f.patches()[0] != `{"phone":"+33 1"}` {
		t.Errorf("keep mine: %s %q", r.Outcome, f.patches())
	}
	if d, _, _ := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("the draft survived a successful save")
	}
}

func TestOtherFieldChangeIsKeptAndReported(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.Email = "jd@acme.com" })
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved || len(r.Others) != 1 || r.Others[0].Field != "email" {
		t.Fatalf("outcome %s, others %+v", r.Outcome, r.Others)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 1"}` {
		t.Errorf("PATCHes %q", got)
	}
	if c, _ := f.sb.Contact(sandbox.DocsContactID); c.Email != "jd@acme.com" {
		t.Errorf("the other person's email was overwritten: %s", c.Email)
	}
}

func TestValuesTheServerAlreadyHoldsAreRecordedNotDropped(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 1"; c.Phone = &p })
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Unchanged || len(f.patches()) != 0 || len(r.Already) != 1 {
		t.Fatalf("outcome %s, PATCHes %q, already %v", r.Outcome, f.patches(), r.Already)
	}
	ops := f.ops(t)
	if len(ops) != 1 || ops[0].Outcome() != state.OutcomeUnchanged || ops[0].Entry.Changes[0].Field != "phone" {
		t.Errorf("the already-held change is not in the log: %+v", ops)
	}
}

func TestNothingChangedSendsAndRecordsNothing(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 6 12 34 56 78")})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Unchanged || len(f.sb.Requests()) != 0 || len(f.ops(t)) != 0 {
		t.Fatalf("outcome %s, %d requests, %d ops", r.Outcome, len(f.sb.Requests()), len(f.ops(t)))
	}
}

func TestRefusedBeforeAnyRequest(t *testing.T) {
	for name, c := range map[string]struct {
		after   api.Values
		reason  string
		require bool
	}{
		"invalid email":    {after: api.Values{"email": api.String("not-an-email")}},
		"unknown field":    {after: api.Values{"customer_id": api.String(sandbox.AcmeCustomerID)}},
		"reason required":  {after: api.Values{"phone": api.Null()}, require: true},
		"blank reason too": {after: api.Values{"phone": api.Null()}, reason: "   ", require: true},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.w.RequireReason = c.require
			e := f.contactEdit(t, c.after)
			e.Reason = c.reason
			r := f.w.Save(context.Background(), e)
			if r.Outcome != Refused || r.Err == nil || len(f.sb.Requests()) != 0 || len(f.ops(t)) != 0 {
				t.Fatalf("outcome %s (%v), %d requests, %d ops", r.Outcome, r.Err, len(f.sb.Requests()), len(f.ops(t)))
			}
		})
	}
}

func TestRefusalByTheServerIsAFailureWithItsStatus(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.Null()})
	f.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 422})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Failed || r.Status != 422 || !r.DraftKept {
		t.Fatalf("outcome %s, status %d, draft %v", r.Outcome, r.Status, r.DraftKept)
	}
	ops := f.ops(t)
	if len(ops) != 1 || ops[0].Outcome() != state.OutcomeFailed || ops[0].Result.Status != 422 || ops[0].Result.Error == "" || !ops[0].Entry.Changes[0].After.IsNull() {
		t.Errorf("audit %+v %+v", ops, ops[0].Result)
	}
}

// TestUnknownOutcomesAreResolvedByAReRead covers every way a PATCH can
// leave without a usable answer: the re-read tells what happened, and the
// audit log records it.
func TestUnknownOutcomesAreResolvedByAReRead(t *testing.T) {
	cases := []struct {
		name       string
		fault      sandbox.Fault
		outcome    Outcome
		resolution Resolution
		confirmed  bool
		phone      string // on the server afterwards
	}{
		{"applied, answered after the client gave up", sandbox.Fault{Method: "PATCH", Apply: true, Delay: time.Hour}, Unknown, Landed, false, "+33 1"},
		{"never applied, never answered", sandbox.Fault{Method: "PATCH", Hang: true}, Unknown, NotLanded, false, "+33 6 12 34 56 78"},
		{"applied, then the connection was cut", sandbox.Fault{Method: "PATCH", Apply: true, Drop: true}, Unknown, Landed, false, "+33 1"},
		{"applied, answered 502 by a proxy", sandbox.Fault{Method: "PATCH", Apply: true, Status: 502}, Unknown, Landed, false, "+33 1"},
		{"not applied, answered 503", sandbox.Fault{Method: "PATCH", Status: 503}, Unknown, NotLanded, false, "+33 6 12 34 56 78"},
		{"applied, answered 204 without a body", sandbox.Fault{Method: "PATCH", Apply: true, Status: 204}, Saved, "", true, "+33 1"},
		{"applied, answered 200 with garbage", sandbox.Fault{Method: "PATCH", Apply: true, Status: 200, Body: "<html>ok</html>"}, Saved, "", true, "+33 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, withTimeout(300*time.Millisecond))
			e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
			fault := c.fault
			fault.Times = 1
			f.sb.InjectFault(fault)
			r := f.w.Save(context.Background(), e)
			if r.Outcome != c.outcome || r.Resolution != c.resolution || r.Confirmed != c.confirmed {
				t.Fatalf("outcome %s / %q / confirmed %v (%v); want %s / %q / %v", r.Outcome, r.Resolution, r.Confirmed, r.Err, c.outcome, c.resolution, c.confirmed)
			}
			if got := f.phone(); got != c.phone {
				t.Errorf("server phone %q, want %q", got, c.phone)
			}
			if len(f.patches()) != 1 {
				t.Errorf("%d PATCHes: a write is never sent twice", len(f.patches()))
			}
			ops := f.ops(t)
			if len(ops) != 1 || ops[0].Result == nil {
				t.Fatalf("ops %+v", ops)
			}
			res := ops[0].Result
			wantOutcome := state.OutcomeUnknown
			if c.outcome == Saved {
				wantOutcome = state.OutcomeOK
			}
			if res.Outcome != wantOutcome || res.Resolution != string(c.resolution) || (c.confirmed && res.Confirmed != "re-read") {
				t.Errorf("result entry %+v", res)
			}
			if ops[0].Landed() != (c.phone == "+33 1") {
				t.Errorf("the log says landed=%v while the server holds %q", ops[0].Landed(), c.phone)
			}
			if c.outcome == Unknown && c.resolution == NotLanded && !r.DraftKept {
				t.Error("an edit that did not land was not kept as a draft")
			}
		})
	}
}

func TestReadOnlyOrFullStateFolderSendsNothing(t *testing.T) {
	for name, dir := range map[string]func(t *testing.T) string{
		"read-only": func(t *testing.T) string { return faultReadOnly(t) },
		"full":      func(t *testing.T) string { return faultFull(t) },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			d := dir(t)
			f.w.Audit, f.w.StateDir = state.OpenAudit(d), d
			e := f.contactEdit(t, api.Values{"phone": api.String("+33 1")})
			r := f.w.Save(context.Background(), e)
			if r.Outcome != Refused || !IsStateFolder(r.Err) {
				t.Fatalf("outcome %s, err %v", r.Outcome, r.Err)
			}
			if len(f.patches()) != 0 || f.phone() != "+33 6 12 34 56 78" {
				t.Errorf("sent %q; server phone %q", f.patches(), f.phone())
			}
			if !strings.Contains(r.Err.Error(), d) || !strings.Contains(r.Err.Error(), "nothing was sent") {
				t.Errorf("message %q", r.Err)
			}
			if r.DraftKept || r.DraftErr == nil {
				t.Errorf("a draft in an unwritable folder was reported kept: %v %v", r.DraftKept, r.DraftErr)
			}
		})
	}
}

func TestDryRunRecordsTheAttemptAndSendsNothing(t *testing.T) {
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
	ops := f.ops(t)
	if len(ops) != 1 || !ops[0].Entry.DryRun || ops[0].Outcome() != state.OutcomeDryRun || ops[0].Landed() {
		t.Errorf("audit %+v", ops)
	}
}

func TestVerifyAfterWriteReportsWhatTheServerStored(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.String("+33 1"), "last_name": api.String("DUPONT")})
	c, _ := f.sb.Contact(sandbox.DocsContactID)
	// The server answers with the last name as it was (ignored) and the
	// phone normalised.
	body, _ := json.Marshal(map[string]any{"success": true, "data": map[string]any{
		"id": c.ID, "customer_id": c.CustomerID, "first_name": c.FirstName, "last_name": c.LastName,
		"email": c.Email, "phone": "+33 1 00", "role": c.Role, "id_crm": nil, "id_erp": nil, "id_accounting": nil,
		"created_at": c.CreatedAt, "updated_at": c.UpdatedAt,
	}})
	f.sb.InjectFault(sandbox.Fault{Method: "PATCH", Body: string(body), Times: 1})
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved || len(r.Stored) != 2 {
		t.Fatalf("outcome %s, stored %+v", r.Outcome, r.Stored)
	}
	if r.Stored[0].Field != "last_name" || r.Stored[0].Stored.Str() != "Dupont" || r.Stored[1].Field != "phone" || r.Stored[1].Stored.Str() != "+33 1 00" {
		t.Errorf("stored %+v", r.Stored)
	}
	if res := f.ops(t)[0].Result; len(res.Stored) != 2 || res.Stored[1].After.Str() != "+33 1 00" {
		t.Errorf("the audit does not say what was stored: %+v", res)
	}
}

func TestAddressEditSharesThePath(t *testing.T) {
	f := newFixture(t)
	a, _ := f.w.API.GetAddress(context.Background(), sandbox.DocsAddressID)
	f.sb.ResetRequests()
	e := Edit{Target: Target{Kind: api.KindAddress, ID: a.ID, ContactID: sandbox.DocsContactID}, Base: a.Values(),
		After: api.Values{"postal_code": api.String("75008"), "state": api.Null(), "country": api.String("france")}}
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved || r.Address == nil || r.Address.PostalCode != "75008" || r.Address.WorkspaceID == "" {
		t.Fatalf("outcome %s %v %+v", r.Outcome, r.Err, r.Address)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"postal_code":"75008"}` {
		t.Errorf("PATCHes %q (state was already null, country already FR: not sent)", got)
	}
	ops := f.ops(t)
	if len(ops) != 1 || ops[0].Entry.Kind != api.KindAddress || ops[0].Entry.ID != sandbox.DocsAddressID || ops[0].Entry.ContactID != sandbox.DocsContactID {
		t.Errorf("audit %+v", ops)
	}
}

func TestScriptSaveReadsOnceUnderTheLock(t *testing.T) {
	f := newFixture(t)
	f.sb.ResetRequests()
	e := Edit{Target: Target{Kind: api.KindAddress, ID: sandbox.DocsAddressID}, After: api.Values{"city": api.String("Lyon")}, Source: "set"}
	r := f.w.Save(context.Background(), e)
	if r.Outcome != Saved || r.Edit.ContactID != sandbox.DocsContactID {
		t.Fatalf("outcome %s %v, contact %q", r.Outcome, r.Err, r.Edit.ContactID)
	}
	if n := len(f.sb.Requests()); n != 2 {
		t.Errorf("%d requests, want 2 (one GET, one PATCH)", n)
	}
	if len(r.Sent) != 1 || r.Sent[0].Before.Str() != "Paris" {
		t.Errorf("sent %+v", r.Sent)
	}
}
