package cmd

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/internal/faultfs"
	"github.com/qwoty/qwoty-contacts/state"
)

// madridAddressID has a state, is in ES and belongs to Camille Lefèvre.
const madridAddressID = "e44cbdea-16a8-4c12-ad22-88282ee5e09b"

func TestSetSendsExactlyTheChangedFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		path string
		body string
	}{
		{"value", []string{"set", sandbox.DocsContactID, "phone=+33 6 99 88 77 66"}, "/contacts/" + sandbox.DocsContactID, `{"phone":"+33 6 99 88 77 66"}`},
		{"empty value is null", []string{"set", sandbox.DocsContactID, "phone="}, "/contacts/" + sandbox.DocsContactID, `{"phone":null}`},
		{"unset", []string{"set", sandbox.DocsContactID, "--unset", "phone"}, "/contacts/" + sandbox.DocsContactID, `{"phone":null}`},
		{"roles", []string{"set", sandbox.DocsContactID, "role=buyer,billing"}, "/contacts/" + sandbox.DocsContactID, `{"role":["buyer","billing"]}`},
		{"no roles", []string{"set", sandbox.DocsContactID, "role="}, "/contacts/" + sandbox.DocsContactID, `{"role":[]}`},
		{"API order", []string{"set", sandbox.DocsContactID, "id_crm=CRM-1", "email=jean@acme.com", "first_name=Jeanne", "role=legal"},
			"/contacts/" + sandbox.DocsContactID, `{"first_name":"Jeanne","email":"jean@acme.com","role":["legal"],"id_crm":"CRM-1"}`},
		{"only what differs", []string{"set", sandbox.DocsContactID, "first_name=Jean", "last_name=Durand"}, "/contacts/" + sandbox.DocsContactID, `{"last_name":"Durand"}`},
		{"address postal code", []string{"set-address", sandbox.DocsPatchAddressID, "postal_code=75008"}, "/addresses/" + sandbox.DocsPatchAddressID, `{"postal_code":"75008"}`},
		{"address null and country", []string{"set-address", madridAddressID, "country=de", "state=", "postal_code=75008"},
			"/addresses/" + madridAddressID, `{"state":null,"postal_code":"75008","country":"DE"}`},
		{"a country by its name", []string{"set-address", madridAddressID, "country=germany"}, "/addresses/" + madridAddressID, `{"country":"DE"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.run("", append(c.args, "--yes", "--reason", "TICKET-42")...)
			if r.code != ExitOK {
				t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
			}
			ps := e.patches()
			if len(ps) != 1 {
				t.Fatalf("%d PATCH requests, want 1", len(ps))
			}
			if ps[0].Path != c.path || string(ps[0].Body) != c.body {
				t.Errorf("PATCH %s %s\nwant  %s %s", ps[0].Path, ps[0].Body, c.path, c.body)
			}
			if !strings.Contains(r.out, "Saved ") {
				t.Errorf("no saved message:\n%s", r.out)
			}
			es := e.audit()
			if len(es) != 1 || es[0].Outcome() != state.OutcomeOK || es[0].Entry.Source != "set" || es[0].Entry.Reason != "TICKET-42" {
				t.Errorf("audit: %+v", es)
			}
		})
	}
}

func TestSetAddressRecordsItsContact(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.run("", "set-address", madridAddressID, "comment=Quai 2", "--yes"); r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	es := e.audit()
	if len(es) != 1 || es[0].Entry.Kind != api.KindAddress || es[0].Entry.ContactID != sandbox.TenAddressesContactID {
		t.Errorf("audit: %+v", es)
	}
}

func TestSetOutput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("", "set", sandbox.DocsContactID, "phone=", "role=buyer,billing", "--yes")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	golden(t, "set_saved", r.out)
}

func TestSetRefusedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		want string // in the error
	}{
		{"unknown field", []string{"set", sandbox.DocsContactID, "fax=1"}, `fax: is not a field of a contact`},
		{"bad email", []string{"set", sandbox.DocsContactID, "email=jean at acme"}, "email:"},
		{"bad role", []string{"set", sandbox.DocsContactID, "role=buyer,boss"}, `role: "boss" is not one of`},
		{"customer_id", []string{"set", sandbox.DocsContactID, "customer_id=" + sandbox.AcmeCustomerID}, "customer_id: cannot be changed"},
		{"duplicate", []string{"set", sandbox.DocsContactID, "phone=1", "--unset", "phone"}, "phone is given more than once"},
		{"empty required", []string{"set", sandbox.DocsContactID, "first_name="}, "first_name: cannot be empty"},
		{"unset required", []string{"set", sandbox.DocsContactID, "--unset", "email"}, "email: cannot be unset"},
		{"unset roles", []string{"set", sandbox.DocsContactID, "--unset", "role"}, "role: cannot be null"},
		{"no equals", []string{"set", sandbox.DocsContactID, "phone"}, "is not field=value"},
		{"nothing", []string{"set", sandbox.DocsContactID}, "nothing to set"},
		{"bad id", []string{"set", "660e8400", "phone=1"}, "is not a valid contact id"},
		{"bad country", []string{"set-address", sandbox.DocsPatchAddressID, "country=XX"}, "country:"},
		{"a country's name half typed", []string{"set-address", sandbox.DocsPatchAddressID, "country=Germ"}, "did you mean DE (Germany)?"},
		{"bad type", []string{"set-address", sandbox.DocsPatchAddressID, "type=home"}, "type: must be one of"},
		{"contact field on address", []string{"set-address", sandbox.DocsPatchAddressID, "phone=1"}, `phone: is not a field of an address`},
		{"no args", []string{"set"}, "missing CONTACT_ID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.run("", append(c.args, "--yes")...)
			if r.code != ExitUsage {
				t.Errorf("exit %d, want %d", r.code, ExitUsage)
			}
			if !strings.Contains(r.err, c.want) {
				t.Errorf("error %q does not say %q", r.err, c.want)
			}
			if n := len(e.sb.Requests()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestSetExitCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		env    map[string]string
		fault  *sandbox.Fault
		want   int
		patch  bool // a PATCH reached the sandbox
		output string
	}{
		{name: "saved", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes"}, want: ExitOK, patch: true},
		{name: "unchanged", args: []string{"set", sandbox.DocsContactID, "phone=+33 6 12 34 56 78", "--yes"}, want: ExitOK, output: "Nothing to save"},
		{name: "no terminal without --yes", args: []string{"set", sandbox.DocsContactID, "phone=1"}, want: ExitUsage, output: "add --yes"},
		{name: "unknown id", args: []string{"set", "00000000-0000-4000-8000-000000000000", "phone=1", "--yes"}, want: ExitNotFound},
		{name: "wrong token", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes"}, env: map[string]string{"QWOTY_TOKEN": "qwoty_wrong"}, want: ExitAuth},
		{name: "read-only", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes", "--read-only"}, want: ExitAuth},
		{name: "forbidden", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes"}, fault: &sandbox.Fault{Method: "PATCH", Status: 403}, want: ExitAuth, patch: true},
		{name: "server refuses the value", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes"}, fault: &sandbox.Fault{Method: "PATCH", Status: 422}, want: ExitUsage, patch: true},
		{name: "server error", args: []string{"set", sandbox.DocsContactID, "phone=1", "--yes"}, fault: &sandbox.Fault{Method: "PATCH", Status: 500}, want: ExitFailure, patch: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			for k, v := range c.env {
				e.vars[k] = v
			}
			if c.fault != nil {
				e.sb.InjectFault(*c.fault)
			}
			r := e.run("", c.args...)
			if r.code != c.want {
				t.Errorf("exit %d, want %d\n%s%s", r.code, c.want, r.out, r.err)
			}
			if got := len(e.patches()) > 0; got != c.patch {
				t.Errorf("PATCH sent: %v, want %v", got, c.patch)
			}
			if !strings.Contains(r.out+r.err, c.output) {
				t.Errorf("output does not say %q:\n%s%s", c.output, r.out, r.err)
			}
		})
	}
}

func TestSetNoTerminalSaysAddYes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("y\n", "set", sandbox.DocsContactID, "phone=1")
	if r.code != ExitUsage || !strings.Contains(r.err, "add --yes") {
		t.Errorf("exit %d: %s", r.code, r.err)
	}
	if len(e.patches()) != 0 || len(e.audit()) != 0 {
		t.Error("something was sent or logged")
	}
}

// TestSetConflict changes the phone on the server right after the
// command's own read (on a terminal: read, show, ask, then save), so the
// write path's read just before sending finds someone else's value:
// nothing is sent, exit code 5.
func TestSetConflict(t *testing.T) {
	t.Parallel()
	var e *testEnv
	e = newEnv(t, afterFirst(http.MethodGet, "/api/contacts/"+sandbox.DocsContactID, func() {
		if err := e.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) {
			theirs := "+33 1 00 00 00 00"
			c.Phone = &theirs
		}); err != nil {
			panic(err)
		}
	}))
	var out, errOut strings.Builder
	std := &IO{In: strings.NewReader("y\n"), Out: &out, Err: &errOut, Getenv: func(k string) string { return e.vars[k] }}
	rt, err := openRuntime(context.Background(), BuildInfo{Version: "test"}, std, &globalFlags{})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	err = runSet(context.Background(), rt, std, setRequest{
		schema: api.ContactSchema, id: sandbox.DocsContactID,
		after: api.Values{"phone": api.String("+33 6 99 88 77 66")}, interactive: true,
	})
	if ExitCode(err) != ExitConflict {
		t.Fatalf("exit %d, want %d\n%s%v", ExitCode(err), ExitConflict, out.String(), err)
	}
	if len(e.patches()) != 0 {
		t.Error("a PATCH was sent despite the conflict")
	}
	golden(t, "set_conflict", out.String()+"qwoty-contacts: "+err.Error()+"\n")
	es := e.audit()
	if len(es) != 1 || es[0].Outcome() != state.OutcomeConflict {
		t.Errorf("audit: %+v", es)
	}
}

// TestSetYesReadsOnce: with --yes nobody waits between reading and
// sending, so one read (under the record's lock) is the base and the
// conflict check: two round trips in all, like curl.
func TestSetYesReadsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("", "set", sandbox.DocsContactID, "phone=+1 555", "--yes")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var got []string
	for _, req := range e.sb.Requests() {
		got = append(got, req.Method+" "+req.Path)
	}
	if want := []string{"GET /contacts/" + sandbox.DocsContactID, "PATCH /contacts/" + sandbox.DocsContactID}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("requests %v, want %v", got, want)
	}
}

func TestSetDryRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run("", "set", sandbox.DocsContactID, "phone=", "role=buyer,billing", "--dry-run")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if len(e.patches()) != 0 {
		t.Error("--dry-run sent a PATCH")
	}
	golden(t, "set_dry_run", e.scrub(r.out))
	es := e.audit()
	if len(es) != 1 || es[0].Outcome() != state.OutcomeDryRun || len(es[0].Entry.Changes) != 2 {
		t.Errorf("audit: %+v", es)
	}
}

// TestSetAsks runs the shared function as on a terminal.
func TestSetAsks(t *testing.T) {
	t.Parallel()
	for _, answer := range []string{"y\n", "n\n", ""} {
		e := newEnv(t)
		var out, errOut strings.Builder
		std := &IO{In: strings.NewReader(answer), Out: &out, Err: &errOut, Getenv: func(k string) string { return e.vars[k] }}
		rt, err := openRuntime(context.Background(), BuildInfo{Version: "test"}, std, &globalFlags{})
		if err != nil {
			t.Fatal(err)
		}
		err = runSet(context.Background(), rt, std, setRequest{
			schema: api.ContactSchema, id: sandbox.DocsContactID,
			after: api.Values{"phone": api.Null()}, interactive: true,
		})
		rt.Close()
		if !strings.Contains(out.String(), "Send this change? [y/N]") {
			t.Errorf("%q: no question:\n%s", answer, out.String())
		}
		sent := len(e.patches()) == 1
		if want := answer == "y\n"; sent != want || (err == nil) != want {
			t.Errorf("%q: sent %v, err %v", answer, sent, err)
		}
		if answer != "y\n" && (ExitCode(err) != ExitDeclined || !strings.Contains(err.Error(), "you answered no")) {
			t.Errorf("%q: a declined prompt gives exit %d (%v), want %d", answer, ExitCode(err), err, ExitDeclined)
		}
	}
}

func TestSetRequiredReason(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := e.vars["QWOTY_CONFIG"]
	writeFile(t, cfg, "default_profile = \"strict\"\n[profiles.strict]\nrequire_reason = true\n")
	r := e.run("", "set", sandbox.DocsContactID, "phone=1", "--yes")
	if r.code != ExitUsage || !strings.Contains(r.err, "--reason") || len(e.sb.Requests()) != 0 {
		t.Errorf("exit %d: %s", r.code, r.err)
	}
	if r := e.run("", "set", sandbox.DocsContactID, "phone=1", "--yes", "--reason", "T-1"); r.code != ExitOK {
		t.Errorf("with a reason: exit %d: %s", r.code, r.err)
	}
}

// TestSetWithAnUnwritableStateFolderSendsNothing: when the audit entry
// cannot be written first, set sends nothing, says which folder and what
// to do, and exits 7.
func TestSetWithAnUnwritableStateFolderSendsNothing(t *testing.T) {
	for name, dir := range map[string]func(t *testing.T) string{
		"read-only": func(t *testing.T) string { return faultfs.ReadOnlyDir(t, nil) },
		"full":      func(t *testing.T) string { return faultfs.FullDir(t) },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			d := dir(t)
			e.vars["QWOTY_STATE_DIR"] = d
			r := e.run("", "set", sandbox.DocsContactID, "phone=+33 1", "--yes")
			if r.code != ExitStateFolder {
				t.Errorf("exit %d, want %d\n%s%s", r.code, ExitStateFolder, r.out, r.err)
			}
			if len(e.patches()) != 0 {
				t.Error("a PATCH was sent without its audit entry")
			}
			for _, want := range []string{d, "nothing was sent", "QWOTY_STATE_DIR"} {
				if !strings.Contains(r.err, want) {
					t.Errorf("the message does not say %q:\n%s", want, r.err)
				}
			}
		})
	}
}

// TestSetOutcomesWithoutAUsableAnswer: the PATCH leaves, no usable answer
// comes back; set reads the contact again and says (and exits with) what
// really happened.
func TestSetOutcomesWithoutAUsableAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		faults []sandbox.Fault
		code   int
		says   string
		phone  string // on the server afterwards
	}{
		{"applied, answered 204", []sandbox.Fault{{Method: "PATCH", Apply: true, Status: 204}}, ExitOK, "reading the record again confirmed the change", "+33 1"},
		{"applied, answered after the timeout", []sandbox.Fault{{Method: "PATCH", Apply: true, Delay: time.Hour}}, ExitOK, "but reading the record again shows the change is there", "+33 1"},
		{"never applied", []sandbox.Fault{{Method: "PATCH", Hang: true}}, ExitFailure, "still holds the old values; run the command again", "+33 6 12 34 56 78"},
		{"answer and re-read lost", []sandbox.Fault{{Method: "PATCH", Apply: true, Delay: time.Hour}, {Method: "GET", Skip: 1, Status: 404}}, ExitUnknown, "the next run checks it", "+33 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			for _, f := range c.faults {
				f.Times = 1
				e.sb.InjectFault(f)
			}
			r := e.run("", "set", sandbox.DocsContactID, "phone=+33 1", "--yes", "--timeout", "300ms")
			if r.code != c.code || !strings.Contains(r.out+r.err, c.says) {
				t.Errorf("exit %d (want %d), output:\n%s%s", r.code, c.code, r.out, r.err)
			}
			if got, _ := e.sb.Contact(sandbox.DocsContactID); *got.Phone != c.phone {
				t.Errorf("server phone %q, want %q", *got.Phone, c.phone)
			}
			if n := len(e.patches()); n != 1 {
				t.Errorf("%d PATCHes", n)
			}
			if c.code == ExitUnknown { // the next run checks it, and says so
				r := e.run("", "get", sandbox.DocsContactID, "--no-addresses")
				if !strings.Contains(r.err, "checked now: it reached the server") {
					t.Errorf("the next run did not resolve the write:\n%s", r.err)
				}
				if ops := e.audit(); !ops[0].Landed() {
					t.Errorf("log after the next run: %+v", ops[0].Result)
				}
			}
		})
	}
}
