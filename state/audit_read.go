package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// scan reads the log oldest first, every file of it, handing each readable
// entry and its line number (from 1, in its file) to fn, and returns how
// many lines it had to skip.
func (l *AuditLog) scan(fn func(e Entry, line int)) (int, error) {
	skipped := 0
	for _, file := range l.files() {
		n, err := scanFile(file, fn)
		skipped += n
		if err != nil {
			return skipped, err
		}
	}
	return skipped, nil
}

func scanFile(path string, fn func(e Entry, line int)) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fail("cannot read the audit log", path, err)
	}
	defer f.Close()
	unlock := lockFile(f, false)
	defer unlock()
	skipped, n := 0, 0
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			n++
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if e, ok := parseEntry(line); ok {
				fn(e, n)
			} else {
				skipped++
			}
		}
		if err == io.EOF {
			return skipped, nil
		}
		if err != nil {
			return skipped, fail("cannot read the audit log", path, err)
		}
	}
}

// parseEntry decodes one line; entries without a time, or without a kind
// and an outcome, are treated as damaged.
func parseEntry(line []byte) (Entry, bool) {
	var e Entry
	if err := json.Unmarshal(line, &e); err != nil || e.Time.IsZero() || (e.Entry == "" && e.Outcome == "") {
		return Entry{}, false
	}
	if e.Entry == "" && e.Fingerprint == "" {
		e.Fingerprint = e.LegacyOpID
	}
	return e, true
}

// Op is one operation of the log: an attempt joined with its result, a
// check (a save that sent nothing), or a line from before the write-ahead
// log (which held a whole write).
type Op struct {
	// Entry is the attempt, the check, or the legacy line: who, what,
	// which changes.
	Entry Entry
	// Result is the attempt's result; nil while none is recorded.
	Result *Entry
	// Line is the line number of Entry in the log.
	Line int
}

// Pending reports an attempt with no result recorded (yet): the process
// may have been killed while it was in flight.
func (o Op) Pending() bool { return o.Entry.Entry == EntryAttempt && o.Result == nil }

// Outcome returns the operation's outcome: the result's, the check's or
// the legacy line's; "pending" for an attempt without a result.
func (o Op) Outcome() string {
	switch {
	case o.Result != nil:
		return o.Result.Outcome
	case o.Pending():
		return "pending"
	}
	return o.Entry.Outcome
}

// Resolution returns how an unknown outcome was resolved, or "".
func (o Op) Resolution() string {
	if o.Result != nil {
		return o.Result.Resolution
	}
	return ""
}

// Landed reports whether the operation's changes reached the server: an
// accepted write, or an unknown one a re-read found there.
func (o Op) Landed() bool {
	if o.Entry.DryRun || o.Entry.Entry == EntryCheck {
		return false
	}
	out := o.Outcome()
	return out == OutcomeOK || (out == OutcomeUnknown && o.Resolution() == ResolvedLanded)
}

// About reports whether the operation concerns that record (ids compare
// case-insensitively).
func (o Op) About(kind api.Kind, id string) bool {
	return o.Entry.Kind == kind && strings.EqualFold(o.Entry.ID, id)
}

// Ops returns the log's operations whose main entry (attempt, check or
// legacy line) match accepts (all when match is nil), newest first, each
// with its result.
func (l *AuditLog) Ops(match func(Entry) bool) ([]Op, error) {
	var ops []Op
	byOp := map[string]int{}
	skipped, err := l.scan(func(e Entry, line int) {
		switch e.Entry {
		case EntryGenesis:
		case EntryResult:
			if i, ok := byOp[e.Op]; ok {
				r := e
				ops[i].Result = &r
			}
		default:
			if match != nil && !match(e) {
				return
			}
			if e.Entry == EntryAttempt && e.Op != "" {
				byOp[e.Op] = len(ops)
			}
			ops = append(ops, Op{Entry: e, Line: line})
		}
	})
	l.setSkipped(skipped)
	if err != nil {
		return nil, err
	}
	reverse(ops)
	return ops, nil
}

// LastLanded returns the newest operation on the record (kind, id) whose
// changes reached the server, recorded for that API host and profile. The
// boolean is false when there is none.
func (l *AuditLog) LastLanded(kind api.Kind, id, apiHost, profile string) (Op, bool, error) {
	ops, err := l.History(kind, id)
	if err != nil {
		return Op{}, false, err
	}
	for _, o := range ops {
		if o.Landed() && len(o.Entry.Changes) > 0 && o.Entry.APIHost == apiHost && o.Entry.Profile == profile {
			return o, true, nil
		}
	}
	return Op{}, false, nil
}

// Applied reports whether an operation with that apply fingerprint
// reached the server, so a resumed batch can skip it. An empty fingerprint
// is never applied.
func (l *AuditLog) Applied(fingerprint string) (bool, error) {
	set, err := l.AppliedSet()
	return fingerprint != "" && set[fingerprint], err
}

// AppliedSet returns every apply fingerprint whose operation reached the
// server.
func (l *AuditLog) AppliedSet() (map[string]bool, error) {
	ops, err := l.Ops(func(e Entry) bool { return e.Fingerprint != "" })
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, o := range ops {
		if o.Landed() {
			out[o.Entry.Fingerprint] = true
		}
	}
	return out, nil
}
