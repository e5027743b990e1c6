package cmd

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

func TestGetPlain(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]string{
		"get_docs":     sandbox.DocsContactID,
		"get_dangling": sandbox.DanglingAddressContactID,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.run("", "get", id)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.err)
			}
			if strings.Contains(r.out, "\x1b[") {
				t.Error("colour escapes in output that is not a terminal")
			}
			golden(t, name, r.out)
		})
	}
}

func TestGetJSON(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]string{
		"get_docs_json":     sandbox.DocsContactID,
		"get_dangling_json": sandbox.DanglingAddressContactID,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.run("", "get", id, "--json")
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.err)
			}
			if !strings.HasSuffix(r.out, "}\n") || strings.Count(r.out, "\n") != 1 || !json.Valid([]byte(r.out)) {
				t.Fatalf("not one newline-terminated JSON document: %q", r.out)
			}
			var doc struct {
				Contact   json.RawMessage   `json:"contact"`
				Addresses []json.RawMessage `json:"addresses"`
			}
			if err := json.Unmarshal([]byte(r.out), &doc); err != nil {
				t.Fatal(err)
			}
			// The contact is the server's bytes, unchanged.
			if want := serverData(t, e, "/api/contacts/"+id); !bytes.Equal(doc.Contact, want) {
				t.Errorf("contact JSON differs from the server's\n got %s\nwant %s", doc.Contact, want)
			}
			golden(t, name, r.out)
		})
	}
}

// serverData GETs path from the test server and returns its "data" bytes.
func serverData(t *testing.T, e *testEnv, path string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}

func TestGetNoAddresses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("", "get", sandbox.TenAddressesContactID, "--no-addresses")
	if r.code != ExitOK || strings.Contains(r.out, "Address ") {
		t.Fatalf("exit %d, output:\n%s%s", r.code, r.out, r.err)
	}
	if n := e.sb.CountRequests("GET", "/addresses"); n != 0 {
		t.Errorf("%d address requests with --no-addresses", n)
	}
	r = e.run("", "get", sandbox.TenAddressesContactID, "--no-addresses", "--json")
	if strings.Contains(r.out, `"addresses"`) {
		t.Errorf("--no-addresses --json still has addresses: %s", r.out)
	}
}

func TestGetSanitizes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if err := e.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) {
		c.LastName = "Dupont\x1b]52;c;ZXZpbA==\x07\u202e"
	}); err != nil {
		t.Fatal(err)
	}
	r := e.run("", "get", sandbox.DocsContactID, "--no-addresses")
	if strings.ContainsAny(r.out, "\x1b\x07\u202e") {
		t.Errorf("unsanitized server text reached the output: %q", r.out)
	}
	if !strings.Contains(r.out, `Dupont\x1b]52;c;ZXZpbA==\x07\u202e`) {
		t.Errorf("escaped name missing: %q", r.out)
	}
}

func TestGetExitCodes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"unknown id", []string{"get", "00000000-0000-4000-8000-000000000000"}, nil, ExitNotFound},
		{"not a uuid", []string{"get", "nope"}, nil, ExitUsage},
		{"wrong token", []string{"get", sandbox.DocsContactID}, map[string]string{"QWOTY_TOKEN": "qwoty_wrong"}, ExitAuth},
		{"no argument", []string{"get"}, nil, ExitUsage},
		{"unknown flag", []string{"get", sandbox.DocsContactID, "--nope"}, nil, ExitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e2 := *e
			e2.t = t
			e2.vars = map[string]string{}
			for k, v := range e.vars {
				e2.vars[k] = v
			}
			for k, v := range c.env {
				e2.vars[k] = v
			}
			if r := e2.run("", c.args...); r.code != c.want {
				t.Errorf("exit %d, want %d: %s", r.code, c.want, r.err)
			}
		})
	}
}

// TestNotFoundNamesARecordKnownHere: a contact this machine changed before
// and that is gone now is named in the not-found message, with its full id.
func TestNotFoundNamesARecordKnownHere(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.run("", "set", sandbox.DocsContactID, "phone=+33 1", "--yes"); r.code != ExitOK {
		t.Fatalf("set: %s", r.err)
	}
	e.sb.InjectFault(sandbox.Fault{Method: "GET", Status: 404})
	for _, args := range [][]string{{"get", sandbox.DocsContactID}, {"set", sandbox.DocsContactID, "phone=+33 2", "--yes"}} {
		r := e.run("", args...)
		want := "contact " + sandbox.DocsContactID + " (Jean Dupont, known here) was not found (404)"
		if r.code != ExitNotFound || !strings.Contains(r.err, want) {
			t.Errorf("%v: exit %d: %s; want %q", args, r.code, r.err, want)
		}
	}
}
