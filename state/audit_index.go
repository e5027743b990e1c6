package state

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// The index: beside each log file, <file>.idx has one line per entry,
// "offset length kind id op", so the history of one record reads a few
// lines of the log instead of all of it. It is written after the entry is
// on disk, without syncing: it is only a shortcut. Reading it checks each
// line it points to (right record, right op); an index that disagrees with
// its log, or lags behind it, is rebuilt or caught up from the log, which
// stays the source.

// appendIndex adds the index line of the entry just written at offset in
// log (the open log file, locked by the caller); best effort. An index
// that lags behind (a process died between its log line and its index
// line) is caught up first, so it always covers the log without gaps.
func appendIndex(log *os.File, file string, offset, length int64, e Entry) {
	covered, err := indexCovered(file)
	if err != nil {
		return
	}
	if covered < offset {
		if _, err := catchUp(log, file, covered, offset); err != nil {
			return
		}
	}
	if covered > offset {
		return // already indexed (or a stale index: its next reader rebuilds it)
	}
	f, err := os.OpenFile(file+".idx", os.O_WRONLY|os.O_APPEND|os.O_CREATE, fileMode)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.WriteString(indexLine(offset, length, e))
}

// indexCovered returns how much of its log a file's index covers.
func indexCovered(file string) (int64, error) {
	f, err := os.Open(file + ".idx")
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	lines, terminated, err := tailLines(f, fi.Size(), 1)
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	if !terminated {
		return 0, errStaleIndex
	}
	ie, ok := parseIndexLine(lines[0])
	if !ok {
		return 0, errStaleIndex
	}
	return ie.offset + ie.length, nil
}

func indexLine(offset, length int64, e Entry) string {
	return fmt.Sprintf("%d %d %s %s %s\n", offset, length, dash(string(e.Kind)), dash(strings.ToLower(e.ID)), dash(strings.ToLower(e.Op)))
}

func dash(s string) string {
	if s == "" || strings.ContainsAny(s, " \n") {
		return "-"
	}
	return s
}

// indexEntry is one parsed index line.
type indexEntry struct {
	offset, length int64
	kind, id, op   string
}

func parseIndexLine(line []byte) (indexEntry, bool) {
	f := bytes.Fields(line)
	if len(f) != 5 {
		return indexEntry{}, false
	}
	off, err1 := strconv.ParseInt(string(f[0]), 10, 64)
	n, err2 := strconv.ParseInt(string(f[1]), 10, 64)
	if err1 != nil || err2 != nil || off < 0 || n <= 0 {
		return indexEntry{}, false
	}
	return indexEntry{offset: off, length: n, kind: string(f[2]), id: string(f[3]), op: string(f[4])}, true
}

// unreadable is the index line of a log line that is not an entry.
var unreadable = Entry{}

// errStaleIndex marks an index that disagrees with its log.
var errStaleIndex = errors.New("the audit index disagrees with the log")

// History returns the operations on one record (kind, id), newest first,
// each with its result, from every file of the log. It reads the index and
// only the lines it points to.
func (l *AuditLog) History(kind api.Kind, id string) ([]Op, error) {
	id = strings.ToLower(id)
	var ops []Op
	byOp := map[string]int{}
	var results []Entry
	for _, file := range l.files() {
		entries, err := l.indexed(file, string(kind), id)
		if errors.Is(err, errStaleIndex) {
			if err = rebuildIndex(file); err == nil {
				entries, err = l.indexed(file, string(kind), id)
			}
		}
		if err != nil {
			return nil, err
		}
		for _, le := range entries {
			e := le.entry
			switch e.Entry {
			case EntryResult:
				results = append(results, e)
			case EntryGenesis:
			default:
				if e.Entry == EntryAttempt && e.Op != "" {
					byOp[e.Op] = len(ops)
				}
				ops = append(ops, Op{Entry: e, Line: le.line})
			}
		}
	}
	for _, r := range results {
		if i, ok := byOp[r.Op]; ok {
			r := r
			ops[i].Result = &r
		}
	}
	reverse(ops)
	return ops, nil
}

type lineEntry struct {
	entry Entry
	line  int
}

// indexed returns the entries of file about the record, through its index
// (caught up first when it lags behind the file).
func (l *AuditLog) indexed(file, kind, id string) ([]lineEntry, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("cannot read the audit log", file, err)
	}
	defer f.Close()
	unlock := lockFile(f, false)
	defer func() { unlock() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, fail("cannot read the audit log", file, err)
	}
	idx, covered, err := readIndex(file, kind, id)
	if err != nil {
		return nil, err
	}
	if covered > fi.Size() {
		return nil, errStaleIndex
	}
	if covered < fi.Size() { // catch up, alone: writers and other readers wait
		unlock()
		unlock = lockFile(f, true)
		if fi, err = f.Stat(); err != nil {
			return nil, fail("cannot read the audit log", file, err)
		}
		if idx, covered, err = readIndex(file, kind, id); err != nil {
			return nil, err
		}
	}
	if covered < fi.Size() {
		more, err := catchUp(f, file, covered, fi.Size())
		if err != nil {
			return nil, err
		}
		for _, m := range more {
			if m.kind == kind && m.id == id {
				idx = append(idx, m)
			}
		}
	}
	out := make([]lineEntry, 0, len(idx))
	for _, ie := range idx {
		buf := make([]byte, ie.length)
		if _, err := f.ReadAt(buf, ie.offset); err != nil && !errors.Is(err, io.EOF) {
			return nil, fail("cannot read the audit log", file, err)
		}
		e, ok := parseEntry(bytes.TrimSuffix(buf, []byte("\n")))
		if !ok || !strings.EqualFold(e.ID, id) || string(e.Kind) != kind || !strings.EqualFold(dash(e.Op), ie.op) {
			return nil, errStaleIndex
		}
		out = append(out, lineEntry{entry: e})
	}
	return out, nil
}

// readIndex returns the index lines of file about the record, and how much
// of the log the index covers.
func readIndex(file, kind, id string) ([]indexEntry, int64, error) {
	data, err := os.ReadFile(file + ".idx")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fail("cannot read the audit index", file+".idx", err)
	}
	var out []indexEntry
	var covered int64
	key := []byte(" " + id + " ")
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break // a torn last index line: the catch-up redoes it
		}
		line := data[:i]
		data = data[i+1:]
		ie, ok := parseIndexLine(line)
		if !ok || ie.offset != covered { // every byte of the log, in order
			return nil, 0, errStaleIndex
		}
		covered = ie.offset + ie.length
		if bytes.Contains(line, key) && ie.id == id && ie.kind == kind {
			out = append(out, ie)
		}
	}
	return out, covered, nil
}

// catchUp indexes the lines of f from offset from to size and appends them
// to the index; it returns them.
func catchUp(f *os.File, file string, from, size int64) ([]indexEntry, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, from, size-from), 64<<10)
	var out []indexEntry
	var b strings.Builder
	off := from
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' { // a torn last line waits for its end
			e, ok := parseEntry(bytes.TrimSuffix(line, []byte("\n")))
			if !ok {
				e = unreadable
			}
			s := indexLine(off, int64(len(line)), e)
			ie, _ := parseIndexLine([]byte(s))
			out = append(out, ie)
			b.WriteString(s)
			off += int64(len(line))
		}
		if err != nil {
			break
		}
	}
	if b.Len() > 0 {
		if idx, err := os.OpenFile(file+".idx", os.O_WRONLY|os.O_APPEND|os.O_CREATE, fileMode); err == nil {
			_, _ = idx.WriteString(b.String())
			idx.Close()
		}
	}
	return out, nil
}

// rebuildIndex replaces a file's index with one built from the log.
func rebuildIndex(file string) error {
	if err := os.Remove(file + ".idx"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail("cannot rebuild the audit index", file+".idx", err)
	}
	f, err := os.Open(file)
	if err != nil {
		return fail("cannot read the audit log", file, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	_, err = catchUp(f, file, 0, fi.Size())
	return err
}
