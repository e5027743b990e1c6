package state

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// appendMu serialises appends within the process, whichever AuditLog value
// they go through; a file lock (where available) covers other processes.
var appendMu sync.Mutex

// chainTip remembers, per log file, the hash of its last line and the size
// the file had then, so an append need not read the file back when no
// other process wrote in between. Guarded by appendMu.
var chainTip = map[string]tip{}

type tip struct {
	file os.FileInfo
	size int64
	hash string
}

// Append adds e to the log as one line, chained to the line before it, and
// syncs it to disk before returning. A zero Time is set to now (UTC). The
// file is created 0600 (and tightened to 0600 if it was looser), its
// directory 0700; a new file starts with a genesis line. An error says, in
// words a person can act on, why the state folder could not be written
// (it wraps ErrStateFolder).
func (l *AuditLog) Append(e Entry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	if err := os.MkdirAll(l.dir, dirMode); err != nil {
		return stateError(l.dir, l.path, err)
	}
	appendMu.Lock()
	defer appendMu.Unlock()
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_APPEND|os.O_CREATE, fileMode)
	if err != nil {
		return stateError(l.dir, l.path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&^fileMode != 0 {
		if err := f.Chmod(fileMode); err != nil {
			return stateError(l.dir, l.path, err)
		}
	}
	unlock := lockFile(f, true)
	defer unlock()

	fi, err := f.Stat()
	if err != nil {
		return stateError(l.dir, l.path, err)
	}
	var buf []byte
	prev := ""
	switch t, ok := chainTip[l.path]; {
	case fi.Size() == 0:
		g, err := genesis(e.Time, "", "")
		if err != nil {
			return err
		}
		buf = append(g, '\n')
		prev = hashLine(g)
	case ok && os.SameFile(t.file, fi) && t.size == fi.Size():
		prev = t.hash
	default:
		last, terminated, err := lastLine(f, fi.Size())
		if err != nil {
			return stateError(l.dir, l.path, err)
		}
		if !terminated { // a torn line (a crash mid-write): end it, chain over it
			buf = append(buf, '\n')
		}
		prev = hashLine(last)
	}
	e.Prev = prev
	line, err := marshalEntry(e)
	if err != nil {
		return errors.New("cannot record the change in the audit log: " + err.Error())
	}
	buf = append(buf, line...)
	buf = append(buf, '\n')
	if _, err := f.Write(buf); err != nil {
		delete(chainTip, l.path)
		return stateError(l.dir, l.path, err)
	}
	if err := f.Sync(); err != nil {
		delete(chainTip, l.path)
		return stateError(l.dir, l.path, err)
	}
	chainTip[l.path] = tip{file: fi, size: fi.Size() + int64(len(buf)), hash: hashLine(line)}
	return nil
}

// genesis returns a chain's first line: a fresh chain id, and for a file
// continuing a rotated one, that file's name and last hash.
func genesis(at time.Time, continues, prev string) ([]byte, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	return marshalEntry(Entry{Entry: EntryGenesis, Time: at.UTC(), Chain: hex.EncodeToString(id[:]), Continues: continues, Prev: prev})
}

// marshalEntry encodes an entry as one line (no newline).
func marshalEntry(e Entry) ([]byte, error) {
	if e.Changes == nil && (e.Entry == EntryAttempt || e.Entry == EntryCheck) {
		e.Changes = []api.FieldChange{}
	}
	return json.Marshal(e)
}

// hashLine is the chain hash of one line as written (without its newline).
func hashLine(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:])
}

// lastLine returns the last line of a file of that size (without its
// newline) and whether it ended with one.
func lastLine(f *os.File, size int64) ([]byte, bool, error) {
	if size == 0 {
		return nil, true, nil
	}
	end := size
	one := make([]byte, 1)
	if _, err := f.ReadAt(one, size-1); err != nil {
		return nil, false, err
	}
	terminated := one[0] == '\n'
	if terminated {
		end--
	}
	const chunk = 8 << 10
	var tail []byte
	for pos := end; pos > 0; {
		n := min(int64(chunk), pos)
		pos -= n
		b := make([]byte, n)
		if _, err := f.ReadAt(b, pos); err != nil && !errors.Is(err, io.EOF) {
			return nil, false, err
		}
		tail = append(b, tail...)
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] == '\n' {
				return tail[i+1:], terminated, nil
			}
		}
	}
	return tail[:end], terminated, nil
}

// forgetTip drops what Append remembers of a file (after a rotation or in
// tests that edit the file behind its back).
func forgetTip(path string) {
	appendMu.Lock()
	delete(chainTip, filepath.Clean(path))
	delete(chainTip, path)
	appendMu.Unlock()
}
