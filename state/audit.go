package state

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// The kinds of audit entry (Entry.Entry).
const (
	// EntryGenesis starts a chain of entries: the first line of the log,
	// or of a file that continues a rotated one.
	EntryGenesis = "genesis"
	// EntryAttempt is a write about to be sent. It is appended and synced
	// before the request leaves; if it cannot be written, nothing is sent.
	EntryAttempt = "attempt"
	// EntryResult says how an attempt ended (joined to it by Op).
	EntryResult = "result"
	// EntryCheck is a save that sent nothing: a same-field conflict, or a
	// record that already held every value.
	EntryCheck = "check"
)

// Outcomes, as recorded in Entry.Outcome.
const (
	// OutcomeOK: the server accepted the write.
	OutcomeOK = "ok"
	// OutcomeFailed: the write did not happen (the server refused it, or
	// it never left); Status says what the server answered.
	OutcomeFailed = "failed"
	// OutcomeUnknown: the request may have reached the server but no
	// usable answer came; Resolution says what a re-read found.
	OutcomeUnknown = "unknown"
	// OutcomeDryRun: described, not sent.
	OutcomeDryRun = "dry-run"
	// OutcomeConflict: someone else changed a field the person changed;
	// nothing was sent (a check entry).
	OutcomeConflict = "conflict"
	// OutcomeUnchanged: the record already held every value; nothing was
	// sent (a check entry).
	OutcomeUnchanged = "unchanged"
)

// Resolutions of an unknown outcome, found by reading the record again.
const (
	// ResolvedLanded: the record holds the values sent.
	ResolvedLanded = "landed"
	// ResolvedNotLanded: the record still holds the values from before.
	ResolvedNotLanded = "not-landed"
	// ResolvedChanged: the record holds neither: someone else changed it.
	ResolvedChanged = "changed-elsewhere"
)

// When an unknown outcome was resolved (Entry.ResolvedAt).
const (
	ResolvedAtOnce  = "at-once"  // by the write path, right after the request
	ResolvedAtStart = "at-start" // at the next start of the tool
)

// Entry is one line of the audit log.
//
// There is deliberately no field for the API token. Callers must never put
// a token (or an Authorization header, or a URL carrying one) in Error or
// Reason.
type Entry struct {
	// Entry is the kind of line: EntryAttempt, EntryResult, EntryCheck or
	// EntryGenesis. Lines written before the write-ahead log have none:
	// each held one complete write (see Op).
	Entry string `json:"entry,omitempty"`
	// Seq numbers the lines of the log, from 1, across rotated files: a
	// gap is a removed line, a repeat an inserted one.
	Seq uint64 `json:"seq,omitempty"`
	// Op identifies one operation: its attempt and its result share it.
	Op   string    `json:"op,omitempty"`
	Time time.Time `json:"time"`

	// Who, from where.
	Profile        string `json:"profile,omitempty"`
	APIHost        string `json:"api_host,omitempty"`
	OSUser         string `json:"os_user,omitempty"`
	SSHKey         string `json:"ssh_key_fingerprint,omitempty"`
	SSHKeyName     string `json:"ssh_key_name,omitempty"`     // the key's authorized_keys comment: the person
	SSHUserClaimed string `json:"ssh_user_claimed,omitempty"` // what the SSH client said: unverified
	Source         string `json:"source,omitempty"`           // "tui", "set", "apply", "ssh"

	// What.
	Kind      api.Kind `json:"kind,omitempty"`
	ID        string   `json:"id,omitempty"`
	ContactID string   `json:"contact_id,omitempty"` // for an address: its contact
	Title     string   `json:"title,omitempty"`      // the record's name for people, when known
	// Changes: for an attempt, each field sent (Before: the server's value
	// at the check; After: the value sent). For a conflict, the contested
	// fields (Before: theirs; After: yours). For an unchanged check, the
	// fields that already held the value.
	Changes     []api.FieldChange `json:"changes,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	DryRun      bool              `json:"dry_run,omitempty"`
	Undo        bool              `json:"undo,omitempty"`        // this write reverts an earlier one
	Undoes      string            `json:"undoes,omitempty"`      // the op it reverts
	Fingerprint string            `json:"fingerprint,omitempty"` // an apply line's fingerprint, for resume

	// How it ended (results, checks, legacy lines).
	Outcome    string `json:"outcome,omitempty"`
	Resolution string `json:"resolution,omitempty"`  // for OutcomeUnknown
	ResolvedAt string `json:"resolved_at,omitempty"` // ResolvedAtOnce or ResolvedAtStart
	Status     int    `json:"status,omitempty"`      // HTTP status, 0 when none
	Error      string `json:"error,omitempty"`       // never a token
	// Stored lists the fields the server stored differently from what was
	// sent (Before: sent; After: stored), found by comparing its answer.
	Stored []api.FieldChange `json:"stored,omitempty"`
	// Confirmed says how a success without a usable answer (a 2xx with no
	// body) was confirmed: "re-read".
	Confirmed string `json:"confirmed,omitempty"`

	// The chain: Prev is the SHA-256 (hex) of the previous line as written;
	// a genesis line names its chain and, in a rotated log, the file it
	// continues.
	Chain     string `json:"chain,omitempty"`
	Continues string `json:"continues,omitempty"`
	Prev      string `json:"prev,omitempty"`

	// LegacyOpID is the apply fingerprint of lines written before the
	// write-ahead log (op_id).
	LegacyOpID string `json:"op_id,omitempty"`
}

// Person names who made the entry: the SSH key's name, else the key's
// fingerprint, else the OS user; "" when none was recorded.
func (e Entry) Person() string {
	switch {
	case e.SSHKey != "" && e.SSHKeyName != "":
		return e.SSHKeyName
	case e.SSHKey != "":
		return e.SSHKey
	}
	return e.OSUser
}

// AuditLog is the append-only, hash-chained log of writes,
// <dir>/audit.jsonl, one JSON object a line. It is safe for concurrent use,
// within a process and across processes sharing the folder.
type AuditLog struct {
	dir  string
	path string
	// MaxSize is the size past which the file is rotated;
	// DefaultMaxLogSize when 0.
	MaxSize int64
	// Mirror, when set, is given every entry once it is on disk, with the
	// hash of its line (to send the trail off the machine: syslog). It
	// runs under the log's lock and must not block for long.
	Mirror func(e Entry, hash string)

	mu      sync.Mutex
	skipped int
}

// OpenAudit returns the audit log kept in the state directory dir. Nothing
// is touched on disk until the first Append.
func OpenAudit(dir string) *AuditLog {
	return &AuditLog{dir: dir, path: filepath.Join(dir, "audit.jsonl")}
}

// Path returns the log file's path.
func (l *AuditLog) Path() string { return l.path }

func (l *AuditLog) maxSize() int64 {
	if l.MaxSize > 0 {
		return l.MaxSize
	}
	return DefaultMaxLogSize
}

// Dir returns the state folder the log lives in.
func (l *AuditLog) Dir() string { return l.dir }

// Skipped returns how many unreadable lines the latest read skipped.
func (l *AuditLog) Skipped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.skipped
}

func (l *AuditLog) setSkipped(n int) {
	l.mu.Lock()
	l.skipped = n
	l.mu.Unlock()
}

// Entries returns the entries for which match returns true (all of them
// when match is nil), newest first. A missing log has no entries. Lines
// that cannot be read (a torn last line after a crash, hand edits) are
// skipped, never failing the whole read; Skipped reports how many.
func (l *AuditLog) Entries(match func(Entry) bool) ([]Entry, error) {
	var out []Entry
	skipped, err := l.scan(func(e Entry, _ int) {
		if e.Entry != EntryGenesis && (match == nil || match(e)) {
			out = append(out, e)
		}
	})
	l.setSkipped(skipped)
	if err != nil {
		return nil, err
	}
	reverse(out)
	return out, nil
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// ErrStateFolder marks errors about the state folder itself (missing
// rights, a full disk): a write is never sent when its audit entry cannot
// be written.
var ErrStateFolder = errors.New("the state folder cannot be written")

// StateError says why the state folder could not be written, in words a
// person can act on. It wraps the operating system's error and
// ErrStateFolder.
type StateError struct {
	// Folder is the state folder; Path the file that failed.
	Folder, Path string
	// Full is true when the disk (or quota) is full; ReadOnly when the
	// folder or file cannot be written to (ReadOnlyFS: the file system is
	// mounted read-only).
	Full, ReadOnly, ReadOnlyFS bool
	Err                        error
}

func (e *StateError) Error() string {
	what := "cannot be written"
	fix := "check the folder, or set QWOTY_STATE_DIR to a writable one"
	switch {
	case e.Full:
		what = "is on a full disk"
		fix = "free some space there, or set QWOTY_STATE_DIR to a folder on another disk"
	case e.ReadOnlyFS:
		what = "is on a read-only file system"
		fix = "set QWOTY_STATE_DIR to a folder on a writable disk"
	case e.ReadOnly:
		what = "is not writable"
		fix = "make it writable (chmod u+w), or set QWOTY_STATE_DIR to a writable folder"
	}
	return "the state folder " + e.Folder + " " + what + " (" + reason(e.Err) + " on " + filepath.Base(e.Path) + "): " + fix
}

// Unwrap returns the OS error and ErrStateFolder.
func (e *StateError) Unwrap() []error { return []error{e.Err, ErrStateFolder} }

// stateError classifies an error writing path under the state folder dir.
func stateError(dir, path string, err error) error {
	if err == nil {
		return nil
	}
	se := &StateError{Folder: dir, Path: path, Err: err}
	se.Full = isFull(err)
	se.ReadOnlyFS = isReadOnlyFS(err)
	se.ReadOnly = errors.Is(err, os.ErrPermission) || se.ReadOnlyFS
	return se
}
