package state

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

func entry(id, outcome string, at time.Time) Entry {
	return Entry{
		Time: at, Profile: "prod", APIHost: "api.qwoty.example", OSUser: "alice",
		Kind: api.KindContact, ID: id, Outcome: outcome, Source: "set",
		Changes: []api.FieldChange{{Field: "phone", Before: api.Null(), After: api.String("+33 1")}},
	}
}

func TestAuditAppendConcurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	log := OpenAudit(dir)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := entry(id1, OutcomeOK, time.Time{})
			e.OpID = fmt.Sprint("op-", i)
			// Separate AuditLog values must not interleave either.
			l := log
			if i%2 == 1 {
				l = OpenAudit(dir)
			}
			errs <- l.Append(e)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(log.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines, ops := 0, map[string]bool{}
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not valid JSON: %v", lines+1, err)
		}
		if e.Time.IsZero() {
			t.Errorf("line %d has no time", lines+1)
		}
		ops[e.OpID] = true
		lines++
	}
	if lines != 20 || len(ops) != 20 {
		t.Errorf("%d lines with %d distinct op ids, want 20", lines, len(ops))
	}
	assertMode(t, log.Path(), 0o600)
	assertMode(t, dir, 0o700)
}

func TestAuditTightensLooseMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	dir := t.TempDir()
	log := OpenAudit(dir)
	if err := os.WriteFile(log.Path(), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(log.Path(), 0o644)
	if err := log.Append(entry(id1, OutcomeOK, time.Time{})); err != nil {
		t.Fatal(err)
	}
	assertMode(t, log.Path(), 0o600)
}

func TestAuditEntriesNewestFirstSkippingTornLine(t *testing.T) {
	log := OpenAudit(t.TempDir())
	if es, err := log.Entries(nil); err != nil || len(es) != 0 {
		t.Fatalf("missing log: %v, %v", es, err)
	}
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for i, id := range []string{id1, id2, id3} {
		if err := log.Append(entry(id, OutcomeOK, base.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	// A garbage line in the middle and a half-written last line.
	f, err := os.OpenFile(log.Path(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("not json\n")
	f.Close()
	if err := log.Append(entry(id1, OutcomeFailed, base.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	f, _ = os.OpenFile(log.Path(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"time":"2025-03-01T12:00:00Z","profile":"pr`)
	f.Close()

	es, err := log.Entries(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.ID[:1]+e.Outcome)
	}
	want := []string{"1failed", "3ok", "2ok", "1ok"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", got, want)
	}
	if log.Skipped() != 2 {
		t.Errorf("skipped %d lines, want 2", log.Skipped())
	}
	if c := es[0].Changes; len(c) != 1 || !c[0].Before.IsNull() || c[0].After.Str() != "+33 1" {
		t.Errorf("changes did not round-trip: %+v", c)
	}
	only, err := log.Entries(func(e Entry) bool { return e.ID == id2 })
	if err != nil || len(only) != 1 || only[0].ID != id2 {
		t.Errorf("filtered entries %v, %v", only, err)
	}
}

func TestAuditLastChange(t *testing.T) {
	log := OpenAudit(t.TempDir())
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	old := entry(id1, OutcomeOK, base)
	old.Reason = "old"
	newest := entry(id1, OutcomeOK, base.Add(time.Minute))
	newest.Reason = "newest"
	other := entry(id2, OutcomeOK, base.Add(2*time.Minute))
	addr := entry(id1, OutcomeOK, base.Add(3*time.Minute))
	addr.Kind = api.KindAddress
	for _, e := range []Entry{
		old, newest,
		entry(id1, OutcomeFailed, base.Add(4*time.Minute)),
		entry(id1, OutcomeDryRun, base.Add(5*time.Minute)),
		entry(id1, OutcomeConflict, base.Add(6*time.Minute)),
		other, addr,
	} {
		if err := log.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := log.LastChange(api.KindContact, id1)
	if err != nil || !ok {
		t.Fatalf("LastChange: %v, %v", ok, err)
	}
	if got.Reason != "newest" || got.Outcome != OutcomeOK {
		t.Errorf("LastChange picked %+v", got)
	}
	if _, ok, _ := log.LastChange(api.KindContact, id3); ok {
		t.Error("LastChange found a change for an untouched record")
	}
}

func TestAuditApplied(t *testing.T) {
	log := OpenAudit(t.TempDir())
	ok := entry(id1, OutcomeOK, time.Time{})
	ok.OpID = "op-ok"
	failed := entry(id2, OutcomeFailed, time.Time{})
	failed.OpID = "op-failed"
	dry := entry(id3, OutcomeDryRun, time.Time{})
	dry.OpID = "op-dry"
	for _, e := range []Entry{ok, failed, dry} {
		if err := log.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	for op, want := range map[string]bool{"op-ok": true, "op-failed": false, "op-dry": false, "op-none": false, "": false} {
		got, err := log.Applied(op)
		if err != nil || got != want {
			t.Errorf("Applied(%q) = %v, %v; want %v", op, got, err, want)
		}
	}
}
