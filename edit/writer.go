package edit

import (
	"context"
	"errors"
	"fmt"
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

// Writer saves edits. It owns every guarantee of a write: values
// normalised and checked, the reason rule, a per-record lock from the
// conflict-check read to the end of the PATCH, the field-level conflict
// check, a write-ahead audit entry (nothing is sent when it cannot be
// written), the PATCH of exactly the changed fields, an outcome that is
// always known (an unknown one is resolved by reading the record again),
// the comparison of the server's answer with what was sent, and drafts.
// One Writer serves a whole session; it is safe for concurrent use.
type Writer struct {
	API   API
	Audit *state.AuditLog
	// StateDir holds the record locks and the markers of writes in flight
	// ("" keeps none: locks then hold within the process only).
	StateDir string
	// DraftDir holds drafts; StateDir when empty. KeepDrafts makes a save
	// that did not reach the server keep the edit as a draft (the TUI; a
	// command line has its shell history instead).
	DraftDir   string
	KeepDrafts bool
	Identity   Identity
	// BaseURL is the API root, for dry-run descriptions.
	BaseURL string
	// DryRun makes Save describe the PATCH instead of sending it.
	DryRun bool
	// RequireReason refuses a change without a reason.
	RequireReason bool
	// Timeout bounds the re-read that resolves an unknown outcome, and the
	// wait for a record another write holds; 15 s when zero.
	Timeout time.Duration
	// Now is the clock for audit entries; time.Now when nil.
	Now func() time.Time
	// Sending, when set, is told when a save's request is about to leave
	// (its attempt recorded: op names it), and the function it returns is
	// given the save's result. A server uses it to tell a person whose
	// session ends what became of their save.
	Sending func(op string, e Edit) func(Result)
}

func (w *Writer) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Writer) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return api.DefaultTimeout
}

func (w *Writer) draftDir() string {
	if w.DraftDir != "" {
		return w.DraftDir
	}
	return w.StateDir
}

// ErrLocked is the refusal of a save whose record another write (in this
// process or another sharing the state folder) held for too long.
var ErrLocked = errors.New("another write to this record is still under way (from another window, session or command); try again in a moment")

// Save checks the edit against a fresh copy of the record and, when no field
// the person changed was also changed by someone else, sends a PATCH of
// exactly the changed fields.
//
// An edit without a Base (no person waited between reading and saving: a
// script) takes the fresh copy, read under the record's lock, as its base:
// one read in all.
func (w *Writer) Save(ctx context.Context, e Edit) Result {
	r := Result{Edit: e}
	done := func(o Outcome, err error) Result {
		r.Outcome, r.Err, r.At = o, err, w.now()
		w.settleDraft(&r)
		return r
	}
	after, err := Normalize(e.Schema(), e.After)
	if err != nil {
		return done(Refused, err)
	}
	e.After = after
	r.Edit = e
	if err := w.CheckReason(e.Reason); err != nil {
		return done(Refused, err)
	}
	if e.Base != nil && len(e.Changes()) == 0 {
		return done(Unchanged, nil)
	}
	if len(e.After) == 0 {
		return done(Unchanged, nil)
	}

	lctx, cancel := context.WithTimeout(ctx, 2*w.timeout()+5*time.Second)
	unlock, err := state.LockRecord(lctx, w.StateDir, w.Identity.APIHost, e.Kind, e.ID)
	cancel()
	switch {
	case err != nil && ctx.Err() != nil:
		return done(Refused, &api.Error{Kind: api.ErrCanceled, Err: ctx.Err()})
	case errors.Is(err, context.DeadlineExceeded):
		return done(Refused, ErrLocked)
	case err != nil:
		return done(Refused, fmt.Errorf("nothing was sent: %w", err))
	}
	defer unlock()

	fresh, err := w.fetch(ctx, e.Target, &r)
	if err != nil {
		return done(Failed, err)
	}
	script := e.Base == nil
	if script {
		e.Base = fresh.Clone()
	}
	if e.Kind == api.KindAddress && e.ContactID == "" && r.Address != nil && r.Address.ContactID.Valid {
		e.ContactID = r.Address.ContactID.String
	}
	r.Edit, r.Fresh = e, fresh
	r.Conflicts, r.Sent, r.Already, r.Others = e.Compare(fresh)
	if script { // the values given that the record already holds
		for _, f := range e.Touched() {
			if e.After[f].Equal(fresh[f]) {
				r.Already = append(r.Already, f)
			}
		}
	}
	if len(r.Conflicts) > 0 {
		r.Op = newOp()
		r.AuditErr = w.Audit.Append(w.checkEntry(r.Op, &r, state.OutcomeConflict))
		return done(Conflicted, nil)
	}
	if len(r.Sent) == 0 {
		if len(r.Already) > 0 { // the server holds the person's values: record it, not silently drop it
			r.Op = newOp()
			r.AuditErr = w.Audit.Append(w.checkEntry(r.Op, &r, state.OutcomeUnchanged))
		}
		return done(Unchanged, nil)
	}
	p := api.NewPatch(e.Schema())
	for _, c := range r.Sent {
		if err := p.Set(c.Field, c.After); err != nil {
			return done(Refused, err)
		}
	}
	r.Request = Describe(w.BaseURL, e.Target, p)
	r.Op = newOp()
	attempt := w.attemptEntry(r.Op, &r)
	if err := w.Audit.Append(attempt); err != nil {
		return done(Refused, fmt.Errorf("nothing was sent: the audit entry could not be written first: %w", err))
	}
	if w.DryRun {
		r.AuditErr = w.Audit.Append(w.resultEntry(r.Op, &r, state.OutcomeDryRun, nil))
		return done(DryRan, nil)
	}
	if w.StateDir != "" {
		if err := state.WritePending(w.StateDir, attempt); err != nil {
			_ = w.Audit.Append(w.resultEntry(r.Op, &r, state.OutcomeFailed, err))
			return done(Refused, fmt.Errorf("nothing was sent: the write could not be marked as under way: %w", err))
		}
	}
	if w.Sending != nil {
		finished := w.Sending(r.Op, e)
		defer func() { finished(r) }()
	}
	outcome, err := w.send(ctx, e.Target, p, &r)
	r.Outcome = outcome
	res := w.resultEntry(r.Op, &r, auditOutcome(outcome), err)
	// The marker stays while the outcome is unknown and unresolved (and
	// when the result could not be recorded): the next start checks again.
	r.AuditErr = w.Audit.Append(res)
	if r.AuditErr == nil && w.StateDir != "" && !(outcome == Unknown && r.Resolution == Unresolved) {
		_ = state.RemovePending(w.StateDir, r.Op)
	}
	r = done(outcome, err)
	return r
}

// RecordUnfinished records, for a write still in flight when the process
// must stop (a server shutting down), that its outcome is unknown. Its
// marker stays: the next start reads the record again and records what it
// finds.
func (w *Writer) RecordUnfinished(op string, e Edit) error {
	r := Result{Edit: e, Op: op}
	entry := w.resultEntry(op, &r, state.OutcomeUnknown, errors.New("the process stopped before the answer arrived; the next start checks it"))
	entry.Resolution, entry.ResolvedAt = "", ""
	return w.Audit.Append(entry)
}

// auditOutcome is the audit log's word for an outcome.
func auditOutcome(o Outcome) string {
	switch o {
	case Saved:
		return state.OutcomeOK
	case Unknown:
		return state.OutcomeUnknown
	}
	return state.OutcomeFailed
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
