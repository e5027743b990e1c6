package edit

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// TestSessionsSavingOneFieldAtOnceNeverOverwriteEachOther: 16 people who
// opened the same contact save the same field at once (each with its own
// Writer, as SSH sessions have): the record lock makes exactly one save go
// through and every other one a conflict.
func TestSessionsSavingOneFieldAtOnceNeverOverwriteEachOther(t *testing.T) {
	f := newFixture(t)
	e := f.contactEdit(t, nil)
	const n = 16
	results := make([]Result, n)
	var wg sync.WaitGroup
	for i := range n {
		w := *f.w // a session's own copy; the audit log and state folder are shared
		w.DraftDir = t.TempDir()
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := e
			mine.After = api.Values{"phone": api.String(fmt.Sprintf("+33 1 %02d", i))}
			results[i] = w.Save(context.Background(), mine)
		}()
	}
	wg.Wait()
	saved, conflicts := 0, 0
	winner := ""
	for i, r := range results {
		switch r.Outcome {
		case Saved:
			saved++
			winner = fmt.Sprintf("+33 1 %02d", i)
		case Conflicted:
			conflicts++
		default:
			t.Errorf("save %d: %s %v", i, r.Outcome, r.Err)
		}
	}
	if saved != 1 || conflicts != n-1 {
		t.Fatalf("%d saved, %d conflicts; want 1 and %d", saved, conflicts, n-1)
	}
	if got := f.phone(); got != winner || len(f.patches()) != 1 {
		t.Errorf("server phone %q (want %q), %d PATCHes", got, winner, len(f.patches()))
	}
}

// TestScriptsSavingAtOnceFormAChain: 16 scripts (no person waiting, so the
// read under the lock is the base) set the phone at once: every write goes
// through, each audit entry's "before" is what the previous one left, and
// the server ends with the last entry's "after".
func TestScriptsSavingAtOnceFormAChain(t *testing.T) {
	f := newFixture(t)
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		w := *f.w
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := Edit{Target: Target{Kind: api.KindContact, ID: sandbox.DocsContactID}, After: api.Values{"phone": api.String(fmt.Sprintf("+1 %02d", i))}, Source: "set"}
			if r := w.Save(context.Background(), e); r.Outcome != Saved {
				t.Errorf("save %d: %s %v", i, r.Outcome, r.Err)
			}
		}()
	}
	wg.Wait()
	ops := f.ops(t) // newest first
	if len(ops) != n {
		t.Fatalf("%d ops", len(ops))
	}
	before := map[string]bool{}
	for i := len(ops) - 1; i >= 0; i-- {
		c := ops[i].Entry.Changes[0]
		if before[c.Before.Str()] {
			t.Errorf("two writes started from %q", c.Before.Str())
		}
		before[c.Before.Str()] = true
		if i < len(ops)-1 {
			if prev := ops[i+1].Entry.Changes[0].After; !c.Before.Equal(prev) {
				t.Errorf("op %d starts from %q, but the previous write left %q", i, c.Before.Str(), prev.Str())
			}
		}
	}
	if last := ops[0].Entry.Changes[0].After.Str(); f.phone() != last {
		t.Errorf("server %q, last entry's after %q", f.phone(), last)
	}
	if ops[len(ops)-1].Entry.Changes[0].Before.Str() != "+33 6 12 34 56 78" {
		t.Errorf("the first write did not start from the original phone")
	}
	for _, o := range ops {
		if o.Outcome() != state.OutcomeOK {
			t.Errorf("op %s: %s", o.Entry.Op, o.Outcome())
		}
	}
}
