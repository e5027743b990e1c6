package cmd

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// TestLog makes a few writes (saved, dry run, address, failed) and prints
// the log.
func TestLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	steps := [][]string{
		{"set", sandbox.DocsContactID, "phone=+33 6 99 88 77 66", "--yes", "--reason", "TICKET-42"},
		{"set", sandbox.DocsContactID, "role=buyer,billing", "--dry-run"},
		{"set-address", sandbox.DocsAddressID, "postal_code=75008", "--yes"},
		{"set", sandbox.NoAddressesContactID, "email=elodie@acme.com", "--yes"},
	}
	for i, args := range steps {
		if i == 3 {
			e.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: http.StatusInternalServerError, Times: 1})
		}
		e.run("", args...)
	}
	// The log needs no token and no API.
	delete(e.vars, "QWOTY_TOKEN")
	e.vars["QWOTY_BASE_URL"] = "https://unreachable.invalid/api"

	r := e.run("", "log")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	golden(t, "log", e.scrub(r.out))

	r = e.run("", "log", sandbox.DocsContactID, "--limit", "2")
	if lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n"); len(lines) != 2 ||
		!strings.Contains(lines[0], "address c3d4e5f6…") || !strings.Contains(lines[1], "dry-run") {
		t.Errorf("log ID --limit 2:\n%s", r.out)
	}

	r = e.run("", "log", "--json")
	var n int
	for _, line := range strings.Split(strings.TrimSuffix(r.out, "\n"), "\n") {
		var en state.Entry
		if err := json.Unmarshal([]byte(line), &en); err != nil || (en.Entry != state.EntryAttempt && en.Entry != state.EntryResult) || en.Op == "" {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		n++
	}
	if n != 8 {
		t.Errorf("%d JSON lines, want 8 (4 attempts, 4 results)", n)
	}
}

func TestLogEmptyAndSanitized(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.run("", "log"); r.code != ExitOK || r.out != "" {
		t.Errorf("empty log: exit %d, %q", r.code, r.out)
	}
	err := state.OpenAudit(e.stateDir).Append(state.Entry{
		Time: fixedNow, Kind: "contact", ID: sandbox.DocsContactID, Outcome: state.OutcomeFailed,
		Reason: "evil\x1b[31m", Error: "boom\u202e",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := e.run("", "log")
	if strings.ContainsAny(r.out, "\x1b\u202e") {
		t.Errorf("unsanitized: %q", r.out)
	}
	if r := e.run("", "log", "--limit", "-1"); r.code != ExitUsage {
		t.Errorf("--limit -1: exit %d", r.code)
	}
}

// TestLogVerify: an intact chain is said to be; a file with a line edited,
// removed or inserted names that line and exits 9.
func TestLogVerify(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 3 {
		if r := e.run("", "set", sandbox.DocsContactID, "phone=+33 1 0"+string(rune('0'+i)), "--yes"); r.code != ExitOK {
			t.Fatal(r.err)
		}
	}
	r := e.run("", "log", "--verify")
	if r.code != ExitOK || !strings.Contains(r.out, "The audit log is intact: 6 entries in 1 file") {
		t.Fatalf("intact: exit %d\n%s%s", r.code, r.out, r.err)
	}
	path := filepath.Join(e.stateDir, "audit.jsonl")
	orig, _ := os.ReadFile(path)
	ls := strings.SplitAfter(string(orig), "\n")
	for name, c := range map[string]struct {
		content string
		says    string
	}{
		"edited":   {strings.Join(append(append([]string{}, ls[:1]...), append([]string{strings.Replace(ls[1], "+33 1 00", "+33 1 99", 1)}, ls[2:]...)...), ""), "line 2: this line was changed"},
		"removed":  {strings.Join(append(append([]string{}, ls[:3]...), ls[4:]...), ""), "line 4: 1 line was removed"},
		"inserted": {strings.Join(append(append([]string{}, ls[:4]...), append([]string{ls[3]}, ls[4:]...)...), ""), "line 5: this line was inserted"},
	} {
		if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		r := e.run("", "log", "--verify")
		if r.code != ExitTampered || !strings.Contains(r.err, "the audit log was altered: "+path+" "+c.says) {
			t.Errorf("%s: exit %d: %s", name, r.code, r.err)
		}
	}
}

// TestAuditSyslog: --audit-syslog sends each entry of a write, with its
// line's hash, to a syslog server.
func TestAuditSyslog(t *testing.T) {
	t.Parallel()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	e := newEnv(t)
	if r := e.run("", "set", sandbox.DocsContactID, "phone=+33 1", "--yes", "--audit-syslog", "udp://"+pc.LocalAddr().String()); r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var got []string
	buf := make([]byte, 64<<10)
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(got) < 3 { // genesis, attempt, result
		n, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatalf("after %d messages: %v", len(got), err)
		}
		got = append(got, string(buf[:n]))
	}
	if !strings.Contains(got[1], `"entry":"attempt"`) || !strings.Contains(got[1], `"phone"`) || !strings.Contains(got[2], `"outcome":"ok"`) {
		t.Errorf("messages:\n%s", strings.Join(got, "\n"))
	}
	for _, m := range got {
		if strings.Contains(m, sandbox.DefaultToken) {
			t.Error("the token went to the syslog")
		}
	}
	if r := e.run("", "set", sandbox.DocsContactID, "phone=+33 2", "--yes", "--audit-syslog", "smtp://x"); r.code != ExitUsage || len(e.patches()) != 1 {
		t.Errorf("a bad syslog address: exit %d, %d PATCHes: %s", r.code, len(e.patches()), r.err)
	}
}
