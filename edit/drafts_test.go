package edit

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

func TestDraftsRoundTripAndAreDroppedOnSave(t *testing.T) {
	f := newFixture(t)
	f.w.DraftDir = t.TempDir() // drafts apart from the audit (per SSH key)
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
	if ds, _ := f.w.ListDrafts(); len(ds) != 1 {
		t.Errorf("%d drafts listed", len(ds))
	}
	if r := f.w.Save(context.Background(), *d); r.Outcome != Saved {
		t.Fatal(r.Err)
	}
	if d, _, _ := f.w.LoadDraft(api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("the draft survived a successful save")
	}
}
