package state

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func uuid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func TestRecent(t *testing.T) {
	dir := t.TempDir()
	if list, err := LoadRecent(dir, "prod"); err != nil || len(list) != 0 {
		t.Fatalf("missing file: %v, %v", list, err)
	}
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range 25 {
		if _, err := PushRecent(dir, "prod", RecentContact{ID: uuid(i), Name: "n", OpenedAt: base.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := PushRecent(dir, "prod", RecentContact{ID: uuid(10), Name: "again", Email: "a@b.fr"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != MaxRecent {
		t.Fatalf("%d contacts kept, want %d", len(list), MaxRecent)
	}
	want := []string{uuid(10), uuid(24), uuid(23)}
	for i, id := range want {
		if list[i].ID != id {
			t.Errorf("list[%d] = %s, want %s", i, list[i].ID, id)
		}
	}
	seen := map[string]int{}
	for _, c := range list {
		seen[c.ID]++
	}
	if seen[uuid(10)] != 1 {
		t.Errorf("contact listed %d times", seen[uuid(10)])
	}
	if list[0].OpenedAt.IsZero() || list[0].Email != "a@b.fr" {
		t.Errorf("front entry %+v", list[0])
	}
	loaded, err := LoadRecent(dir, "prod")
	if err != nil || fmt.Sprint(loaded) != fmt.Sprint(list) {
		t.Errorf("reloaded list differs: %v", err)
	}
	path := filepath.Join(dir, "recent", "prod.json")
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700)

	if _, err := PushRecent(dir, "prod", RecentContact{ID: "../x"}); err == nil {
		t.Error("PushRecent accepted an invalid id")
	}

	// A damaged file reads as empty, with an error, and is replaced.
	os.WriteFile(path, []byte("{oops"), 0o600)
	if list, err := LoadRecent(dir, "prod"); err == nil || len(list) != 0 {
		t.Errorf("damaged file: %v, %v", list, err)
	}
	if list, err := PushRecent(dir, "prod", RecentContact{ID: uuid(1)}); err != nil || len(list) != 1 {
		t.Errorf("push over a damaged file: %v, %v", list, err)
	}
}
