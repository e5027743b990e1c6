package edit

import (
	"errors"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// base returns an audit entry naming who writes what.
func (w *Writer) base(kind, op string, r *Result) state.Entry {
	e := r.Edit
	return state.Entry{
		Entry:          kind,
		Op:             op,
		Time:           w.now().UTC(),
		Profile:        w.Identity.Profile,
		APIHost:        w.Identity.APIHost,
		OSUser:         w.Identity.OSUser,
		SSHKey:         w.Identity.SSHKey,
		SSHKeyName:     w.Identity.SSHKeyName,
		SSHUserClaimed: w.Identity.SSHUserClaimed,
		Source:         e.Source,
		Kind:           e.Kind,
		ID:             e.ID,
		ContactID:      e.ContactID,
		Title:          r.Title(),
		Reason:         e.Reason,
		Undo:           e.Undo,
		Undoes:         e.Undoes,
		Fingerprint:    e.Fingerprint,
	}
}

// attemptEntry is written (and synced) before the request leaves.
func (w *Writer) attemptEntry(op string, r *Result) state.Entry {
	a := w.base(state.EntryAttempt, op, r)
	a.Changes, a.DryRun = r.Sent, w.DryRun
	return a
}

// resultEntry says how the attempt op ended.
func (w *Writer) resultEntry(op string, r *Result, outcome string, err error) state.Entry {
	e := w.base(state.EntryResult, op, r)
	e.Title, e.Reason, e.Fingerprint, e.Undo, e.Undoes, e.Source = "", "", "", false, "", ""
	e.Outcome, e.Status = outcome, r.Status
	if outcome == state.OutcomeUnknown {
		e.Resolution, e.ResolvedAt = string(r.Resolution), state.ResolvedAtOnce
		if r.Resolution == Unresolved {
			e.Resolution = ""
		}
	}
	if r.Confirmed {
		e.Confirmed = "re-read"
	}
	for _, s := range r.Stored {
		e.Stored = append(e.Stored, api.FieldChange{Field: s.Field, Before: s.Sent, After: s.Stored})
	}
	if err != nil {
		e.Error = err.Error()
	}
	return e
}

// checkEntry records a save that sent nothing: a conflict (the contested
// fields, theirs → yours) or values the server already held.
func (w *Writer) checkEntry(op string, r *Result, outcome string) state.Entry {
	e := w.base(state.EntryCheck, op, r)
	e.Outcome, e.DryRun = outcome, w.DryRun
	switch outcome {
	case state.OutcomeConflict:
		for _, c := range r.Conflicts {
			e.Changes = append(e.Changes, api.FieldChange{Field: c.Field, Before: c.Theirs, After: c.Yours})
		}
	case state.OutcomeUnchanged:
		for _, f := range r.Already {
			e.Changes = append(e.Changes, api.FieldChange{Field: f, Before: r.Edit.Base[f], After: r.Edit.After[f]})
		}
	}
	return e
}

// IsStateFolder reports whether err is about the state folder (it cannot
// be written: full, read-only), so nothing was sent.
func IsStateFolder(err error) bool { return errors.Is(err, state.ErrStateFolder) }
