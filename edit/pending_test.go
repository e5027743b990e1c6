package edit

import (
	"context"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// leftInFlight records an attempt and its marker as a process killed
// mid-PATCH leaves them, and returns the attempt.
func (f *fixture) leftInFlight(t *testing.T, op, id string, before, after api.Value, identity Identity) state.Entry {
	t.Helper()
	a := state.Entry{Entry: state.EntryAttempt, Op: op, Time: now, Profile: identity.Profile, APIHost: identity.APIHost,
		OSUser: "tester", Kind: api.KindContact, ID: id, ContactID: id, Source: "tui",
		Changes: []api.FieldChange{{Field: "phone", Before: before, After: after}}}
	if err := f.w.Audit.Append(a); err != nil {
		t.Fatal(err)
	}
	if err := state.WritePending(f.dir, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestResolvePendingRecordsWhatTheKilledWritesDid(t *testing.T) {
	f := newFixture(t)
	orig := api.String("+33 6 12 34 56 78")
	// The PATCH of op 1 reached the server; op 2's never did; op 3 is of
	// another API host: left alone; op 4's record changed otherwise.
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 1"; c.Phone = &p })
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000001", sandbox.DocsContactID, orig, api.String("+33 1"), f.w.Identity)
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000002", sandbox.NoAddressesContactID, api.Null(), api.String("+33 2"), f.w.Identity)
	other := f.w.Identity
	other.APIHost = "127.0.0.1:1"
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000003", sandbox.DocsContactID, orig, api.String("+33 3"), other)
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000004", sandbox.EmptyPhoneContactID, api.String("x"), api.String("y"), f.w.Identity)
	// A draft the landed write makes moot, and one it does not.
	_ = f.w.SaveDraft(Edit{Target: Target{Kind: api.KindContact, ID: sandbox.DocsContactID}, Base: api.Values{"phone": orig}, After: api.Values{"phone": api.String("+33 1")}})

	res, err := f.w.ResolvePending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Resolution{}
	for _, r := range res {
		got[r.Attempt.Op[len(r.Attempt.Op)-1:]] = r.Resolution
	}
	want := map[string]Resolution{"1": Landed, "2": NotLanded, "4": ChangedElsewhere}
	if len(got) != len(want) || got["1"] != Landed || got["2"] != NotLanded || got["4"] != ChangedElsewhere {
		t.Fatalf("resolved %v, want %v", got, want)
	}
	ops := f.ops(t)
	byOp := map[string]state.Op{}
	for _, o := range ops {
		byOp[o.Entry.Op] = o
	}
	if o := byOp["00000000-0000-4000-8000-000000000001"]; !o.Landed() || o.Result.ResolvedAt != state.ResolvedAtStart {
		t.Errorf("op 1: %+v %+v", o, o.Result)
	}
	if o := byOp["00000000-0000-4000-8000-000000000003"]; !o.Pending() {
		t.Errorf("another host's write was resolved here: %+v", o.Result)
	}
	if ps, _ := state.ListPending(f.dir); len(ps) != 1 || ps[0].APIHost != "127.0.0.1:1" {
		t.Errorf("markers left: %+v", ps)
	}
	if d, _, _ := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("a draft whose values landed is still offered")
	}
	if len(f.patches()) != 0 {
		t.Errorf("resolving sent %q: nothing is ever sent twice", f.patches())
	}
	// A second start finds nothing more to do.
	if res, _ := f.w.ResolvePending(context.Background()); len(res) != 0 {
		t.Errorf("second start resolved %+v", res)
	}
}

func TestResolvePendingKeepsTheMarkerWhenTheRecordCannotBeRead(t *testing.T) {
	f := newFixture(t, withTimeout(200*time.Millisecond))
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000001", sandbox.DocsContactID, api.Null(), api.String("+33 1"), f.w.Identity)
	f.sb.InjectFault(sandbox.Fault{Method: "GET", Status: 500})
	res, _ := f.w.ResolvePending(context.Background())
	if len(res) != 1 || res[0].Resolution != Unresolved || res[0].Err == nil {
		t.Fatalf("resolved %+v", res)
	}
	if ps, _ := state.ListPending(f.dir); len(ps) != 1 {
		t.Errorf("the marker was dropped though nothing was learned: %+v", ps)
	}
	if o := f.ops(t)[0]; !o.Pending() {
		t.Errorf("a result was recorded though nothing was learned: %+v", o.Result)
	}
}

// TestResolvePendingLeavesAWriteStillUnderWayAlone: a start that finds the
// marker of a write another process is still sending (it holds the
// record's lock) does not resolve it: that process records its outcome.
func TestResolvePendingLeavesAWriteStillUnderWayAlone(t *testing.T) {
	f := newFixture(t)
	f.leftInFlight(t, "00000000-0000-4000-8000-000000000001", sandbox.DocsContactID, api.String("+33 6 12 34 56 78"), api.String("+33 1"), f.w.Identity)
	unlock, err := state.LockRecord(context.Background(), f.dir, f.w.Identity.APIHost, api.KindContact, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := f.w.ResolvePending(context.Background())
	unlock()
	if len(res) != 0 {
		t.Fatalf("a write still under way was resolved: %+v", res)
	}
	if o := f.ops(t)[0]; !o.Pending() {
		t.Errorf("a result was recorded for it: %+v", o.Result)
	}
	// Once it lets go, a later start does resolve it.
	if res, _ := f.w.ResolvePending(context.Background()); len(res) != 1 || res[0].Resolution != NotLanded {
		t.Errorf("after the lock was released: %+v", res)
	}
}
