package state

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// filled returns a log with n operations (attempt and result each) on
// three records, rotated when past maxSize (0: never).
func filled(t testing.TB, n int, maxSize int64) *AuditLog {
	t.Helper()
	log := OpenAudit(t.TempDir())
	log.MaxSize = maxSize
	base := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	ids := []string{id1, id2, id3}
	for i := range n {
		id := ids[i%3]
		if err := log.Append(attempt(op(i), id, base.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
		if err := log.Append(result(op(i), id, OutcomeOK, "")); err != nil {
			t.Fatal(err)
		}
	}
	return log
}

// rewrite replaces the log file's lines with edit's result.
func rewrite(t *testing.T, path string, edit func(lines [][]byte) [][]byte) {
	t.Helper()
	ls := lines(t, path)
	out := edit(ls)
	if err := os.WriteFile(path, append(bytes.Join(out, []byte("\n")), '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	forgetTip(path)
}

func TestVerifyAnIntactChain(t *testing.T) {
	log := filled(t, 20, 0)
	v, err := log.Verify()
	if err != nil || v.Break != nil {
		t.Fatalf("break %v, err %v", v.Break, err)
	}
	if v.Lines != 41 || v.Entries != 40 || v.Chain == "" || len(v.Files) != 1 {
		t.Errorf("verification %+v", v)
	}
}

func TestVerifyNamesTheFirstAlteredLine(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(ls [][]byte) [][]byte
		line int
		says string
	}{
		{"edited", func(ls [][]byte) [][]byte {
			ls[5] = bytes.Replace(ls[5], []byte(`"+33 1"`), []byte(`"+33 9"`), 1)
			return ls
		}, 6, "was changed"},
		{"removed", func(ls [][]byte) [][]byte { return append(ls[:7:7], ls[8:]...) }, 8, "1 line was removed"},
		{"two removed", func(ls [][]byte) [][]byte { return append(ls[:7:7], ls[9:]...) }, 8, "2 lines were removed"},
		{"inserted", func(ls [][]byte) [][]byte {
			forged := append([]byte(nil), ls[9]...)
			return append(ls[:10:10], append([][]byte{forged}, ls[10:]...)...)
		}, 11, "inserted"},
		{"last line edited", func(ls [][]byte) [][]byte {
			ls[len(ls)-1] = bytes.Replace(ls[len(ls)-1], []byte(`"ok"`), []byte(`"failed"`), 1)
			return ls
		}, 21, "the last write recorded, was changed"},
		{"truncated", func(ls [][]byte) [][]byte { return ls[:len(ls)-2] }, 19, "2 lines were removed at the end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := filled(t, 10, 0)
			rewrite(t, log.Path(), c.edit)
			v, err := log.Verify()
			if err != nil {
				t.Fatal(err)
			}
			if v.Break == nil || v.Break.Line != c.line || !strings.Contains(v.Break.What, c.says) {
				t.Fatalf("break %+v; want line %d saying %q", v.Break, c.line, c.says)
			}
		})
	}
}

func TestVerifyForgivesALineTornByACrash(t *testing.T) {
	log := filled(t, 3, 0)
	f, _ := os.OpenFile(log.Path(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"entry":"attempt","seq":8,"time":"2025-03-01T12:`)
	f.Close()
	if v, _ := log.Verify(); v.Break != nil || len(v.Torn) != 1 {
		t.Fatalf("a torn last line: break %v, torn %v", v.Break, v.Torn)
	}
	// The next write ends the torn line and chains over it.
	if err := log.Append(attempt(op(9), id1, time.Time{})); err != nil {
		t.Fatal(err)
	}
	v, _ := log.Verify()
	if v.Break != nil || len(v.Torn) != 1 || v.Torn[0] != "audit.jsonl line 8" {
		t.Fatalf("after the next write: break %v, torn %v", v.Break, v.Torn)
	}
}

func TestRotationKeepsTheChain(t *testing.T) {
	log := filled(t, 60, 4<<10)
	v, err := log.Verify()
	if err != nil || v.Break != nil {
		t.Fatalf("break %v, err %v", v.Break, err)
	}
	if len(v.Files) < 3 || v.Entries != 120 || v.Lines != 120+len(v.Files) {
		t.Fatalf("%d files, %d entries", len(v.Files), v.Entries)
	}
	// History and undo see every file.
	h, err := log.History(api.KindContact, id1)
	if err != nil || len(h) != 20 || h[len(h)-1].Entry.Op != op(0) || h[0].Result == nil {
		t.Fatalf("history across files: %d ops (oldest %s), %v", len(h), h[len(h)-1].Entry.Op, err)
	}
	if ops, _ := log.Ops(nil); len(ops) != 60 {
		t.Errorf("Ops across files: %d", len(ops))
	}
	// An edit in a rotated file is found, with its file.
	rewrite(t, v.Files[0], func(ls [][]byte) [][]byte {
		ls[3] = bytes.Replace(ls[3], []byte(`"alice"`), []byte(`"mallory"`), 1)
		return ls
	})
	v, _ = log.Verify()
	if v.Break == nil || v.Break.File != v.Files[0] || v.Break.Line != 4 {
		t.Fatalf("break %+v", v.Break)
	}
	// A rotated file removed whole.
	log2 := filled(t, 60, 4<<10)
	v2, _ := log2.Verify()
	os.Remove(v2.Files[1])
	v2, _ = log2.Verify()
	if v2.Break == nil || !strings.Contains(v2.Break.What, "does not continue") {
		t.Fatalf("a removed file: %+v", v2.Break)
	}
}

func TestRotationUnderConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	done := make(chan error, 8)
	for w := range 8 {
		go func() {
			log := OpenAudit(dir)
			log.MaxSize = 2 << 10
			for i := range 20 {
				if err := log.Append(attempt(op(w*100+i), id1, time.Time{})); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	log := OpenAudit(dir)
	v, err := log.Verify()
	if err != nil || v.Break != nil || v.Entries != 160 || len(v.Files) < 2 {
		t.Fatalf("break %v, %d entries in %d files, %v", v.Break, v.Entries, len(v.Files), err)
	}
	if h, _ := log.History(api.KindContact, id1); len(h) != 160 {
		t.Errorf("history: %d ops", len(h))
	}
}

// TestHistoryMatchesAFullScan: whatever happened to the index (missing,
// behind the log, out of step with an edited log), History gives what
// reading every line gives.
func TestHistoryMatchesAFullScan(t *testing.T) {
	want := func(log *AuditLog, id string) string {
		ops, _ := log.Ops(func(e Entry) bool { return e.Kind == api.KindContact && strings.EqualFold(e.ID, id) })
		return describe(ops)
	}
	for _, c := range []struct {
		name  string
		spoil func(t *testing.T, log *AuditLog)
	}{
		{"intact", func(*testing.T, *AuditLog) {}},
		{"no index", func(_ *testing.T, log *AuditLog) { os.Remove(log.Path() + ".idx") }},
		{"index behind (a crash between the log and the index)", func(_ *testing.T, log *AuditLog) {
			data, _ := os.ReadFile(log.Path() + ".idx")
			ls := bytes.SplitAfter(data, []byte("\n"))
			os.WriteFile(log.Path()+".idx", bytes.Join(ls[:len(ls)/2], nil), 0o600)
			// and a write after it: the index must not skip the gap
			log.Append(attempt(op(500), id2, time.Time{}))
		}},
		{"log edited by hand", func(t *testing.T, log *AuditLog) {
			rewrite(t, log.Path(), func(ls [][]byte) [][]byte { return append(ls[:3:3], ls[5:]...) })
		}},
		{"index garbage", func(_ *testing.T, log *AuditLog) { os.WriteFile(log.Path()+".idx", []byte("nonsense\n"), 0o600) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := filled(t, 30, 0)
			c.spoil(t, log)
			for _, id := range []string{id1, strings.ToUpper(id2), id3} {
				got, err := log.History(api.KindContact, id)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := describe(got), want(log, id); g != w {
					t.Errorf("%s: history\n%s\nfull scan\n%s", id, g, w)
				}
			}
		})
	}
}

func describe(ops []Op) string {
	var b strings.Builder
	for _, o := range ops {
		fmt.Fprintf(&b, "%s %s %s\n", o.Entry.Op, o.Entry.Entry, o.Outcome())
	}
	return b.String()
}

func BenchmarkHistoryOf100000EntryLog(b *testing.B) {
	log := OpenAudit(b.TempDir())
	log.MaxSize = 1 << 40
	f, err := os.Create(log.Path())
	if err != nil {
		b.Fatal(err)
	}
	// Written directly (synced appends of 100,000 entries would take
	// minutes): the same lines Append writes, chained.
	g, _ := genesisLine(time.Now(), 1, "", "")
	f.Write(append(g, '\n'))
	prev, seq := hashLine(g), uint64(1)
	ids := make([]string, 500)
	for i := range ids {
		ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	for i := range 50000 {
		for _, e := range []Entry{attempt(op(i), ids[i%len(ids)], time.Now()), result(op(i), ids[i%len(ids)], OutcomeOK, "")} {
			seq++
			e.Seq, e.Prev = seq, prev
			line, _ := marshalEntry(e)
			f.Write(append(line, '\n'))
			prev = hashLine(line)
		}
	}
	f.Close()
	if _, err := log.History(api.KindContact, ids[7]); err != nil { // builds the index once
		b.Fatal(err)
	}
	// The index beside the log, and its peer: reading the whole log.
	b.Run("indexed", func(b *testing.B) {
		for range b.N {
			ops, err := log.History(api.KindContact, ids[7])
			if err != nil || len(ops) != 100 {
				b.Fatalf("%d ops, %v", len(ops), err)
			}
		}
	})
	b.Run("whole log", func(b *testing.B) {
		for range b.N {
			ops, err := log.Ops(func(e Entry) bool { return e.Kind == api.KindContact && e.ID == ids[7] })
			if err != nil || len(ops) != 100 {
				b.Fatalf("%d ops, %v", len(ops), err)
			}
		}
	})
}
