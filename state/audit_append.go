package state

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// DefaultMaxLogSize is the size past which the audit log is rotated: the
// file is renamed audit-<last seq>.jsonl and a new one continues the chain.
const DefaultMaxLogSize = 64 << 20

// appendMu serialises appends within the process, whichever AuditLog value
// they go through; a file lock (where available) covers other processes.
var appendMu sync.Mutex

// chainTip remembers, per log file, its last line's hash and sequence
// number and the size the file had then, so an append need not read the
// file back when no other process wrote in between. Guarded by appendMu.
var chainTip = map[string]tip{}

type tip struct {
	file os.FileInfo
	size int64
	hash string
	seq  uint64
	torn bool // the file's last line has no newline (a crash mid-write)
}

// Append adds e to the log as one line, numbered and chained to the line
// before it, and syncs it to disk before returning. A zero Time is set to
// now (UTC). The file is created 0600 (and tightened to 0600 if it was
// looser), its directory 0700; a new log starts with a genesis line, and a
// file past MaxSize is rotated first. An error says, in words a person can
// act on, why the state folder could not be written (it wraps
// ErrStateFolder). After the line is on disk, the log's index and head are
// updated and the mirror (if any) is given the line.
func (l *AuditLog) Append(e Entry) error {
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	if err := os.MkdirAll(l.dir, dirMode); err != nil {
		return stateError(l.dir, l.path, err)
	}
	appendMu.Lock()
	defer appendMu.Unlock()
	f, fi, unlock, err := l.openLocked()
	if err != nil {
		return err
	}
	defer f.Close()
	defer unlock()

	t, err := l.tipOf(f, fi)
	if err != nil {
		return stateError(l.dir, l.path, err)
	}
	if max := l.maxSize(); fi.Size() >= max && fi.Size() > 0 {
		return l.rotateAndAppend(f, t, e)
	}
	var buf, gline []byte
	if fi.Size() == 0 {
		g, err := genesisLine(e.Time, 1, "", "")
		if err != nil {
			return err
		}
		buf, gline = append(g, '\n'), g
		t = tip{hash: hashLine(g), seq: 1}
	} else if !t.terminated() {
		buf = append(buf, '\n') // a torn line (a crash mid-write): end it, chain over it
	}
	e.Seq, e.Prev = t.seq+1, t.hash
	line, err := marshalEntry(e)
	if err != nil {
		return errors.New("cannot record the change in the audit log: " + err.Error())
	}
	offset := fi.Size() + int64(len(buf))
	buf = append(buf, line...)
	buf = append(buf, '\n')
	if err := writeSynced(f, buf); err != nil {
		delete(chainTip, l.path)
		return stateError(l.dir, l.path, err)
	}
	chainTip[l.path] = tip{file: fi, size: fi.Size() + int64(len(buf)), hash: hashLine(line), seq: e.Seq}
	if gline != nil {
		var gen Entry
		_ = json.Unmarshal(gline, &gen)
		l.after(f, l.path, 0, gen, gline)
	}
	l.after(f, l.path, offset, e, line)
	return nil
}

// terminated reports whether the file the tip was read from ended with a
// newline.
func (t tip) terminated() bool { return !t.torn }

// openLocked opens the current log file and takes its exclusive lock,
// reopening when another process rotated the file meanwhile.
func (l *AuditLog) openLocked() (*os.File, os.FileInfo, func(), error) {
	for {
		f, err := os.OpenFile(l.path, os.O_RDWR|os.O_APPEND|os.O_CREATE, fileMode)
		if err != nil {
			return nil, nil, nil, stateError(l.dir, l.path, err)
		}
		if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&^fileMode != 0 {
			if err := f.Chmod(fileMode); err != nil {
				f.Close()
				return nil, nil, nil, stateError(l.dir, l.path, err)
			}
		}
		unlock := lockFile(f, true)
		fi, err := f.Stat()
		if err != nil {
			unlock()
			f.Close()
			return nil, nil, nil, stateError(l.dir, l.path, err)
		}
		if now, err := os.Stat(l.path); err == nil && os.SameFile(now, fi) {
			return f, fi, unlock, nil
		}
		unlock() // rotated under us: append to the new file
		f.Close()
	}
}

// tipOf returns the chain's tip in f: remembered, or read back.
func (l *AuditLog) tipOf(f *os.File, fi os.FileInfo) (tip, error) {
	if fi.Size() == 0 {
		return tip{}, nil
	}
	if t, ok := chainTip[l.path]; ok && os.SameFile(t.file, fi) && t.size == fi.Size() {
		return t, nil
	}
	return readTip(f, fi.Size())
}

// rotateAndAppend moves the full file f aside (audit-<seq>.jsonl) and puts
// in its place a new file holding a genesis line that continues the chain
// and then e, written before the new file takes the log's name.
func (l *AuditLog) rotateAndAppend(f *os.File, t tip, e Entry) error {
	old := filepath.Join(l.dir, fmt.Sprintf("audit-%012d.jsonl", t.seq))
	if err := os.Link(l.path, old); err != nil {
		return stateError(l.dir, old, err)
	}
	_ = os.Rename(l.path+".idx", old+".idx")
	g, err := genesisLine(e.Time, t.seq+1, filepath.Base(old), t.hash)
	if err != nil {
		return err
	}
	e.Seq, e.Prev = t.seq+2, hashLine(g)
	line, err := marshalEntry(e)
	if err != nil {
		return errors.New("cannot record the change in the audit log: " + err.Error())
	}
	data := append(append(append(g, '\n'), line...), '\n')
	if err := writeAtomic("cannot start a new audit log file", l.path, data); err != nil {
		return stateError(l.dir, l.path, errors.Unwrap(err))
	}
	delete(chainTip, l.path)
	nf, err := os.Open(l.path)
	if err == nil {
		if fi, err := nf.Stat(); err == nil {
			chainTip[l.path] = tip{file: fi, size: fi.Size(), hash: hashLine(line), seq: e.Seq}
		}
		nf.Close()
	}
	var gen Entry
	_ = json.Unmarshal(g, &gen)
	if nf, err := os.Open(l.path); err == nil {
		l.after(nf, l.path, 0, gen, g)
		l.after(nf, l.path, int64(len(g)+1), e, line)
		nf.Close()
	}
	return nil
}

// after runs once a line is on disk (log is the open file holding it):
// the index, the head, the mirror.
func (l *AuditLog) after(log *os.File, file string, offset int64, e Entry, line []byte) {
	appendIndex(log, file, offset, int64(len(line)+1), e)
	writeHead(l.dir, e.Seq, hashLine(line))
	if l.Mirror != nil {
		l.Mirror(e, hashLine(line))
	}
}

func writeSynced(f *os.File, b []byte) error {
	if _, err := f.Write(b); err != nil {
		return err
	}
	return f.Sync()
}

// genesisLine returns a chain's first line, number seq: a fresh chain id,
// and for a file continuing a rotated one, that file's name and last hash.
func genesisLine(at time.Time, seq uint64, continues, prev string) ([]byte, error) {
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	return marshalEntry(Entry{Entry: EntryGenesis, Seq: seq, Time: at.UTC(), Chain: hex.EncodeToString(id[:]), Continues: continues, Prev: prev})
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

// readTip reads the chain's tip back from the end of a file of that size:
// the hash of its last line, and that line's number (counted on from the
// last line that has one, past torn or foreign lines).
func readTip(f *os.File, size int64) (tip, error) {
	lines, terminated, err := tailLines(f, size, 64)
	if err != nil || len(lines) == 0 {
		return tip{}, err
	}
	t := tip{hash: hashLine(lines[len(lines)-1]), torn: !terminated}
	for i := len(lines) - 1; i >= 0; i-- {
		var s struct {
			Seq uint64 `json:"seq"`
		}
		if json.Unmarshal(lines[i], &s) == nil && s.Seq > 0 {
			t.seq = s.Seq + uint64(len(lines)-1-i)
			return t, nil
		}
	}
	t.seq = uint64(len(lines)) // no numbered line near the end: a log from before the chain
	return t, nil
}

// tailLines returns up to n last lines of a file of that size (without
// newlines, oldest first) and whether the file ended with a newline.
func tailLines(f *os.File, size int64, n int) ([][]byte, bool, error) {
	if size == 0 {
		return nil, true, nil
	}
	one := make([]byte, 1)
	if _, err := f.ReadAt(one, size-1); err != nil {
		return nil, false, err
	}
	terminated := one[0] == '\n'
	end := size
	if terminated {
		end--
	}
	const chunk = 16 << 10
	var tail []byte
	pos := end
	for pos > 0 && strings.Count(string(tail), "\n") < n {
		k := min(int64(chunk), pos)
		pos -= k
		b := make([]byte, k)
		if _, err := f.ReadAt(b, pos); err != nil && !errors.Is(err, io.EOF) {
			return nil, false, err
		}
		tail = append(b, tail...)
	}
	parts := strings.Split(string(tail), "\n")
	if pos > 0 { // the first part may be a line cut by the chunk edge
		parts = parts[1:]
	}
	if len(parts) > n {
		parts = parts[len(parts)-n:]
	}
	out := make([][]byte, len(parts))
	for i, p := range parts {
		out[i] = []byte(p)
	}
	return out, terminated, nil
}

// forgetTip drops what Append remembers of a file (tests that edit the
// file behind its back).
func forgetTip(path string) {
	appendMu.Lock()
	delete(chainTip, path)
	appendMu.Unlock()
}
