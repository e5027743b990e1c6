package ui

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/internal/faultfs"
)

// The tmux clipboard path, end to end: a real tmux server with its default
// settings (no configuration file, a private socket) runs the real
// program (NewProgram, as the local terminal builds it) in a pane; y
// copies the contact id, and tmux's buffer then holds it.
//
// The test binary is the program: run with tmuxChildEnv set, TestMain
// starts a sandbox and the app on the pane's terminal instead of the
// tests.

const tmuxChildEnv = "QWOTY_UI_TMUX_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(tmuxChildEnv) == "1" {
		os.Exit(runTmuxChild())
	}
	os.Exit(m.Run())
}

// runTmuxChild runs the app on the terminal it was started in, opening
// the docs contact from a sandbox of its own.
func runTmuxChild() int {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{}))
	defer srv.Close()
	client, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	p := NewProgram(ProgramConfig{Options: Options{API: client, Profile: "test", OpenID: sandbox.DocsContactID}, Env: os.Environ()})
	if err := p.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestCopyInsideTmuxLandsInTmuxsBuffer(t *testing.T) {
	tmuxPath, err := exec.LookPath("tmux")
	if err != nil {
		faultfs.Needs(t, "a real tmux on PATH", "apt-get install tmux")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	sock := fmt.Sprintf("qwoty-ui-test-%d", os.Getpid())
	tmux := func(args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, tmuxPath, append([]string{"-L", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = tmux("kill-server") })
	// The pane's command: the test binary as the app (tmux sets TMUX to
	// this server's socket in the pane's environment).
	cmd := fmt.Sprintf("env %s=1 %q", tmuxChildEnv, exe)
	if out, err := tmux("new-session", "-d", "-x", "100", "-y", "30", cmd); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	screen := func() string { out, _ := tmux("capture-pane", "-p"); return out }
	waitScreen := func(text string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(screen(), text) {
			if time.Now().After(deadline) {
				t.Fatalf("the pane never showed %q; it shows:\n%s", text, screen())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitScreen("12 Rue de la Paix")
	if out, err := tmux("send-keys", "y"); err != nil {
		t.Fatalf("tmux send-keys: %v: %s", err, out)
	}
	waitScreen("to tmux's buffer")
	if got, err := tmux("show-buffer"); err != nil || got != sandbox.DocsContactID {
		t.Errorf("tmux show-buffer = %q (%v), want the contact id %s", got, err, sandbox.DocsContactID)
	}
	if s := screen(); !strings.Contains(s, "  "+sandbox.DocsContactID) || strings.Contains(s, "OSC 52") {
		t.Errorf("the message should say tmux's buffer and show the id, not claim OSC 52:\n%s", s)
	}
}
