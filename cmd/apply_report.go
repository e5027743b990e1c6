package cmd

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// applyReport writes apply's result lines to out in input order (holding
// back results that arrive early), counts them, and keeps the progress
// display up to date. It is safe for concurrent use.
type applyReport struct {
	mu       sync.Mutex
	out      io.Writer
	progress *progressDisplay
	dryRun   bool

	results []*applyResult
	next    int // the first result not written yet
	done    int
	counts  map[string]int
	skipped int
	err     error // the first write error on out
}

func newApplyReport(out io.Writer, n int, p *progressDisplay, dryRun bool) *applyReport {
	return &applyReport{out: out, progress: p, dryRun: dryRun,
		results: make([]*applyResult, n), counts: map[string]int{}}
}

// add records the result of line i and writes every result now in order.
func (r *applyReport) add(i int, res applyResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res.Fields == nil {
		res.Fields = []string{}
	}
	r.results[i] = &res
	r.done++
	r.counts[res.Status]++
	if res.Skipped != "" {
		r.skipped++
	}
	for r.next < len(r.results) && r.results[r.next] != nil {
		r.write(r.results[r.next])
		r.results[r.next] = nil
		r.next++
	}
	r.progress.update(r.done)
}

// write emits one result line (and, for a dry run, its diff for people).
func (r *applyReport) write(res *applyResult) {
	line, err := marshalPlain(res)
	if err == nil {
		_, err = r.out.Write(append(line, '\n'))
	}
	if err != nil && r.err == nil {
		r.err = err
	}
	if res.DryRun && len(res.Changes) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "line %d: %s %s\n", res.Line, res.Kind, api.ShortID(sanitize.Text(res.ID)))
		for _, c := range res.Changes {
			b.WriteString("  " + changeLine(c) + "\n")
		}
		r.progress.println(b.String())
	}
}

// summary is the closing line for stderr:
// "300 lines: 290 ok, 5 unchanged, 3 conflict, 2 error".
func (r *applyReport) summary() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := fmt.Sprintf("%d lines: %d ok, %d unchanged, %d conflict, %d error", len(r.results),
		r.counts[statusOK], r.counts[statusUnchanged], r.counts[statusConflict], r.counts[statusError])
	if n := r.counts[statusUnknown]; n > 0 {
		s += fmt.Sprintf(", %d unknown", n)
	}
	if r.skipped > 0 {
		s += fmt.Sprintf(" (%d already applied by an earlier run, skipped)", r.skipped)
	}
	if r.dryRun {
		s += " (dry run: nothing was sent)"
	}
	return s
}

// count returns how many results had that status.
func (r *applyReport) count(status string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[status]
}
