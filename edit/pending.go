package edit

import (
	"context"
	"errors"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// Resolved is a write from an earlier run whose outcome nobody saw (the
// process was killed while it was in flight), checked now.
type Resolved struct {
	// Attempt is the write's attempt entry: who, what, which changes.
	Attempt state.Entry
	// Resolution is what reading the record found; Unresolved when it
	// could not be read (Err says why; the next start tries again).
	Resolution Resolution
	Err        error
}

// ResolvePending checks every write of this profile and API host left in
// flight by an earlier run: it reads each record again, records in the
// audit log whether the write landed, and drops a draft the write made
// moot. Writes of other profiles or hosts are left for them.
func (w *Writer) ResolvePending(ctx context.Context) ([]Resolved, error) {
	if w.StateDir == "" || w.Audit == nil {
		return nil, nil
	}
	pending, listErr := state.ListPending(w.StateDir)
	var out []Resolved
	var errs []error
	if listErr != nil {
		errs = append(errs, listErr)
	}
	for _, a := range pending {
		if a.APIHost != w.Identity.APIHost || a.Profile != w.Identity.Profile {
			continue
		}
		res, ok := w.resolveOne(ctx, a)
		if !ok {
			continue
		}
		if res.Err != nil && res.Resolution != Unresolved {
			errs = append(errs, res.Err)
		}
		out = append(out, res)
	}
	return out, errors.Join(errs...)
}

// resolveOne checks one write left in flight. It takes the record's lock
// first: a write still under way in another live process (another
// command, a server) holds it, and is left alone (ok false: that process
// records its outcome, or the next start does if it dies); once a write
// lets go, its marker is gone when its process finished it.
func (w *Writer) resolveOne(ctx context.Context, a state.Entry) (Resolved, bool) {
	res := Resolved{Attempt: a}
	lctx, cancel := context.WithTimeout(ctx, inFlightWait)
	unlock, err := state.LockRecord(lctx, w.StateDir, a.APIHost, a.Kind, a.ID)
	cancel()
	if err != nil {
		return res, false
	}
	defer unlock()
	if !state.PendingExists(w.StateDir, a.Op) {
		return res, false // its own process finished it meanwhile
	}
	now, err := w.currentValues(ctx, a.Kind, a.ID)
	if err != nil {
		res.Resolution, res.Err = Unresolved, err
		return res, true
	}
	res.Resolution = Resolve(a.Changes, now)
	entry := state.Entry{
		Entry: state.EntryResult, Op: a.Op, Time: w.now().UTC(),
		Profile: a.Profile, APIHost: a.APIHost, OSUser: w.Identity.OSUser,
		Kind: a.Kind, ID: a.ID, ContactID: a.ContactID,
		Outcome: state.OutcomeUnknown, Resolution: string(res.Resolution), ResolvedAt: state.ResolvedAtStart,
		Error: "the process ended before the answer arrived",
	}
	if err := w.Audit.Append(entry); err != nil {
		res.Err = err
		return res, true
	}
	_ = state.RemovePending(w.StateDir, a.Op)
	if res.Resolution == Landed {
		w.dropMootDraft(a)
	}
	return res, true
}

// inFlightWait is how long a start waits for a record another process is
// writing before leaving that write to it.
const inFlightWait = 250 * time.Millisecond

// currentValues reads a record's updatable values.
func (w *Writer) currentValues(ctx context.Context, kind api.Kind, id string) (api.Values, error) {
	rctx, cancel := context.WithTimeout(ctx, w.timeout())
	defer cancel()
	rec, err := w.Read(rctx, kind, id)
	if err != nil {
		return nil, err
	}
	return rec.Values, nil
}

// dropMootDraft removes a record's draft when it only holds values the
// landed attempt a sent: restoring it would change nothing.
func (w *Writer) dropMootDraft(a state.Entry) {
	d, _, err := w.LoadDraft(a.Kind, a.ID)
	if err != nil || d == nil {
		return
	}
	for f, v := range d.After {
		found := false
		for _, c := range a.Changes {
			if c.Field == f && c.After.Equal(v) {
				found = true
			}
		}
		if !found {
			return
		}
	}
	_ = w.DiscardDraft(a.Kind, a.ID)
}
