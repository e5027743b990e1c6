package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/internal/faultfs"
)

// attempt returns an attempt entry of op on record id.
func attempt(op, id string, at time.Time) Entry {
	return Entry{
		Entry: EntryAttempt, Op: op, Time: at, Profile: "prod", APIHost: "api.qwoty.example", OSUser: "alice",
		Kind: api.KindContact, ID: id, Source: "set",
		Changes: []api.FieldChange{{Field: "phone", Before: api.Null(), After: api.String("+33 1")}},
	}
}

// result returns the result entry of op.
func result(op, id, outcome, resolution string) Entry {
	return Entry{Entry: EntryResult, Op: op, Kind: api.KindContact, ID: id, Outcome: outcome, Resolution: resolution,
		Profile: "prod", APIHost: "api.qwoty.example"}
}

func op(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// lines returns the log's raw lines.
func lines(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
}

// checkChain asserts the log starts with a genesis line and every line
// names the hash of the one before.
func checkChain(t *testing.T, path string) {
	t.Helper()
	ls := lines(t, path)
	var first Entry
	if err := json.Unmarshal(ls[0], &first); err != nil || first.Entry != EntryGenesis || first.Chain == "" || first.Prev != "" {
		t.Fatalf("the first line is not a genesis: %s", ls[0])
	}
	for i := 1; i < len(ls); i++ {
		var e Entry
		if err := json.Unmarshal(ls[i], &e); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if e.Prev != hashLine(ls[i-1]) {
			t.Fatalf("line %d names prev %q, want the hash of line %d", i+1, e.Prev, i)
		}
	}
}

func TestAuditAppendConcurrentChained(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	log := OpenAudit(dir)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := log
			if i%2 == 1 { // separate AuditLog values must not interleave either
				l = OpenAudit(dir)
			}
			errs <- l.Append(attempt(op(i), id1, time.Time{}))
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
	n, ops := 0, map[string]bool{}
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not valid JSON: %v", n+1, err)
		}
		if e.Time.IsZero() {
			t.Errorf("line %d has no time", n+1)
		}
		ops[e.Op] = true
		n++
	}
	if n != 41 || len(ops) != 41 { // the genesis line has op ""
		t.Errorf("%d lines with %d distinct ops, want 41 (genesis + 40)", n, len(ops))
	}
	checkChain(t, log.Path())
	assertMode(t, log.Path(), 0o600)
	assertMode(t, dir, 0o700)
}

func TestAuditChainSurvivesOutsideAppendsAndTornLines(t *testing.T) {
	log := OpenAudit(t.TempDir())
	if err := log.Append(attempt(op(1), id1, time.Time{})); err != nil {
		t.Fatal(err)
	}
	// Another process appended (the remembered tip is stale), then a crash
	// left a line without its newline.
	f, _ := os.OpenFile(log.Path(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(string(must(marshalEntry(attempt(op(2), id2, time.Now())))) + "\n")
	f.WriteString(`{"entry":"attempt","time":"2025-03-01T12:00:00Z","pro`)
	f.Close()
	if err := log.Append(attempt(op(3), id3, time.Time{})); err != nil {
		t.Fatal(err)
	}
	ls := lines(t, log.Path())
	if len(ls) != 5 {
		t.Fatalf("%d lines, want 5 (genesis, 3 entries, the torn one): %s", len(ls), bytes.Join(ls, []byte("\n")))
	}
	var last Entry
	json.Unmarshal(ls[4], &last)
	if last.Op != op(3) || last.Prev != hashLine(ls[3]) {
		t.Errorf("the entry after the torn line does not chain to it: %s", ls[4])
	}
	es, err := log.Entries(nil)
	if err != nil || len(es) != 3 || log.Skipped() != 1 {
		t.Errorf("read %d entries, skipped %d, err %v; want 3 and 1", len(es), log.Skipped(), err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
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
	if err := log.Append(attempt(op(1), id1, time.Time{})); err != nil {
		t.Fatal(err)
	}
	assertMode(t, log.Path(), 0o600)
}

func TestAuditOpsJoinAttemptsWithResults(t *testing.T) {
	log := OpenAudit(t.TempDir())
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	legacy := Entry{Time: base, Profile: "prod", APIHost: "api.qwoty.example", Kind: api.KindContact, ID: id2,
		Outcome: OutcomeOK, LegacyOpID: "fp-legacy", Changes: []api.FieldChange{{Field: "email", Before: api.String("a@b.fr"), After: api.String("c@d.fr")}}}
	for _, e := range []Entry{
		legacy,
		attempt(op(1), id1, base.Add(time.Minute)), result(op(1), id1, OutcomeOK, ""),
		attempt(op(2), id1, base.Add(2*time.Minute)), // killed in flight: no result
		attempt(op(3), id1, base.Add(3*time.Minute)), result(op(3), id1, OutcomeUnknown, ResolvedNotLanded),
		{Entry: EntryCheck, Op: op(4), Time: base.Add(4 * time.Minute), Kind: api.KindContact, ID: id1, Outcome: OutcomeConflict},
	} {
		if err := log.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	ops, err := log.Ops(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range ops {
		got = append(got, fmt.Sprintf("%s:%s:%v", o.Entry.ID[:1], o.Outcome(), o.Landed()))
	}
	want := []string{"1:conflict:false", "1:unknown:false", "1:pending:false", "1:ok:true", "2:ok:true"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ops %v, want %v", got, want)
	}
	if !ops[2].Pending() || ops[1].Resolution() != ResolvedNotLanded {
		t.Errorf("pending %v, resolution %q", ops[2].Pending(), ops[1].Resolution())
	}
	if ok, err := log.Applied("fp-legacy"); err != nil || !ok {
		t.Errorf("a legacy line's fingerprint is not seen as applied: %v %v", ok, err)
	}
}

func TestAuditLastLandedKeepsToHostAndProfile(t *testing.T) {
	log := OpenAudit(t.TempDir())
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	mine := attempt(op(1), id1, base)
	mine.Reason = "mine"
	other := attempt(op(2), id1, base.Add(time.Minute))
	other.APIHost = "127.0.0.1:9999"
	otherProfile := attempt(op(3), id1, base.Add(2*time.Minute))
	otherProfile.Profile = "staging"
	landedUnknown := attempt(op(4), strings.ToUpper(id1), base.Add(3*time.Minute))
	landedUnknown.Reason = "landed after a timeout"
	dry := attempt(op(5), id1, base.Add(4*time.Minute))
	dry.DryRun = true
	for _, e := range []Entry{
		mine, result(op(1), id1, OutcomeOK, ""),
		other, result(op(2), id1, OutcomeOK, ""),
		otherProfile, result(op(3), id1, OutcomeOK, ""),
		landedUnknown, result(op(4), id1, OutcomeUnknown, ResolvedLanded),
		dry, result(op(5), id1, OutcomeDryRun, ""),
	} {
		if err := log.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	got, ok, err := log.LastLanded(api.KindContact, id1, "api.qwoty.example", "prod")
	if err != nil || !ok || got.Entry.Reason != "landed after a timeout" {
		t.Errorf("LastLanded picked %+v (%v, %v)", got.Entry, ok, err)
	}
	if _, ok, _ := log.LastLanded(api.KindContact, id2, "api.qwoty.example", "prod"); ok {
		t.Error("LastLanded found a change for an untouched record")
	}
	if got, ok, _ := log.LastLanded(api.KindContact, id1, "127.0.0.1:9999", "prod"); !ok || got.Entry.Op != op(2) {
		t.Errorf("the other host's change: %+v", got.Entry)
	}
}

func TestAuditAppendRefusedByReadOnlyOrFullFolder(t *testing.T) {
	for _, c := range []struct {
		name string
		dir  string
		full bool
	}{
		{"read-only", faultfs.ReadOnlyDir(t, nil), false},
		{"full", faultfs.FullDir(t), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := OpenAudit(c.dir).Append(attempt(op(1), id1, time.Time{}))
			var se *StateError
			if !errors.As(err, &se) || !errors.Is(err, ErrStateFolder) {
				t.Fatalf("error %v", err)
			}
			if se.Full != c.full || se.ReadOnly == c.full {
				t.Errorf("full %v, read-only %v: %v", se.Full, se.ReadOnly, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.dir) || !strings.Contains(msg, "QWOTY_STATE_DIR") {
				t.Errorf("the message does not name the folder and a way out: %s", msg)
			}
		})
	}
}

func TestPendingMarkers(t *testing.T) {
	dir := t.TempDir()
	if ps, err := ListPending(dir); err != nil || len(ps) != 0 {
		t.Fatalf("no markers: %v %v", ps, err)
	}
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := 2; i >= 1; i-- {
		if err := WritePending(dir, attempt(op(i), id1, base.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	if err := WritePending(dir, Entry{Entry: EntryAttempt, Op: "../../x"}); err == nil {
		t.Error("a marker named by a path was written")
	}
	os.WriteFile(filepath.Join(dir, "pending", op(9)+".json"), []byte("{"), 0o600)
	ps, err := ListPending(dir)
	if len(ps) != 2 || ps[0].Op != op(1) || ps[1].Op != op(2) || err == nil || !strings.Contains(err.Error(), op(9)) {
		t.Fatalf("markers %+v, error %v", ps, err)
	}
	if len(ps[0].Changes) != 1 || ps[0].Changes[0].After.Str() != "+33 1" {
		t.Errorf("the marker lost the changes: %+v", ps[0].Changes)
	}
	assertMode(t, filepath.Join(dir, "pending", op(1)+".json"), 0o600)
	if err := RemovePending(dir, op(1)); err != nil {
		t.Fatal(err)
	}
	if err := RemovePending(dir, op(1)); err != nil {
		t.Errorf("removing a missing marker: %v", err)
	}
	if ps, _ := ListPending(dir); len(ps) != 1 || ps[0].Op != op(2) {
		t.Errorf("after removal: %+v", ps)
	}
}

func TestEntryPersonPrefersTheKeysName(t *testing.T) {
	for _, c := range []struct {
		e    Entry
		want string
	}{
		{Entry{OSUser: "alice"}, "alice"},
		{Entry{OSUser: "qwoty", SSHKey: "SHA256:abc"}, "SHA256:abc"},
		{Entry{OSUser: "qwoty", SSHKey: "SHA256:abc", SSHKeyName: "Bob Martin"}, "Bob Martin"},
		{Entry{}, ""},
	} {
		if got := c.e.Person(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
		}
	}
}
