package main

import (
	"bytes"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// The test binary doubles as the app: with QWOTY_TEST_RUN_MAIN=1 it runs
// main's run() on its arguments, so tests can start the real program in a
// pseudo-terminal and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("QWOTY_TEST_RUN_MAIN") == "1" {
		os.Exit(run())
	}
	os.Exit(m.Run())
}

// world is a sandbox served from the test process and a state folder: the
// real program runs against them, and both outlive it.
type world struct {
	t     *testing.T
	sb    *sandbox.Server
	url   string
	state string
	tmp   string // the program's TMPDIR
}

func newWorld(t *testing.T) *world {
	sb := sandbox.New(sandbox.Options{})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &world{t: t, sb: sb, url: srv.URL + "/api", state: t.TempDir(), tmp: t.TempDir()}
}

// app is the real program running in a pty.
type app struct {
	t   *testing.T
	cmd *exec.Cmd
	pty *os.File

	mu  sync.Mutex
	out bytes.Buffer
}

// start runs the program with args against the world's sandbox (or, with
// --demo among args, its own).
func (w *world) start(args ...string) *app {
	t := w.t
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "QWOTY_TEST_RUN_MAIN=1", "QWOTY_STATE_DIR="+w.state, "TERM=xterm-256color", "NO_COLOR=1",
		"XDG_CONFIG_HOME="+t.TempDir(), "QWOTY_BASE_URL="+w.url, "QWOTY_TOKEN="+sandbox.DefaultToken, "TMPDIR="+w.tmp)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 140})
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, cmd: cmd, pty: f}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			a.mu.Lock()
			a.out.Write(buf[:n])
			a.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		f.Close()
	})
	return a
}

func (a *app) expect(text string) {
	a.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		a.mu.Lock()
		seen := ansi.Strip(a.out.String())
		a.mu.Unlock()
		if strings.Contains(seen, text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.t.Fatalf("the app never showed %q; it showed:\n%s", text, ansi.Strip(a.out.String()))
}

func (a *app) send(keys string) {
	a.t.Helper()
	if _, err := io.WriteString(a.pty, keys); err != nil {
		a.t.Fatal(err)
	}
}

func draftPhone(dir string) (api.Value, bool) {
	d, err := state.LoadDraft(dir, "default", api.KindContact, sandbox.DocsContactID)
	if err != nil || d == nil {
		return api.Value{}, false
	}
	v, ok := d.Edited["phone"]
	return v, ok
}

// editPhone opens the docs contact's form and retypes the phone, one key
// per write, as a person would.
func editPhone(a *app, phone string) {
	a.expect("12 Rue de la Paix")
	a.expect("h history") // the contact's keys: it has loaded
	a.send("e")
	a.expect("Edit contact")
	for range 3 {
		a.send("\t")
		time.Sleep(30 * time.Millisecond)
	}
	a.send("\x15") // ctrl+u
	for _, r := range phone {
		a.send(string(r))
	}
}

func TestKilledAppKeepsTheDraft(t *testing.T) {
	w := newWorld(t)
	a := w.start(sandbox.DocsContactID)
	editPhone(a, "+33 7 77 77 77 77")
	// SIGKILL cannot be caught: only what was already on disk survives.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if v, ok := draftPhone(w.state); ok && v.Equal(api.String("+33 7 77 77 77 77")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no draft written while typing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = a.cmd.Process.Wait()

	b := w.start(sandbox.DocsContactID)
	b.expect("Unsaved edit of this contact")
	b.expect(`draft "+33 7 77 77 77 77"`)
}

func TestTerminatedAppSavesTheDraft(t *testing.T) {
	w := newWorld(t)
	a := w.start(sandbox.DocsContactID)
	editPhone(a, "+33 6 00")
	a.expect("+33 6 00")
	if err := a.cmd.Process.Signal(syscall.SIGHUP); err != nil { // the terminal went away
		t.Fatal(err)
	}
	_, _ = a.cmd.Process.Wait()
	if v, ok := draftPhone(w.state); !ok || !v.Equal(api.String("+33 6 00")) {
		t.Fatalf("draft phone %v %v", v, ok)
	}
}

// TestKilledDuringAPatchIsResolvedAtTheNextStart kills the real program
// while its PATCH is in flight (the sandbox applies it and holds the
// answer back): the next start reads the contact again, records that the
// write landed, drops the draft it made moot, and sends nothing twice.
func TestKilledDuringAPatchIsResolvedAtTheNextStart(t *testing.T) {
	w := newWorld(t)
	w.sb.InjectFault(sandbox.Fault{Method: "PATCH", Apply: true, Delay: time.Hour, Times: 1})
	a := w.start(sandbox.DocsContactID)
	editPhone(a, "+33 7 12 12 12 12")
	a.send("\x13") // ctrl+s: the review
	a.expect("Press y to send")
	a.send("y")
	deadline := time.Now().Add(10 * time.Second)
	for w.sb.CountRequests("PATCH", "/contacts/") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the PATCH never left")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if c, _ := w.sb.Contact(sandbox.DocsContactID); c.Phone == nil || *c.Phone != "+33 7 12 12 12 12" {
		t.Fatalf("the sandbox did not apply the PATCH: %v", c.Phone)
	}
	if err := a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = a.cmd.Process.Wait()
	ops, _ := state.OpenAudit(w.state).Ops(nil)
	if len(ops) != 1 || !ops[0].Pending() {
		t.Fatalf("before the next start: %+v", ops)
	}

	b := w.start(sandbox.DocsContactID)
	b.expect("1 save from an earlier session ended without an answer; checked now: 1 reached the server.")
	b.expect("+33 7 12 12 12 12")
	ops, _ = state.OpenAudit(w.state).Ops(nil)
	if len(ops) != 1 || !ops[0].Landed() || ops[0].Result.ResolvedAt != state.ResolvedAtStart {
		t.Fatalf("after the next start: %+v %+v", ops, ops[0].Result)
	}
	if n := w.sb.CountRequests("PATCH", "/contacts/"); n != 1 {
		t.Errorf("%d PATCHes: the write was sent again", n)
	}
	if _, ok := draftPhone(w.state); ok {
		t.Error("the draft of a write that landed is still offered")
	}
	if ps, _ := state.ListPending(w.state); len(ps) != 0 {
		t.Errorf("markers left: %+v", ps)
	}
}

// TestDemoKeepsItsStateApart: --demo writes its audit, drafts and recent
// contacts in a temporary folder removed at exit, never in the person's
// state folder, and says so.
func TestDemoKeepsItsStateApart(t *testing.T) {
	w := newWorld(t)
	a := w.start("--demo", sandbox.DocsContactID)
	a.expect("live in a temporary folder, removed at exit")
	editPhone(a, "+33 7 00")
	a.send("\x13")
	a.expect("Press y to send")
	a.send("y")
	a.expect("Saved phone")
	ents, _ := os.ReadDir(w.tmp)
	if len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), "qwoty-contacts-demo-") {
		t.Fatalf("the demo's temporary folder: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(w.tmp, ents[0].Name(), "audit.jsonl")); err != nil {
		t.Errorf("the demo's audit log is not in its folder: %v", err)
	}
	a.send("\x03") // ctrl+c
	exited := make(chan error, 1)
	go func() { exited <- a.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the demo did not quit on ctrl+c")
	}
	if ents, _ := os.ReadDir(w.state); len(ents) != 0 {
		t.Errorf("the demo wrote into the state folder: %v", ents)
	}
	if ents, _ := os.ReadDir(w.tmp); len(ents) != 0 {
		t.Errorf("the demo's temporary folder outlived it: %v", ents)
	}
}

// TestConcurrentSetProcessesFormAChain runs 16 real set processes at once
// on one state folder: the file lock on the record makes them take turns,
// so each audit entry's "before" is what the previous write left, no two
// alike, and the contact ends with the last entry's "after".
func TestConcurrentSetProcessesFormAChain(t *testing.T) {
	w := newWorld(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const n = 16
	var wg sync.WaitGroup
	outs := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(exe, "set", sandbox.DocsContactID, "phone=+1 555 01"+string(rune('a'+i)), "--yes")
			cmd.Env = append(os.Environ(), "QWOTY_TEST_RUN_MAIN=1", "QWOTY_STATE_DIR="+w.state, "XDG_CONFIG_HOME="+t.TempDir(),
				"QWOTY_BASE_URL="+w.url, "QWOTY_TOKEN="+sandbox.DefaultToken)
			out, err := cmd.CombinedOutput()
			outs[i] = string(out)
			if err != nil {
				t.Errorf("set %d: %v\n%s", i, err, out)
			}
		}()
	}
	wg.Wait()
	ops, err := state.OpenAudit(w.state).Ops(nil)
	if err != nil || len(ops) != n {
		t.Fatalf("%d ops, %v", len(ops), err)
	}
	seen := map[string]bool{}
	for i := len(ops) - 1; i >= 0; i-- { // oldest first
		c := ops[i].Entry.Changes[0]
		if seen[c.Before.Str()] {
			t.Errorf("two writes started from %q", c.Before.Str())
		}
		seen[c.Before.Str()] = true
		if i < len(ops)-1 {
			if prev := ops[i+1].Entry.Changes[0].After; !c.Before.Equal(prev) {
				t.Errorf("a write started from %q while the previous one left %q", c.Before.Str(), prev.Str())
			}
		}
		if !ops[i].Landed() {
			t.Errorf("op %d: %s", i, ops[i].Outcome())
		}
	}
	if c, _ := w.sb.Contact(sandbox.DocsContactID); *c.Phone != ops[0].Entry.Changes[0].After.Str() {
		t.Errorf("the contact holds %q, the last entry's after is %q", *c.Phone, ops[0].Entry.Changes[0].After.Str())
	}
}
