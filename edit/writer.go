package edit

import (
	"context"
	"errors"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// API is what the write path needs from the Qwoty client.
type API interface {
	GetContact(ctx context.Context, id string) (*api.Contact, error)
	GetAddress(ctx context.Context, id string) (*api.Address, error)
	UpdateContact(ctx context.Context, id string, p *api.Patch) (*api.Contact, error)
	UpdateAddress(ctx context.Context, id string, p *api.Patch) (*api.Address, error)
}

// Identity says who writes, for the audit log.
type Identity struct {
	Profile string
	APIHost string
	OSUser  string
	// SSHKey is the fingerprint of the SSH key a served session
	// authenticated with; SSHKeyName its authorized_keys comment (the
	// person's name); SSHUserClaimed the user name the client sent, which
	// proves nothing and is kept apart.
	SSHKey         string
	SSHKeyName     string
	SSHUserClaimed string
}

// Writer saves edits: conflict check, PATCH, audit, draft clean-up. One
// Writer serves a whole session; it is safe for concurrent use.
type Writer struct {
	API      API
	Audit    *state.AuditLog
	StateDir string // drafts live here; "" disables drafts
	Identity Identity
	// BaseURL is the API root, for dry-run descriptions.
	BaseURL string
	// DryRun makes Save describe the PATCH instead of sending it.
	DryRun bool
	// Now is the clock for audit entries; time.Now when nil.
	Now func() time.Time
}

// Outcome is how a save ended.
type Outcome string

// The outcomes of Save.
const (
	// Saved: the PATCH was sent and accepted.
	Saved Outcome = "saved"
	// Unchanged: nothing needed sending (no change, or the server already
	// holds the new values).
	Unchanged Outcome = "unchanged"
	// Conflicted: someone changed a field the person also changed; nothing
	// was sent.
	Conflicted Outcome = "conflict"
	// DryRan: the PATCH was described, not sent.
	DryRan Outcome = "dry-run"
	// Failed: the save failed; Err says why.
	Failed Outcome = "failed"
)

// Result is the outcome of a save, with what a person needs to hear.
type Result struct {
	Outcome Outcome
	Edit    Edit
	// Sent lists the fields sent (or, for a dry run, that would be), with
	// the server's value before.
	Sent []api.FieldChange
	// Conflicts lists same-field conflicts (Outcome Conflicted).
	Conflicts []Conflict
	// Already lists fields that already held the person's value.
	Already []string
	// Others lists fields someone else changed meanwhile that this save did
	// not touch.
	Others []api.FieldChange
	// Fresh is the server's copy from the pre-save check.
	Fresh api.Values
	// Contact or Address is the record after the save (the server's
	// answer), or the fresh copy when nothing was sent.
	Contact *api.Contact
	Address *api.Address
	// Request describes the PATCH (always set when there was one to send).
	Request *Request
	// Err is why the save failed (Outcome Failed).
	Err error
	// AuditErr is set when the audit log could not be written.
	AuditErr error
	// At is when the save ended.
	At time.Time
}

func (w *Writer) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// ErrNoChanges is the error of a save that had nothing to send.
var ErrNoChanges = errors.New("nothing to save: no field was changed")

// Save checks the edit against a fresh copy of the record and, when no field
// the person changed was also changed by someone else, sends a PATCH of
// exactly the changed fields. Every attempt that reaches the server is
// recorded (and synced) in the audit log before Save returns.
func (w *Writer) Save(ctx context.Context, e Edit) Result {
	r := Result{Edit: e}
	if len(e.Changes()) == 0 {
		r.Outcome, r.At = Unchanged, w.now()
		return r
	}
	if _, err := e.Patch(); err != nil {
		// Refused before any request: not a write attempt.
		r.Outcome, r.Err, r.At = Failed, err, w.now()
		return r
	}

	fresh, err := w.fetch(ctx, e.Target, &r)
	if err != nil {
		r.Outcome, r.Err = Failed, err
		w.record(&r, api.StatusCode(err))
		return r
	}
	r.Fresh = fresh
	r.Conflicts, r.Sent, r.Already, r.Others = e.Compare(fresh)
	if len(r.Conflicts) > 0 {
		r.Outcome = Conflicted
		w.record(&r, 0)
		return r
	}
	if len(r.Sent) == 0 {
		r.Outcome, r.At = Unchanged, w.now()
		w.dropDraft(e.Target)
		return r
	}
	p := api.NewPatch(e.Schema())
	for _, c := range r.Sent {
		if err := p.Set(c.Field, c.After); err != nil {
			r.Outcome, r.Err, r.At = Failed, err, w.now()
			return r
		}
	}
	r.Request = Describe(w.BaseURL, e.Target, p)
	if w.DryRun {
		r.Outcome = DryRan
		w.record(&r, 0)
		return r
	}
	if err := w.send(ctx, e.Target, p, &r); err != nil {
		r.Outcome, r.Err = Failed, err
		w.record(&r, api.StatusCode(err))
		return r
	}
	r.Outcome = Saved
	w.record(&r, 200)
	w.dropDraft(e.Target)
	return r
}

// fetch gets the server's current copy of the record.
func (w *Writer) fetch(ctx context.Context, t Target, r *Result) (api.Values, error) {
	switch t.Kind {
	case api.KindContact:
		c, err := w.API.GetContact(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		r.Contact = c
		return c.Values(), nil
	case api.KindAddress:
		a, err := w.API.GetAddress(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		r.Address = a
		return a.Values(), nil
	}
	return nil, errors.New("unknown kind of record: " + string(t.Kind))
}

// send sends the PATCH and keeps the server's answer, with the fields the
// answer leaves out taken from the fresh copy.
func (w *Writer) send(ctx context.Context, t Target, p *api.Patch, r *Result) error {
	switch t.Kind {
	case api.KindContact:
		c, err := w.API.UpdateContact(ctx, t.ID, p)
		if err != nil {
			return err
		}
		c.KeepKnown(r.Contact)
		r.Contact = c
	case api.KindAddress:
		a, err := w.API.UpdateAddress(ctx, t.ID, p)
		if err != nil {
			return err
		}
		a.KeepKnown(r.Address)
		r.Address = a
	}
	return nil
}

// record appends the attempt to the audit log and syncs it.
func (w *Writer) record(r *Result, status int) {
	r.At = w.now()
	if w.Audit == nil {
		return
	}
	entry := state.Entry{
		Time:           r.At.UTC(),
		Profile:        w.Identity.Profile,
		APIHost:        w.Identity.APIHost,
		OSUser:         w.Identity.OSUser,
		SSHKey:         w.Identity.SSHKey,
		SSHKeyName:     w.Identity.SSHKeyName,
		SSHUserClaimed: w.Identity.SSHUserClaimed,
		Kind:           r.Edit.Kind,
		ID:             r.Edit.ID,
		ContactID:      r.Edit.ContactID,
		Reason:         r.Edit.Reason,
		Undo:           r.Edit.Undo,
		OpID:           r.Edit.OpID,
		Source:         r.Edit.Source,
		Status:         status,
	}
	switch r.Outcome {
	case Saved:
		entry.Outcome, entry.Changes = state.OutcomeOK, r.Sent
	case DryRan:
		entry.Outcome, entry.Changes = state.OutcomeDryRun, r.Sent
	case Conflicted:
		entry.Outcome = state.OutcomeConflict
		for _, c := range r.Conflicts {
			entry.Changes = append(entry.Changes, api.FieldChange{Field: c.Field, Before: c.Theirs, After: c.Yours})
		}
		entry.Error = ConflictSummary(r.Conflicts)
	default:
		entry.Outcome = state.OutcomeFailed
		entry.Changes = r.Sent
		if entry.Changes == nil {
			entry.Changes = r.Edit.Changes()
		}
		if r.Err != nil {
			entry.Error = r.Err.Error()
		}
	}
	r.AuditErr = w.Audit.Append(entry)
}

func (w *Writer) dropDraft(t Target) {
	if w.StateDir == "" {
		return
	}
	_ = state.DeleteDraft(w.StateDir, w.Identity.Profile, t.Kind, t.ID)
}

// SaveDraft keeps an unsaved edit under the state dir, so it can be offered
// again when the record is next opened.
func (w *Writer) SaveDraft(e Edit) error {
	if w.StateDir == "" || len(e.After) == 0 {
		return nil
	}
	return state.SaveDraft(w.StateDir, state.Draft{
		Profile: w.Identity.Profile, Kind: e.Kind, ID: e.ID, ContactID: e.ContactID,
		Base: e.Base, Edited: e.After, Reason: e.Reason, SavedAt: w.now().UTC(),
	})
}

// LoadDraft returns the saved draft of a record as an edit, or nil.
func (w *Writer) LoadDraft(kind api.Kind, id string) (*Edit, time.Time, error) {
	if w.StateDir == "" {
		return nil, time.Time{}, nil
	}
	d, err := state.LoadDraft(w.StateDir, w.Identity.Profile, kind, id)
	if err != nil || d == nil {
		return nil, time.Time{}, err
	}
	e := &Edit{
		Target: Target{Kind: d.Kind, ID: d.ID, ContactID: d.ContactID},
		Base:   d.Base, After: d.Edited, Reason: d.Reason,
	}
	return e, d.SavedAt, nil
}

// DiscardDraft removes a record's draft.
func (w *Writer) DiscardDraft(kind api.Kind, id string) error {
	if w.StateDir == "" {
		return nil
	}
	return state.DeleteDraft(w.StateDir, w.Identity.Profile, kind, id)
}

// LastChange returns the newest successful change to a record recorded in
// the audit log, as the edit that would undo it.
func (w *Writer) LastChange(kind api.Kind, id, contactID string) (*Edit, *state.Entry, error) {
	if w.Audit == nil {
		return nil, nil, nil
	}
	entry, ok, err := w.Audit.LastChange(kind, id)
	if err != nil || !ok {
		return nil, nil, err
	}
	if entry.ContactID != "" {
		contactID = entry.ContactID
	}
	u := Undo(Target{Kind: kind, ID: id, ContactID: contactID}, entry.Changes)
	return &u, &entry, nil
}
