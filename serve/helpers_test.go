package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
	"github.com/qwoty/qwoty-contacts/state"
	"github.com/qwoty/qwoty-contacts/ui"
)

// waitLimit is a safety net only: tests wait on output, and fail when it
// never comes.
const waitLimit = 15 * time.Second

// env is a server on a loopback port, against a sandbox.
type env struct {
	t        *testing.T
	sb       *sandbox.Server
	srv      *Server
	addr     string
	dir      string // state dir: audit log, drafts
	keysPath string
	audit    *state.AuditLog
	logs     *syncbuf.Buffer
}

// newEnv starts a server letting in the keys of lines (authorized_keys
// lines); mod may change the config first.
func newEnv(t *testing.T, lines []string, mod func(*Config)) *env {
	t.Helper()
	e := &env{t: t, sb: sandbox.New(sandbox.Options{}), dir: t.TempDir(), logs: &syncbuf.Buffer{}}
	hs := httptest.NewServer(e.sb)
	t.Cleanup(hs.Close)
	client, err := api.New(api.Options{BaseURL: hs.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), RetryBase: time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.audit = state.OpenAudit(e.dir)
	e.keysPath = filepath.Join(t.TempDir(), "authorized_keys")
	e.writeKeys(lines...)
	cfg := Config{
		AuthorizedKeys: e.keysPath,
		HostKey:        filepath.Join(e.dir, "host", "ssh_host_ed25519_key"),
		UI:             ui.Options{API: client, Profile: "test", StateDir: e.dir, AutosaveDelay: 20 * time.Millisecond},
		Writer: &edit.Writer{
			API: client, Audit: e.audit, StateDir: e.dir, BaseURL: client.BaseURL(), KeepDrafts: true,
			Identity: edit.Identity{Profile: "test", APIHost: client.Host(), OSUser: "server"},
		},
		Logger: slog.New(slog.NewTextHandler(e.logs, nil)),
	}
	if mod != nil {
		mod(&cfg)
	}
	e.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := e.srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() || testing.Verbose() {
			t.Logf("server log:\n%s", e.logs.String())
		}
	})
	return e
}

// writeKeys replaces the authorized-keys file.
func (e *env) writeKeys(lines ...string) {
	e.t.Helper()
	if err := os.WriteFile(e.keysPath, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// newKey returns a fresh client key.
func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// line is key's authorized_keys line, with options in front.
func line(key gossh.Signer, options string) string {
	l := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.PublicKey()))) + " test@example"
	if options != "" {
		l = options + " " + l
	}
	return l
}

// dial connects and authenticates.
func (e *env) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User: user, Auth: auth, Timeout: waitLimit,
		HostKeyCallback: gossh.FixedHostKey(e.srv.HostKey()),
	})
}

// term is a client session with a terminal.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	done   chan struct{} // closed when stdout ends

	hold    sync.Mutex // held: the client reads no output, as on a stalled link
	mu      sync.Mutex
	out     bytes.Buffer
	changed chan struct{}
	mark    int // waitFor looks after this offset of the stripped output
}

// connect opens a session, with a terminal or not, running the shell or
// command, or returns why it could not.
func (e *env) connect(user string, key gossh.Signer, pty bool, command ...string) (*term, error) {
	c, err := e.dial(user, gossh.PublicKeys(key))
	if err != nil {
		return nil, err
	}
	tm := &term{t: e.t, client: c, done: make(chan struct{}), changed: make(chan struct{}, 1)}
	e.t.Cleanup(func() { c.Close() })
	if tm.sess, err = c.NewSession(); err != nil {
		return nil, err
	}
	if pty {
		if err := tm.sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
			return nil, err
		}
	}
	if tm.stdin, err = tm.sess.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := tm.sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	go tm.read(stdout)
	if len(command) > 0 {
		err = tm.sess.Start(strings.Join(command, " "))
	} else {
		err = tm.sess.Shell()
	}
	if err != nil {
		return nil, err
	}
	return tm, nil
}

// open is connect with a terminal, failing the test on error.
func (e *env) open(user string, key gossh.Signer) *term {
	e.t.Helper()
	tm, err := e.connect(user, key, true)
	if err != nil {
		e.t.Fatalf("connect: %v", err)
	}
	return tm
}

func (tm *term) read(r io.Reader) {
	defer close(tm.done)
	buf := make([]byte, 4096)
	for {
		tm.hold.Lock()
		tm.hold.Unlock() //nolint:staticcheck // a gate: waits while the test holds it
		n, err := r.Read(buf)
		if n > 0 {
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			select {
			case tm.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// screen returns everything shown so far, without escape sequences.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(tm.out.String())
}

// await waits until text shows after the mark, then moves the mark past it.
func (tm *term) await(text string) error {
	limit := time.NewTimer(waitLimit)
	defer limit.Stop()
	for {
		s := tm.screen()
		tm.mu.Lock()
		from := min(tm.mark, len(s))
		i := strings.Index(s[from:], text)
		if i >= 0 {
			tm.mark = from + i + len(text)
		}
		tm.mu.Unlock()
		if i >= 0 {
			return nil
		}
		select {
		case <-tm.changed:
		case <-tm.done:
			if !strings.Contains(tm.screen()[from:], text) {
				return fmt.Errorf("the session ended without showing %q; it showed:\n%s", text, tail(tm.screen()))
			}
		case <-limit.C:
			return fmt.Errorf("%q never showed; the screen shows:\n%s", text, tail(tm.screen()))
		}
	}
}

// awaitAll waits until every text shows after the mark, in any order,
// then moves the mark past the last of them.
func (tm *term) awaitAll(texts ...string) error {
	limit := time.NewTimer(waitLimit)
	defer limit.Stop()
	for {
		s := tm.screen()
		tm.mu.Lock()
		from, end, missing := min(tm.mark, len(s)), 0, ""
		for _, text := range texts {
			i := strings.Index(s[from:], text)
			if i < 0 {
				missing = text
				break
			}
			end = max(end, from+i+len(text))
		}
		if missing == "" {
			tm.mark = end
		}
		tm.mu.Unlock()
		if missing == "" {
			return nil
		}
		select {
		case <-tm.changed:
		case <-tm.done:
			return fmt.Errorf("the session ended without showing %q; it showed:\n%s", missing, tail(tm.screen()))
		case <-limit.C:
			return fmt.Errorf("%q never showed; the screen shows:\n%s", missing, tail(tm.screen()))
		}
	}
}

// waitFor is await, failing the test.
func (tm *term) waitFor(text string) {
	tm.t.Helper()
	if err := tm.await(text); err != nil {
		tm.t.Fatal(err)
	}
}

// send types keys: text, or "\t", "\r", "\x15" (ctrl+u)…
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.stdin, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
	}
}

// exitStatus waits for the session to end and returns its exit status.
func (tm *term) exitStatus() int {
	tm.t.Helper()
	err := tm.sess.Wait()
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitStatus()
	}
	tm.t.Fatalf("session: %v", err)
	return -1
}

func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}
