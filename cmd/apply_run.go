package cmd

import (
	"context"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// Rate-limit handling of apply: a PATCH refused with 429 changed nothing,
// so the line is tried again after the server's Retry-After.
const (
	applyMaxRetries = 5
	applyMaxWait    = 30 * time.Second
)

// applyRetryDefault is the wait after a 429 without a usable Retry-After.
// A variable so tests can shorten it (set once, in TestMain).
var applyRetryDefault = 2 * time.Second

// The statuses of an apply result line.
const (
	statusOK        = "ok"
	statusUnchanged = "unchanged"
	statusConflict  = "conflict"
	statusError     = "error"
)

// applyResult is the JSON result line of one input line.
type applyResult struct {
	Line    int      `json:"line"`
	Kind    api.Kind `json:"kind"`
	ID      string   `json:"id"`
	Status  string   `json:"status"`
	Message string   `json:"message"`
	// Fields: sent (ok), already holding the value (unchanged), conflicting
	// (conflict), or the line's fields (error, skipped).
	Fields  []string `json:"fields"`
	Skipped string   `json:"skipped,omitempty"`
	DryRun  bool     `json:"dry_run,omitempty"`
	// Changes and Request show what a dry run would send.
	Changes []api.FieldChange `json:"changes,omitempty"`
	Request *requestJSON      `json:"request,omitempty"`
}

// requestJSON is a dry run's PATCH.
type requestJSON struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	Body   string `json:"body"`
}

// applier runs checked lines through the shared write path.
type applier struct {
	client edit.API
	writer *edit.Writer

	mu      sync.Mutex
	applied map[string]bool // op ids logged as applied, and applied by this run
}

// newApplier reads, once, the op ids the audit log records as applied.
func newApplier(client edit.API, w *edit.Writer) (*applier, error) {
	a := &applier{client: client, writer: w, applied: map[string]bool{}}
	if w.Audit == nil {
		return a, nil
	}
	es, err := w.Audit.Entries(func(e state.Entry) bool { return e.Outcome == state.OutcomeOK && e.OpID != "" })
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		a.applied[e.OpID] = true
	}
	return a, nil
}

func (a *applier) isApplied(op string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.applied[op]
}

func (a *applier) markApplied(op string) {
	a.mu.Lock()
	a.applied[op] = true
	a.mu.Unlock()
}

// run applies one line: skipped when already applied, else read, compare
// and save, again after a rate limit (at most applyMaxRetries times).
func (a *applier) run(ctx context.Context, l *applyLine) applyResult {
	res := applyResult{Line: l.n, Kind: l.schema.Kind, ID: l.id}
	if a.isApplied(l.opID) {
		res.Status, res.Skipped, res.Fields = statusOK, "already applied", touched(l)
		res.Message = "Already applied by an earlier run: not sent again."
		return res
	}
	for try := 0; ; try++ {
		r, err := a.attempt(ctx, l)
		if (api.IsRateLimited(err) || api.IsRateLimited(r.Err)) && try < applyMaxRetries {
			if !wait(ctx, retryWait(err, r.Err)) {
				return interrupted(res, l)
			}
			continue
		}
		return a.fill(res, l, r, err)
	}
}

// attempt reads the record (the edit's base) and saves the line's values.
// err is set when the read failed; otherwise r is the save's result.
func (a *applier) attempt(ctx context.Context, l *applyLine) (r edit.Result, err error) {
	rec, err := fetchRecord(ctx, a.client, l.schema, l.id)
	if err != nil {
		return edit.Result{}, err
	}
	e := edit.Edit{Target: rec.Target, Base: rec.Values, After: l.after, Reason: l.reason, OpID: l.opID, Source: "apply"}
	return a.writer.Save(ctx, e), nil
}

// fill turns a save's result (or a failed read, readErr) into a result
// line.
func (a *applier) fill(res applyResult, l *applyLine, r edit.Result, readErr error) applyResult {
	if readErr != nil {
		res.Status, res.Fields = statusError, touched(l)
		res.Message = sanitize.Text(readErr.Error())
		return res
	}
	res.Message = sanitize.Text(r.Message())
	switch r.Outcome {
	case edit.Saved:
		a.markApplied(l.opID)
		res.Status, res.Fields = statusOK, fieldsOf(r.Sent)
	case edit.DryRan:
		res.Status, res.Fields, res.DryRun, res.Changes = statusOK, fieldsOf(r.Sent), true, r.Sent
		if r.Request != nil {
			res.Request = &requestJSON{Method: r.Request.Method, URL: r.Request.URL, Body: r.Request.Body}
		}
	case edit.Unchanged:
		res.Status, res.Fields = statusUnchanged, nonNil(r.Already)
	case edit.Conflicted:
		res.Status = statusConflict
		for _, c := range r.Conflicts {
			res.Fields = append(res.Fields, c.Field)
		}
	default:
		res.Status, res.Fields = statusError, touched(l)
		res.Message = sanitize.Text(failureMessage(r))
	}
	if r.AuditErr != nil {
		res.Message += " Warning: " + sanitize.Text(r.AuditErr.Error())
	}
	return res
}

// retryWait is how long to wait after a 429: the server's Retry-After,
// capped, or applyRetryDefault.
func retryWait(errs ...error) time.Duration {
	for _, err := range errs {
		if d, ok := api.RetryAfter(err); ok {
			return min(d, applyMaxWait)
		}
	}
	return applyRetryDefault
}

// wait sleeps d; it returns false if ctx ended first.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// interrupted is the result of a line the run stopped before sending.
func interrupted(res applyResult, l *applyLine) applyResult {
	res.Status, res.Fields = statusError, touched(l)
	res.Message = "Not sent: the run was interrupted before this line; run the same file again to resume."
	return res
}

func touched(l *applyLine) []string {
	return edit.Edit{Target: edit.Target{Kind: l.schema.Kind}, After: l.after}.Touched()
}

func fieldsOf(cs []api.FieldChange) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Field
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
