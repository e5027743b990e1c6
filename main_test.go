package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
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

// app is the real program running in a pty.
type app struct {
	t   *testing.T
	cmd *exec.Cmd
	pty *os.File

	mu  sync.Mutex
	out bytes.Buffer
}

func startApp(t *testing.T, stateDir string, args ...string) *app {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "QWOTY_TEST_RUN_MAIN=1", "QWOTY_STATE_DIR="+stateDir, "TERM=xterm-256color", "NO_COLOR=1", "XDG_CONFIG_HOME="+t.TempDir())
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
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
	deadline := time.Now().Add(10 * time.Second)
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
	d, err := state.LoadDraft(dir, "demo", api.KindContact, sandbox.DocsContactID)
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
	dir := t.TempDir()
	a := startApp(t, dir, "--demo", sandbox.DocsContactID)
	editPhone(a, "+33 7 77 77 77 77")
	// SIGKILL cannot be caught: only what was already on disk survives.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if v, ok := draftPhone(dir); ok && v.Equal(api.String("+33 7 77 77 77 77")) {
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

	b := startApp(t, dir, "--demo", sandbox.DocsContactID)
	b.expect("Unsaved edit of this contact")
	b.expect(`draft "+33 7 77 77 77 77"`)
}

func TestTerminatedAppSavesTheDraft(t *testing.T) {
	dir := t.TempDir()
	a := startApp(t, dir, "--demo", sandbox.DocsContactID)
	editPhone(a, "+33 6 00")
	a.expect("+33 6 00")
	if err := a.cmd.Process.Signal(syscall.SIGHUP); err != nil { // the terminal went away
		t.Fatal(err)
	}
	_, _ = a.cmd.Process.Wait()
	if v, ok := draftPhone(dir); !ok || !v.Equal(api.String("+33 6 00")) {
		t.Fatalf("draft phone %v %v", v, ok)
	}
}
