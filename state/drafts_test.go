package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

func TestDraftRoundTrip(t *testing.T) {
	dir := t.TempDir()
	d := Draft{
		Profile: "prod", Kind: api.KindAddress, ID: id1, ContactID: id2,
		Base: api.Values{"name": api.Null(), "comment": api.String(""), "city": api.String("Lyon")},
		Edited: api.Values{
			"name": api.String(""), "comment": api.Null(), "city": api.String("Paris <&>"),
		},
		Reason:  "ticket 42",
		SavedAt: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),
	}
	if err := SaveDraft(dir, d); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "drafts", "prod", "address-"+id1+".json")
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Join(dir, "drafts", "prod"), 0o700)
	assertMode(t, filepath.Join(dir, "drafts"), 0o700)

	got, err := LoadDraft(dir, "prod", api.KindAddress, id1)
	if err != nil || got == nil {
		t.Fatalf("LoadDraft: %v, %v", got, err)
	}
	if got.ContactID != id2 || got.Reason != "ticket 42" || !got.SavedAt.Equal(d.SavedAt) {
		t.Errorf("draft came back as %+v", got)
	}
	for _, m := range []struct {
		name      string
		want, got api.Values
	}{
		{"base", d.Base, got.Base}, {"edited", d.Edited, got.Edited},
	} {
		if len(m.got) != len(m.want) {
			t.Errorf("%s: %d fields, want %d", m.name, len(m.got), len(m.want))
		}
		for k, v := range m.want {
			if !v.Equal(m.got[k]) {
				t.Errorf("%s.%s = %s, want %s", m.name, k, m.got[k].Text(), v.Text())
			}
		}
	}

	roles := Draft{Profile: "prod", Kind: api.KindContact, ID: id1,
		Base: api.Values{"role": api.List()}, Edited: api.Values{"role": api.List("buyer", "signer")}}
	if err := SaveDraft(dir, roles); err != nil {
		t.Fatal(err)
	}
	got, err = LoadDraft(dir, "prod", api.KindContact, id1)
	if err != nil || !got.Base["role"].IsList() || !got.Edited["role"].Equal(api.List("buyer", "signer")) {
		t.Errorf("list values did not round-trip: %+v, %v", got, err)
	}
	if got.SavedAt.IsZero() {
		t.Error("SavedAt not set")
	}

	if err := DeleteDraft(dir, "prod", api.KindContact, id1); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadDraft(dir, "prod", api.KindContact, id1); got != nil || err != nil {
		t.Errorf("after delete: %v, %v", got, err)
	}
	if err := DeleteDraft(dir, "prod", api.KindContact, id1); err != nil {
		t.Errorf("deleting a missing draft: %v", err)
	}
	if got, err := LoadDraft(dir, "other", api.KindAddress, id1); got != nil || err != nil {
		t.Errorf("draft of another profile: %v, %v", got, err)
	}
}

func TestDraftPathTraversalRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	for _, id := range []string{"../../etc/passwd", "", id1 + "/../x", "..", id1 + "\x00"} {
		if err := SaveDraft(dir, Draft{Profile: "p", Kind: api.KindContact, ID: id}); err == nil {
			t.Errorf("SaveDraft accepted id %q", id)
		}
		if _, err := LoadDraft(dir, "p", api.KindContact, id); err == nil {
			t.Errorf("LoadDraft accepted id %q", id)
		}
		if err := DeleteDraft(dir, "p", api.KindContact, id); err == nil {
			t.Errorf("DeleteDraft accepted id %q", id)
		}
	}
	if err := SaveDraft(dir, Draft{Profile: "p", Kind: "../../x", ID: id1}); err == nil {
		t.Error("SaveDraft accepted a made-up kind")
	}
	for _, p := range []string{"../x", "..", ".", "a/../../b", `..\x`, "/etc"} {
		if err := SaveDraft(dir, Draft{Profile: p, Kind: api.KindContact, ID: id1}); err != nil {
			t.Fatalf("profile %q: %v", p, err)
		}
		if got, err := LoadDraft(dir, p, api.KindContact, id1); err != nil || got == nil || got.Profile != p {
			t.Errorf("profile %q did not round-trip: %v, %v", p, got, err)
		}
	}
	// Everything stayed inside <dir>/drafts, one level down.
	err := filepath.Walk(filepath.Dir(dir), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "drafts"), path)
		if strings.HasPrefix(rel, "..") || strings.Count(rel, string(filepath.Separator)) != 1 {
			t.Errorf("file written outside the drafts directory: %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := safeName(""); s != "default" {
		t.Errorf("empty profile maps to %q", s)
	}
}

func TestListDrafts(t *testing.T) {
	dir := t.TempDir()
	if ds, err := ListDrafts(dir, "prod"); err != nil || len(ds) != 0 {
		t.Fatalf("no drafts: %v, %v", ds, err)
	}
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for i, id := range []string{id2, id1, id3} {
		d := Draft{Profile: "prod", Kind: api.KindContact, ID: id, SavedAt: base.Add(time.Duration(i) * time.Hour)}
		if err := SaveDraft(dir, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := SaveDraft(dir, Draft{Profile: "staging", Kind: api.KindContact, ID: id1}); err != nil {
		t.Fatal(err)
	}
	ds, err := ListDrafts(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID)
	}
	if strings.Join(got, " ") != strings.Join([]string{id3, id1, id2}, " ") {
		t.Errorf("order %v", got)
	}

	// A damaged file is reported by name but does not hide the others.
	bad := filepath.Join(dir, "drafts", "prod", "address-"+id1+".json")
	if err := os.WriteFile(bad, []byte(`{"kind":"address","id":`), 0o600); err != nil {
		t.Fatal(err)
	}
	ds, err = ListDrafts(dir, "prod")
	if len(ds) != 3 || err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("with a damaged file: %d drafts, %v", len(ds), err)
	}
	_, err = LoadDraft(dir, "prod", api.KindAddress, id1)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("LoadDraft of a damaged file: %v", err)
	}
}
