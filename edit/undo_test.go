package edit

import (
	"context"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

func TestUndoSendsTheExactInverseAndSaysWhoseChangeItIs(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, api.Values{"phone": api.Null(), "role": api.List("admin")})
	first := f.w.Save(context.Background(), e)
	if first.Outcome != Saved {
		t.Fatal(first.Err)
	}
	u, err := f.w.LastChange(api.KindContact, sandbox.DocsContactID, "")
	if err != nil || u == nil {
		t.Fatalf("no last change: %v", err)
	}
	if u.Of.Entry.Op != first.Op || u.Of.Entry.Source != "test" || u.Of.Entry.SSHKeyName != "Alice Martin" || !u.Of.Entry.Time.Equal(now) {
		t.Errorf("the proposal does not say whose change it undoes: %+v", u.Of.Entry)
	}
	f.sb.ResetRequests()
	r := f.w.Save(context.Background(), u.Edit)
	if r.Outcome != Saved {
		t.Fatalf("undo: %s %v", r.Outcome, r.Err)
	}
	if got := f.patches(); len(got) != 1 || got[0] != `{"phone":"+33 6 12 34 56 78","role":["buyer","signer"]}` {
		t.Errorf("undo PATCH %q", got)
	}
	last := f.ops(t)[0].Entry
	if !last.Undo || last.Undoes != first.Op {
		t.Errorf("the undo is not marked as one in the audit log: %+v", last)
	}
}

func TestUndoOfAnOverwrittenChangeIsAConflict(t *testing.T) {
	f := newFixture(t)
	f.w.Save(context.Background(), f.contactEdit(t, api.Values{"phone": api.String("+33 1")}))
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 2"; c.Phone = &p })
	u, _ := f.w.LastChange(api.KindContact, sandbox.DocsContactID, "")
	f.sb.ResetRequests()
	r := f.w.Save(context.Background(), u.Edit)
	if r.Outcome != Conflicted || len(f.patches()) != 0 {
		t.Fatalf("outcome %s, PATCHes %q", r.Outcome, f.patches())
	}
}

func TestUndoOfAChangeAlreadyRevertedIsRecorded(t *testing.T) {
	f := newFixture(t)
	f.w.Save(context.Background(), f.contactEdit(t, api.Values{"phone": api.String("+33 1")}))
	_ = f.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { p := "+33 6 12 34 56 78"; c.Phone = &p })
	u, _ := f.w.LastChange(api.KindContact, sandbox.DocsContactID, "")
	r := f.w.Save(context.Background(), u.Edit)
	if r.Outcome != Unchanged || len(r.Already) != 1 {
		t.Fatalf("outcome %s, already %v", r.Outcome, r.Already)
	}
	if o := f.ops(t)[0]; o.Outcome() != state.OutcomeUnchanged || !o.Entry.Undo {
		t.Errorf("the no-op undo is not in the log: %+v", o)
	}
}

func TestUndoOnlyOffersChangesOfThisHostAndProfile(t *testing.T) {
	f := newFixture(t)
	f.w.Save(context.Background(), f.contactEdit(t, api.Values{"phone": api.String("+33 1")}))
	for _, id := range []Identity{
		{Profile: "test", APIHost: "127.0.0.1:1", OSUser: "tester"},      // another sandbox
		{Profile: "staging", APIHost: f.w.Identity.APIHost, OSUser: "x"}, // another profile
	} {
		w := *f.w
		w.Identity = id
		if u, err := w.LastChange(api.KindContact, sandbox.DocsContactID, ""); err != nil || u != nil {
			t.Errorf("%+v was offered an undo of another host's or profile's change: %+v", id, u)
		}
	}
	if u, _ := f.w.LastChange(api.KindContact, sandbox.DocsContactID, ""); u == nil {
		t.Error("the writer's own host and profile got no undo")
	}
}
