package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ChainBreak is the first place where the audit log is not what the tool
// wrote: a line changed, removed or inserted.
type ChainBreak struct {
	// File and Line (from 1) locate it.
	File string
	Line int
	// What says what is wrong, in plain words.
	What string
}

func (b *ChainBreak) Error() string {
	return fmt.Sprintf("%s line %d: %s", filepath.Base(b.File), b.Line, b.What)
}

// Verification is what checking the whole chain found.
type Verification struct {
	Files   []string // the files checked, oldest first
	Lines   int      // lines checked
	Entries int      // entries (genesis lines aside)
	Legacy  int      // lines written before the chain began (not numbered)
	// Torn lists lines cut short by a crash mid-write ("audit.jsonl line
	// 12"): unreadable, but the chain holds around them.
	Torn []string
	// Chain is the chain's id (from its genesis line).
	Chain string
	// Break is the first break, nil when the chain is intact.
	Break *ChainBreak
}

// verifyLine is what verification reads of a line.
type verifyLine struct {
	Entry     string `json:"entry"`
	Seq       uint64 `json:"seq"`
	Prev      string `json:"prev"`
	Chain     string `json:"chain"`
	Continues string `json:"continues"`
}

// Verify checks the whole log, every file in order: each line must carry
// the hash of the line before it and the next sequence number, each
// rotated file's first line must continue the file before, and the last
// line must match the tip recorded beside the log. It stops at the first
// break and names its line.
func (l *AuditLog) Verify() (Verification, error) {
	var v Verification
	var prevRaw []byte
	var prevSeq uint64
	started, pendingTorn := false, ""
	h, hasHead := readHead(l.dir)
	hashAtHead := ""
	var lastFile string
	lastLine := 0
	for fi, file := range l.files() {
		f, err := os.Open(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return v, fail("cannot read the audit log", file, err)
		}
		v.Files = append(v.Files, file)
		unlock := lockFile(f, false)
		r := bufio.NewReaderSize(f, 64<<10)
		n := 0
		brk := func(line int, format string, args ...any) {
			if v.Break == nil {
				v.Break = &ChainBreak{File: file, Line: line, What: fmt.Sprintf(format, args...)}
			}
		}
		for v.Break == nil {
			raw, rerr := r.ReadBytes('\n')
			if len(raw) == 0 && rerr != nil {
				break
			}
			n++
			v.Lines++
			terminated := bytes.HasSuffix(raw, []byte("\n"))
			raw = bytes.TrimSuffix(raw, []byte("\n"))
			var vl verifyLine
			parsed := json.Unmarshal(raw, &vl) == nil
			switch {
			case !started && parsed && vl.Seq == 0:
				v.Legacy++ // from before the chain
			case !parsed && !started:
				v.Legacy++
			case !parsed:
				// Judged by the next line: chained over (a crash) or changed.
				pendingTorn = fmt.Sprintf("%s line %d", filepath.Base(file), n)
				prevSeq++
				if !terminated && rerr == io.EOF {
					v.Torn = append(v.Torn, pendingTorn)
					pendingTorn = ""
				}
			default:
				want := prevSeq + 1
				if !started { // the chain's first line (after any lines from before it)
					want = vl.Seq
				}
				wantPrev := ""
				if started || v.Legacy > 0 {
					wantPrev = hashLine(prevRaw)
				}
				if vl.Entry == EntryGenesis {
					if n != 1 || (fi > 0 && vl.Continues != filepath.Base(v.Files[len(v.Files)-2])) {
						brk(n, "a chain start that does not continue the file before: the line was inserted or the files were renamed")
						break
					}
					if v.Chain == "" {
						v.Chain = vl.Chain
					}
				} else if !started && n == 1 && fi > 0 {
					brk(n, "the file does not start by continuing %s: lines were removed or the file replaced", filepath.Base(v.Files[len(v.Files)-2]))
					break
				}
				switch {
				case vl.Seq == want && vl.Prev == wantPrev:
					if pendingTorn != "" {
						v.Torn = append(v.Torn, pendingTorn)
					}
				case vl.Seq == want && pendingTorn != "":
					brk(n-1, "this line was changed: it is no longer an entry, and line %d no longer matches it", n)
				case vl.Seq == want && n > 1:
					brk(n-1, "this line was changed: line %d records another content for it", n)
				case vl.Seq == want:
					brk(n, "this line does not continue the file before: it was changed, or lines were removed")
				case vl.Seq > want:
					brk(n, "%s removed before this line (the numbers jump from %d to %d)", countLines(vl.Seq-want), want-1, vl.Seq)
				default:
					brk(n, "this line was inserted (its number, %d, follows %d)", vl.Seq, want-1)
				}
				pendingTorn = ""
				started, prevSeq = true, vl.Seq
				if vl.Entry != EntryGenesis {
					v.Entries++
				}
			}
			prevRaw = append(prevRaw[:0], raw...)
			if started && hasHead && prevSeq == h.Seq {
				hashAtHead = hashLine(raw)
			}
			lastFile, lastLine = file, n
			if rerr != nil {
				break
			}
		}
		unlock()
		f.Close()
		if v.Break != nil {
			return v, nil
		}
	}
	if hasHead && started {
		switch {
		case h.Seq > prevSeq:
			v.Break = &ChainBreak{File: lastFile, Line: lastLine, What: fmt.Sprintf("%s removed at the end (the last write was numbered %d, the log ends at %d)", countLines(h.Seq-prevSeq), h.Seq, prevSeq)}
		case hashAtHead != "" && hashAtHead != h.Hash:
			v.Break = &ChainBreak{File: lastFile, Line: lastLine - int(prevSeq-h.Seq), What: "this line, the last write recorded, was changed"}
		}
	}
	return v, nil
}

func countLines(n uint64) string {
	if n == 1 {
		return "1 line was"
	}
	return fmt.Sprintf("%d lines were", n)
}
