package cmd

import (
	"context"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
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
	statusUnknown   = "unknown"
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

// newApplier reads, once, the lines the audit log records as applied.
func newApplier(client edit.API, w *edit.Writer) (*applier, error) {
	applied, err := w.Applied()
	if err != nil {
		return nil, err
	}
	return &applier{client: client, writer: w, applied: applied}, nil
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
		// No person waits between reading and sending: the write path's
		// one read, under the record's lock, is the base.
		e := edit.Edit{Target: edit.Target{Kind: l.schema.Kind, ID: l.id}, After: l.after, Reason: l.reason, Fingerprint: l.opID, Source: "apply"}
		r := a.writer.Save(ctx, e)
		if api.IsRateLimited(r.Err) && r.Outcome == edit.Failed && try < applyMaxRetries {
			if !wait(ctx, retryWait(r.Err)) {
				return interrupted(res, l)
			}
			continue
		}
		return a.fill(res, l, r)
	}
}

// fill turns a save's result into a result line.
func (a *applier) fill(res applyResult, l *applyLine, r edit.Result) applyResult {
	msg, err := saveWords(r)
	res.Message = sanitize.Text(msg)
	switch {
	case r.Landed():
		a.markApplied(l.opID)
		res.Status, res.Fields = statusOK, edit.FieldsOf(r.Sent)
	case r.Outcome == edit.DryRan:
		res.Status, res.Fields, res.DryRun, res.Changes = statusOK, edit.FieldsOf(r.Sent), true, r.Sent
		if r.Request != nil {
			res.Request = &requestJSON{Method: r.Request.Method, URL: r.Request.URL, Body: r.Request.Body}
		}
	case r.Outcome == edit.Unchanged:
		res.Status, res.Fields = statusUnchanged, nonNil(r.Already)
		if len(r.Already) == 0 {
			res.Fields = touched(l)
		}
	case r.Outcome == edit.Conflicted:
		res.Status = statusConflict
		for _, c := range r.Conflicts {
			res.Fields = append(res.Fields, c.Field)
		}
	case ExitCode(err) == ExitUnknown:
		res.Status, res.Fields = statusUnknown, edit.FieldsOf(r.Sent)
	default:
		res.Status, res.Fields = statusError, touched(l)
	}
	if r.AuditErr != nil {
		res.Message += " Warning: the outcome could not be recorded in the audit log (" + sanitize.Text(r.AuditErr.Error()) + "); the next run records it."
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

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
