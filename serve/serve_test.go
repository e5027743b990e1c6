package serve

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

const (
	ctrlU = "\x15"
	ctrlS = "\x13"
)

// openDocsContact goes from the lookup screen to Jean Dupont.
func openDocsContact(tm *term) error {
	if err := tm.await("Open a contact"); err != nil {
		return err
	}
	if _, err := tm.stdin.Write([]byte(sandbox.DocsContactID + "\r")); err != nil {
		return err
	}
	// The contact view (the lookup list also shows the name), once the
	// contact itself has come: its address may come first, and until the
	// contact does, e says it is still loading.
	return tm.awaitAll("12 Rue de la Paix", "h history")
}

// retypePhone opens the form of the contact on screen and retypes its
// phone (the fourth row), without sending it.
func retypePhone(tm *term, phone string) error {
	tm.send("e")
	if err := tm.await("Edit contact"); err != nil {
		return err
	}
	tm.send("\t", "\t", "\t", ctrlU, phone)
	return tm.await(phone)
}

func TestAllowedKeyOpensAContact(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{"# support team", "", line(key, "")}, nil)
	tm := e.open("alice", key)
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tm.screen(), "signed in as test@example") { // the key's comment, drawn in the header, before the address
		t.Errorf("the header does not say who is signed in:\n%s", tail(tm.screen()))
	}
	tm.send("q")
	if code := tm.exitStatus(); code != 0 {
		t.Errorf("exit status %d after q", code)
	}
}

func TestCommandOpensThatContact(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, nil)
	tm, err := e.connect("alice", key, true, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	tm.waitFor("12 Rue de la Paix") // the contact screen, not the lookup
}

func TestOtherAuthRefused(t *testing.T) {
	known := newKey(t)
	e := newEnv(t, []string{line(known, "")}, nil)
	tests := []struct {
		name string
		auth gossh.AuthMethod
	}{
		{"unknown key", gossh.PublicKeys(newKey(t))},
		{"password", gossh.Password("hunter2")},
		{"keyboard-interactive", gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"hunter2"}, nil
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := e.dial("mallory", tt.auth)
			if err == nil {
				c.Close()
				t.Fatal("the handshake succeeded")
			}
		})
	}
}

func TestKeyFileReloaded(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	e := newEnv(t, []string{line(alice, "")}, nil)
	c, err := e.dial("alice", gossh.PublicKeys(alice))
	if err != nil {
		t.Fatalf("alice refused: %v", err)
	}
	c.Close()
	if c, err := e.dial("bob", gossh.PublicKeys(bob)); err == nil {
		c.Close()
		t.Fatal("bob let in before his key was added")
	}

	e.writeKeys(line(bob, "no-port-forwarding,no-agent-forwarding"))
	if c, err := e.dial("alice", gossh.PublicKeys(alice)); err == nil {
		c.Close()
		t.Error("alice let in after her key was removed")
	}
	tm := e.open("bob", bob)
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyKeys(t *testing.T) {
	byOption, byList := newKey(t), newKey(t)
	listPath := filepath.Join(t.TempDir(), "read_only_keys")
	if err := os.WriteFile(listPath, []byte(line(byList, "")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, []string{line(byOption, "qwoty-read-only"), line(byList, "")}, func(c *Config) {
		c.ReadOnlyKeys = listPath
	})
	for name, key := range map[string]gossh.Signer{"option": byOption, "list": byList} {
		t.Run(name, func(t *testing.T) {
			tm := e.open("carol", key)
			if err := openDocsContact(tm); err != nil {
				t.Fatal(err)
			}
			tm.send("e")
			tm.waitFor("Read-only: this session cannot change data.")
			if strings.Contains(tm.screen(), "Edit contact") {
				t.Error("a read-only session opened the edit form")
			}
		})
	}
	for _, r := range e.sb.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("the sandbox saw %s %s", r.Method, r.Path)
		}
	}
}

func TestConcurrentSessions(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.MaxSessionsPerKey, c.MaxHandshakesPerAddress = 20, 20 }) // all at once, from one address
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm, err := e.connect(fmt.Sprintf("user%d", i), key, true)
			if err == nil {
				err = openDocsContact(tm)
			}
			if err != nil {
				errs <- fmt.Errorf("session %d: %w", i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMaxSessions(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.MaxSessions, c.MaxSessionsPerKey = 5, 10 })
	for i := range 5 {
		e.open(fmt.Sprint("user", i), key).waitFor("Open a contact")
	}
	tm := e.open("user5", key)
	tm.waitFor("the server is full (5 sessions); try again in a minute")
	if code := tm.exitStatus(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
}

func TestWriteAudited(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, nil)
	tm := e.open("dave", key)
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
	if err := retypePhone(tm, "+33 1 23 45 67 89"); err != nil {
		t.Fatal(err)
	}
	tm.send(ctrlS)
	tm.waitFor("Press y to send")
	tm.send("y")
	tm.waitFor("Saved phone")

	ops, err := e.audit.Ops(nil)
	if err != nil || len(ops) != 1 {
		t.Fatalf("audit entries %+v, %v", ops, err)
	}
	got := ops[0].Entry
	want := gossh.FingerprintSHA256(key.PublicKey())
	if got.SSHUserClaimed != "dave" || got.SSHKeyName != "test@example" || got.SSHKey != want || got.Source != "ssh" || ops[0].Outcome() != state.OutcomeOK || got.ID != sandbox.DocsContactID {
		t.Errorf("audit entry %+v; want ssh_user dave, key %s, source ssh, outcome ok", got, want)
	}
}

func TestNoTerminal(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, nil)
	tm, err := e.connect("erin", key, false)
	if err != nil {
		t.Fatal(err)
	}
	if code := tm.exitStatus(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	<-tm.done
	if got := tm.screen(); got != msgNoPTY+"\n" {
		t.Errorf("output %q, want %q", got, msgNoPTY+"\n")
	}
}

// An unsaved edit is kept as a draft when the session ends from outside:
// idle, dropped connection, server shutdown. (The app autosaves drafts
// too; the message says the session's end kept it.)
func TestUnsavedEditKeptAsDraft(t *testing.T) {
	key := newKey(t)
	fp := gossh.FingerprintSHA256(key.PublicKey())
	startEdit := func(t *testing.T, e *env) *term {
		tm := e.open("frank", key)
		if err := openDocsContact(tm); err != nil {
			t.Fatal(err)
		}
		if err := retypePhone(tm, "+33 9 99 99 99 99"); err != nil {
			t.Fatal(err)
		}
		return tm
	}
	checkDraft := func(t *testing.T, e *env) {
		t.Helper()
		d, err := state.LoadDraft(keyDir(e.dir, fp), "test", api.KindContact, sandbox.DocsContactID)
		if err != nil || d == nil {
			t.Fatalf("no draft: %v", err)
		}
		if v := d.Edited["phone"]; !strings.Contains(fmt.Sprint(v), "+33 9 99 99 99 99") {
			t.Errorf("draft phone %v", v)
		}
	}

	t.Run("idle", func(t *testing.T) {
		e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.IdleTimeout = 2 * time.Second })
		tm := startEdit(t, e)
		tm.waitFor("closed after 2s without input. Your unsaved edit was kept as a draft")
		checkDraft(t, e)
	})
	t.Run("shutdown", func(t *testing.T) {
		e := newEnv(t, []string{line(key, "")}, nil)
		tm := startEdit(t, e)
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		told := make(chan error, 1)
		go func() {
			told <- tm.await("the server is shutting down. Your unsaved edit was kept as a draft")
			tm.client.Close()
		}()
		if err := e.srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-told; err != nil {
			t.Error(err)
		}
		checkDraft(t, e)
		if _, err := e.dial("frank", gossh.PublicKeys(key)); err == nil {
			t.Error("a connection was accepted after shutdown")
		}
	})
	t.Run("dropped", func(t *testing.T) {
		e := newEnv(t, []string{line(key, "")}, nil)
		tm := startEdit(t, e)
		tm.client.Close()
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := e.srv.Shutdown(ctx); err != nil { // waits for the session to end
			t.Errorf("shutdown: %v", err)
		}
		checkDraft(t, e)
	})
}
