package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// Outcomes of a write, as recorded in Entry.Outcome.
const (
	OutcomeOK       = "ok"
	OutcomeFailed   = "failed"
	OutcomeConflict = "conflict"
	OutcomeDryRun   = "dry-run"
)

// Entry is one line of the audit log: one attempted write to one record.
//
// There is deliberately no field for the API token. Callers must never put
// a token (or an Authorization header, or a URL carrying one) in Error or
// Reason.
type Entry struct {
	Time    time.Time `json:"time"`
	Profile string    `json:"profile"`
	APIHost string    `json:"api_host"`
	OSUser  string    `json:"os_user"`
	SSHKey  string    `json:"ssh_key_fingerprint,omitempty"`
	// SSHKeyName is the authorized_keys comment of the key: the person.
	SSHKeyName string `json:"ssh_key_name,omitempty"`
	// SSHUserClaimed is the user name the SSH client sent: unverified.
	SSHUserClaimed string            `json:"ssh_user_claimed,omitempty"`
	Kind           api.Kind          `json:"kind"`
	ID             string            `json:"id"`
	ContactID      string            `json:"contact_id,omitempty"` // for an address: its contact
	Changes        []api.FieldChange `json:"changes"`
	Reason         string            `json:"reason,omitempty"`
	Outcome        string            `json:"outcome"`          // one of the Outcome constants
	Status         int               `json:"status,omitempty"` // HTTP status, 0 when none
	Error          string            `json:"error,omitempty"`  // never a token
	Undo           bool              `json:"undo,omitempty"`   // this write reverts an earlier one
	OpID           string            `json:"op_id,omitempty"`  // batch line fingerprint (apply), for resume
	Source         string            `json:"source,omitempty"` // "tui", "set", "apply", "ssh"
}

// appendMu serialises appends within the process, whichever AuditLog value
// they go through; a file lock (where available) and O_APPEND cover other
// processes.
var appendMu sync.Mutex

// AuditLog is the append-only log of writes, <dir>/audit.jsonl, one JSON
// object a line. It is safe for concurrent use.
type AuditLog struct {
	path    string
	mu      sync.Mutex
	skipped int
}

// OpenAudit returns the audit log kept in the state directory dir. Nothing
// is touched on disk until the first Append.
func OpenAudit(dir string) *AuditLog {
	return &AuditLog{path: filepath.Join(dir, "audit.jsonl")}
}

// Path returns the log file's path.
func (l *AuditLog) Path() string { return l.path }

// Append adds e to the log as one line, written with a single write call
// and synced to disk before Append returns. A zero Time is set to now (UTC)
// and nil Changes are written as an empty list. The file is created 0600
// (and tightened to 0600 if it was looser), its directory 0700.
func (l *AuditLog) Append(e Entry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	if e.Changes == nil {
		e.Changes = []api.FieldChange{}
	}
	line, err := json.Marshal(e)
	if err != nil {
		return errors.New("cannot record the change in the audit log: " + err.Error())
	}
	line = append(line, '\n')

	const what = "cannot write to the audit log"
	if err := mkdir(what, filepath.Dir(l.path)); err != nil {
		return err
	}
	appendMu.Lock()
	defer appendMu.Unlock()
	f, err := os.OpenFile(l.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, fileMode)
	if err != nil {
		return fail(what, l.path, err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&^fileMode != 0 {
		if err := f.Chmod(fileMode); err != nil {
			f.Close()
			return fail("cannot restrict the permissions of the audit log", l.path, err)
		}
	}
	unlock := lockFile(f, true)
	_, err = f.Write(line)
	if err == nil {
		err = f.Sync()
	}
	unlock()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(what, l.path, err)
	}
	return nil
}

// Entries returns the entries for which match returns true (all of them
// when match is nil), newest first, that is in the reverse order they were
// appended. A missing log has no entries. Lines that cannot be read (a
// torn last line after a crash, hand edits) are skipped, never failing the
// whole read; Skipped reports how many the latest call skipped.
func (l *AuditLog) Entries(match func(Entry) bool) ([]Entry, error) {
	out, skipped, err := l.read(match)
	l.mu.Lock()
	l.skipped = skipped
	l.mu.Unlock()
	return out, err
}

// Skipped returns how many unreadable lines the latest Entries, LastChange
// or Applied call skipped.
func (l *AuditLog) Skipped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.skipped
}

// LastChange returns the newest successful write (Outcome ok) to the record
// of that kind and id. Failures, conflicts and dry runs are ignored. The
// boolean is false when there is none.
func (l *AuditLog) LastChange(kind api.Kind, id string) (Entry, bool, error) {
	es, err := l.Entries(func(e Entry) bool {
		return e.Outcome == OutcomeOK && e.Kind == kind && e.ID == id
	})
	if err != nil || len(es) == 0 {
		return Entry{}, false, err
	}
	return es[0], true, nil
}

// Applied reports whether a successful write with that op id was logged,
// so a resumed batch can skip it. An empty op id is never applied.
func (l *AuditLog) Applied(opID string) (bool, error) {
	if opID == "" {
		return false, nil
	}
	es, err := l.Entries(func(e Entry) bool { return e.Outcome == OutcomeOK && e.OpID == opID })
	return len(es) > 0, err
}

// read parses the log and counts the lines it had to skip.
func (l *AuditLog) read(match func(Entry) bool) ([]Entry, int, error) {
	const what = "cannot read the audit log"
	f, err := os.Open(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fail(what, l.path, err)
	}
	defer f.Close()
	unlock := lockFile(f, false)
	defer unlock()

	var out []Entry
	skipped := 0
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if e, ok := parseEntry(line); !ok {
				skipped++
			} else if match == nil || match(e) {
				out = append(out, e)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, skipped, fail(what, l.path, err)
		}
	}
	slices.Reverse(out)
	return out, skipped, nil
}

// parseEntry decodes one line; entries without a time or an outcome are
// treated as damaged.
func parseEntry(line []byte) (Entry, bool) {
	var e Entry
	if err := json.Unmarshal(line, &e); err != nil || e.Time.IsZero() || e.Outcome == "" {
		return Entry{}, false
	}
	return e, true
}
