package cmd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// TestIDArgumentsFollowTheTUIRule: get, set and log read their id the way
// the lookup does.
func TestIDArgumentsFollowTheTUIRule(t *testing.T) {
	t.Parallel()
	for _, id := range []string{
		"  " + sandbox.DocsContactID + "  ",
		strings.ToUpper(sandbox.DocsContactID),
		strings.ReplaceAll(sandbox.DocsContactID, "-", ""),
		"{" + sandbox.DocsContactID + "}",
		"urn:uuid:" + sandbox.DocsContactID,
	} {
		e := newEnv(t)
		if r := e.run("", "get", id, "--no-addresses"); r.code != ExitOK || !strings.Contains(r.out, "Dupont") {
			t.Errorf("get %q: exit %d %s", id, r.code, r.err)
		}
		r := e.run("", "set", id, "phone=+33 1 00 00 00 00", "--yes")
		if r.code != ExitOK {
			t.Errorf("set %q: exit %d %s", id, r.code, r.err)
		}
		patches := 0
		for _, q := range e.sb.Requests() {
			if q.Method == "PATCH" {
				patches++
				if q.Path != "/contacts/"+sandbox.DocsContactID {
					t.Errorf("PATCH %s", q.Path)
				}
			}
		}
		if patches != 1 {
			t.Errorf("set %q sent %d PATCHes", id, patches)
		}
		if r := e.run("", "log", id); r.code != ExitOK || !strings.Contains(r.out, "phone") {
			t.Errorf("log %q: exit %d %q %s", id, r.code, r.out, r.err)
		}
	}
}

func TestMalformedIDIsRefusedNamingThePosition(t *testing.T) {
	t.Parallel()
	bad := "660e8400-e29b-41d4-a716-44665544000Z"
	for _, args := range [][]string{{"get", bad}, {"set", bad, "phone=1", "--yes"}, {"log", bad}} {
		e := newEnv(t)
		r := e.run("", args...)
		if r.code != ExitUsage || !strings.Contains(r.err, `character 36 ('Z') is not a hexadecimal digit`) || !strings.Contains(r.err, "nothing was sent") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.err)
		}
		if n := len(e.sb.Requests()); n != 0 {
			t.Errorf("%v: %d requests", args, n)
		}
	}
}

// TestTheStartOfAnIDIsOfferedNeverUsed: a truncated id names the one
// recent contact it starts; nothing is sent for it.
func TestTheStartOfAnIDIsOfferedNeverUsed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := state.PushRecent(e.stateDir, "default", state.RecentContact{ID: sandbox.DocsContactID, Name: "Jean Dupont"}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"get", "660e8400-e29b"}, {"set", "660E8400-E29B-41D4", "phone=1", "--yes"}} {
		r := e.run("", args...)
		if r.code != ExitUsage || !strings.Contains(r.err, "did you mean "+sandbox.DocsContactID+" (Jean Dupont, opened recently)?") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.err)
		}
	}
	if r := e.run("", "get", "0000dead-e29b"); r.code != ExitUsage || strings.Contains(r.err, "did you mean") {
		t.Errorf("a prefix of nothing: %q", r.err)
	}
	if n := len(e.sb.Requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// TestHostileRecordsOpenInGet: a phone sent as a number and timestamps in
// another form are shown as received, marked; --json gives the bytes as
// the server sent them.
func TestHostileRecordsOpenInGet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("", "get", sandbox.PhoneNumberContactID)
	if r.code != ExitOK || !strings.Contains(r.out, "4930901820  (as received: a number)") {
		t.Errorf("get: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = e.run("", "get", sandbox.OffsetStampsContactID)
	if r.code != ExitOK || !strings.Contains(r.out, "2026-01-15T10:30:00+0200  (as received: another time format)") {
		t.Errorf("get: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = e.run("", "get", sandbox.UpperAddressContactID)
	if r.code != ExitOK || !strings.Contains(r.out, "10115  (as received: a number)") || !strings.Contains(r.out, "Am Juliusturm 12") {
		t.Errorf("get: exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, id := range sandbox.HostileContactIDs {
		r := e.run("", "get", id, "--json")
		var doc struct {
			Contact json.RawMessage `json:"contact"`
		}
		if r.code != ExitOK || json.Unmarshal([]byte(r.out), &doc) != nil {
			t.Fatalf("get %s --json: exit %d %s", id, r.code, r.err)
		}
		if want := serverData(t, e, "/api/contacts/"+id); !bytes.Equal(doc.Contact, want) {
			t.Errorf("%s: not the server's bytes\n got %s\nwant %s", id, doc.Contact, want)
		}
	}
	// set works on the other fields; the odd one is never sent back.
	for _, arg := range []string{"last_name=Numerisch", "id_crm=CRM-1"} {
		if r := e.run("", "set", sandbox.PhoneNumberContactID, arg, "--yes"); r.code != ExitOK {
			t.Fatalf("set %s: exit %d %s", arg, r.code, r.err)
		}
	}
	var bodies []string
	for _, q := range e.sb.Requests() {
		if q.Method == "PATCH" {
			bodies = append(bodies, string(q.Body))
		}
	}
	if strings.Join(bodies, " ") != `{"last_name":"Numerisch"} {"id_crm":"CRM-1"}` {
		t.Errorf("PATCHes %q", bodies)
	}
}
