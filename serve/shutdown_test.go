package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// saveUnderWay opens the docs contact, changes its phone and sends the
// change while the sandbox holds the PATCH back as fault says; it returns
// once the PATCH reached the sandbox.
func saveUnderWay(t *testing.T, e *env, tm *term, fault sandbox.Fault) {
	t.Helper()
	e.sb.InjectFault(fault)
	if err := openDocsContact(tm); err != nil {
		t.Fatal(err)
	}
	if err := retypePhone(tm, "+33 7 00 00 00 01"); err != nil {
		t.Fatal(err)
	}
	tm.send(ctrlS)
	tm.waitFor("Press y to send")
	tm.send("y")
	deadline := time.Now().Add(waitLimit)
	for e.sb.CountRequests("PATCH", "/contacts/") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the PATCH never left")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func shutdown(t *testing.T, e *env) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

// TestShutdownLetsASaveFinishAndSaysSo: SIGTERM while a slow PATCH is under
// way; the save finishes within the grace, the person is told it is saved
// (not that a draft was kept), and the log shows it.
func TestShutdownLetsASaveFinishAndSaysSo(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.ShutdownGrace = 10 * time.Second })
	tm := e.open("alice", key)
	saveUnderWay(t, e, tm, sandbox.Fault{Method: "PATCH", Apply: true, Delay: time.Second, Times: 1})
	shutdown(t, e)
	tm.waitFor("Your save of phone finished as the session ended: it is saved.")
	if s := tm.screen(); contains(s, "kept as a draft") {
		t.Errorf("the person was told a draft was kept:\n%s", tail(s))
	}
	ops, _ := e.audit.Ops(nil)
	if len(ops) != 1 || !ops[0].Landed() {
		t.Fatalf("audit %+v", ops)
	}
	fp := keyFingerprint(key)
	if d, _ := state.LoadDraft(keyDir(e.dir, fp), "test", api.KindContact, sandbox.DocsContactID); d != nil {
		t.Error("a draft of the saved edit was left behind")
	}
}

// TestShutdownRecordsASaveStillUnderWay: the PATCH outlasts the grace; the
// audit log records it as unknown (its marker stays for the next start),
// the edit is kept as a draft, and the person is told all of it.
func TestShutdownRecordsASaveStillUnderWay(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.ShutdownGrace = 300 * time.Millisecond })
	tm := e.open("alice", key)
	saveUnderWay(t, e, tm, sandbox.Fault{Method: "PATCH", Apply: true, Delay: 4 * time.Second, Times: 1})
	shutdown(t, e)
	tm.waitFor("Your save of phone was still under way when the server stopped")
	tm.waitFor("Your edit was kept as a draft")
	entries, _ := e.audit.Entries(func(x state.Entry) bool { return x.Entry == state.EntryResult })
	if len(entries) == 0 || entries[len(entries)-1].Outcome != state.OutcomeUnknown || entries[len(entries)-1].Resolution != "" {
		t.Fatalf("the save still under way is not recorded as unknown: %+v", entries)
	}
	if ps, _ := state.ListPending(e.dir); len(ps) != 1 {
		t.Errorf("markers %+v: the next start must check it", ps)
	}
	if d, _ := state.LoadDraft(keyDir(e.dir, keyFingerprint(key)), "test", api.KindContact, sandbox.DocsContactID); d == nil {
		t.Error("no draft kept")
	}
	// Had the process lived on, the late answer supersedes the unknown.
	deadline := time.Now().Add(waitLimit)
	for ps, _ := state.ListPending(e.dir); len(ps) > 0; ps, _ = state.ListPending(e.dir) {
		if time.Now().After(deadline) {
			t.Fatal("the save never ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if ops, _ := e.audit.Ops(nil); !ops[0].Landed() {
		t.Errorf("after the late answer: %s", ops[0].Outcome())
	}
}

func keyFingerprint(key interface{ PublicKey() gossh.PublicKey }) string {
	return gossh.FingerprintSHA256(key.PublicKey())
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
