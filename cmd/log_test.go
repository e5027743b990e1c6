package cmd

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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
