package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// named is key's authorized_keys line with comment (none when empty).
func named(key gossh.Signer, options, comment string) string {
	l := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key.PublicKey())))
	if comment != "" {
		l += " " + comment
	}
	if options != "" {
		l = options + " " + l
	}
	return l
}

func TestSessionsPerKey(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	e := newEnv(t, []string{named(alice, "", "Alice Martin"), named(bob, "", "Bob Roy")}, func(c *Config) { c.MaxSessionsPerKey = 2 })
	first := e.open("alice", alice)
	first.waitFor("Open a contact")
	e.open("alice", alice).waitFor("Open a contact")
	third := e.open("alice", alice)
	third.waitFor("this key already has 2 sessions open, the most one key may have")
	if code := third.exitStatus(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	e.open("bob", bob).waitFor("Open a contact") // another person is not held back

	first.send("\x03") // ctrl+c: on the lookup screen, q is typed
	if code := first.exitStatus(); code != 0 {
		t.Errorf("exit status %d after ctrl+c", code)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		tm := e.open("alice", alice)
		if err := tm.await("Open a contact"); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("alice cannot open a session after closing one: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // the closed session is still ending
	}
}

// Taking a key out of the file ends its open sessions, keeping their
// drafts and saying why; other keys' sessions go on.
func TestRevokedKeyEndsItsSessions(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	fp := gossh.FingerprintSHA256(alice.PublicKey())
	e := newEnv(t, []string{named(alice, "", "Alice Martin"), named(bob, "", "Bob Roy")}, nil)
	tm := e.open("alice", alice)
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
	if err := retypePhone(tm, "+33 7 77 77 77 77"); err != nil {
		t.Fatal(err)
	}
	other := e.open("bob", bob)
	other.waitFor("Open a contact")

	e.writeKeys(named(bob, "", "Bob Roy"))
	tm.waitFor("this session was closed because its key was removed from the server's authorized keys")
	tm.waitFor("Your unsaved edit was kept as a draft")
	if code := tm.exitStatus(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	d, err := state.LoadDraft(keyDir(e.dir, fp), "test", api.KindContact, sandbox.DocsContactID)
	if err != nil || d == nil || !strings.Contains(fmt.Sprint(d.Edited["phone"]), "+33 7 77 77 77 77") {
		t.Errorf("draft %+v, %v; want the phone being edited", d, err)
	}
	other.send("zqz")
	other.waitFor("zqz")
	if !strings.Contains(e.logs.String(), "session closed: its key lost its access") {
		t.Error("the log does not say why the session was closed")
	}
}

func TestReadOnlyKeyEndsWritableSessions(t *testing.T) {
	alice := newKey(t)
	e := newEnv(t, []string{named(alice, "", "Alice Martin")}, nil)
	tm := e.open("alice", alice)
	tm.waitFor("Open a contact")
	e.writeKeys(named(alice, "qwoty-read-only", "Alice Martin"))
	tm.waitFor("this session was closed because its key was made read-only")
	again := e.open("alice", alice)
	if err := openDocsContact(again); err != nil {
		t.Fatal(err)
	}
	again.send("e")
	again.waitFor("Read-only: this session cannot change data.")
}

// The person is the key's comment: shown as signed in, recorded with the
// fingerprint; the user name the client sent is kept apart.
func TestIdentityIsTheKey(t *testing.T) {
	alice, anon := newKey(t), newKey(t)
	e := newEnv(t, []string{named(alice, "", "Alice Martin"), named(anon, "", "")}, nil)

	tm := e.open("bob", alice) // alice's key, claiming to be bob
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
	if s := tm.screen(); !strings.Contains(s, "signed in as Alice Martin") || strings.Contains(s, "signed in as bob") {
		t.Errorf("the header does not name the key's person:\n%s", tail(s))
	}
	if err := retypePhone(tm, "+33 1 11 11 11 11"); err != nil {
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
	if got.SSHKeyName != "Alice Martin" || got.SSHUserClaimed != "bob" || got.SSHKey != gossh.FingerprintSHA256(alice.PublicKey()) {
		t.Errorf("audit: ssh_key_name %q, ssh_user_claimed %q, ssh_key_fingerprint %q; want Alice Martin, bob, alice's key",
			got.SSHKeyName, got.SSHUserClaimed, got.SSHKey)
	}
	if !strings.Contains(e.logs.String(), `name="Alice Martin"`) || !strings.Contains(e.logs.String(), "claimed_user=bob") {
		t.Error("the log does not name the person and the claimed user apart")
	}

	fp := gossh.FingerprintSHA256(anon.PublicKey())
	nameless := e.open("carol", anon)
	nameless.waitFor("signed in as " + fp[:len("SHA256:")+8] + "…")
}
