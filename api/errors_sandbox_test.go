package api_test

// Error paths of the client against the sandbox: each injected fault must
// come back as the right kind of *api.Error, with the right helper answering
// true, the right number of tries, and a message that is a plain sentence.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// assertPlainSentence fails when an error's text looks like Go, JSON or
// transport internals rather than a sentence for people.
func assertPlainSentence(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.TrimSpace(msg) == "" {
		t.Errorf("empty error message (%#v)", err)
		return
	}
	for _, bad := range []string{"json:", "invalid character", "unexpected end", "dial tcp", "Get \"", "Patch \"", "%!",
		"*api.", "cannot unmarshal", "net/http:", "read tcp", "write tcp", "EOF", "context deadline exceeded", "\n"} {
		if strings.Contains(msg, bad) {
			t.Errorf("message %q contains %q", msg, bad)
		}
	}
}

// op is one client call against the seeded data, with the method and path
// prefix of the request it sends.
type op struct {
	name, method, path string
	call               func(ctx context.Context, c *api.Client) error
}

var (
	getContact = op{"GetContact", http.MethodGet, "/contacts/" + sandbox.DocsContactID, func(ctx context.Context, c *api.Client) error {
		_, err := c.GetContact(ctx, sandbox.DocsContactID)
		return err
	}}
	getAddress = op{"GetAddress", http.MethodGet, "/addresses/" + sandbox.DocsAddressID, func(ctx context.Context, c *api.Client) error {
		_, err := c.GetAddress(ctx, sandbox.DocsAddressID)
		return err
	}}
	getCustomer = op{"GetCustomer", http.MethodGet, "/customers/" + sandbox.AcmeCustomerID, func(ctx context.Context, c *api.Client) error {
		_, err := c.GetCustomer(ctx, sandbox.AcmeCustomerID)
		return err
	}}
	listContacts = op{"ListContacts", http.MethodGet, "/contacts", func(ctx context.Context, c *api.Client) error {
		_, err := c.ListContacts(ctx, "")
		return err
	}}
	patchContact = op{"UpdateContact", http.MethodPatch, "/contacts/" + sandbox.DocsContactID, func(ctx context.Context, c *api.Client) error {
		p := api.NewContactPatch()
		if err := p.SetString("phone", "+33 6 99 88 77 66"); err != nil {
			return err
		}
		_, err := c.UpdateContact(ctx, sandbox.DocsContactID, p)
		return err
	}}
	patchAddress = op{"UpdateAddress", http.MethodPatch, "/addresses/" + sandbox.DocsAddressID, func(ctx context.Context, c *api.Client) error {
		p := api.NewAddressPatch()
		if err := p.SetString("postal_code", "75008"); err != nil {
			return err
		}
		_, err := c.UpdateAddress(ctx, sandbox.DocsAddressID, p)
		return err
	}}
)

func TestErrorPaths(t *testing.T) {
	t.Parallel()
	retryAfter := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	nested := func(code, msg, field string) string {
		f := ""
		if field != "" {
			f = `,"field":"` + field + `"`
		}
		return `{"success":false,"error":{"code":"` + code + `","message":"` + msg + `"` + f + `}}`
	}
	tests := []struct {
		name   string
		op     op
		fault  sandbox.Fault
		is     func(error) bool // the helper that must answer true (nil: none)
		kind   api.ErrorKind
		status int      // -1: not checked
		tries  int      // requests the server must receive
		ok     bool     // the call succeeds after retries
		says   []string // the message must contain these
		field  string
		retry  time.Duration // RetryAfter; 0 = none
	}{
		// 4xx: never retried.
		{name: "404 from a fault", op: getAddress, fault: sandbox.Fault{Status: 404},
			is: api.IsNotFound, kind: api.ErrAPI, status: 404, tries: 1,
			says: []string{"address c3d4e5f6… not found (404)", "check the id"}},
		{name: "404 HTML page from a proxy", op: getContact, fault: sandbox.Fault{Status: 404, Body: "<!DOCTYPE html><html><body>Not Found</body></html>"},
			kind: api.ErrNotAPI, status: 404, tries: 1, says: []string{"404 Not Found", "HTML page"}},
		{name: "401", op: getContact, fault: sandbox.Fault{Status: 401},
			is: api.IsUnauthorized, kind: api.ErrAPI, status: 401, tries: 1, says: []string{"401", "token"}},
		{name: "401 flat shape", op: listContacts, fault: sandbox.Fault{Status: 401, Body: `{"success":false,"error":"Unauthorized","message":"Token expired"}`},
			is: api.IsUnauthorized, kind: api.ErrAPI, status: 401, tries: 1, says: []string{"401"}},
		{name: "403 on a read", op: getCustomer, fault: sandbox.Fault{Status: 403},
			is: api.IsForbidden, kind: api.ErrAPI, status: 403, tries: 1, says: []string{"lacks permission for reading customer 550e8400…", "403"}},
		{name: "403 on a write", op: patchContact, fault: sandbox.Fault{Status: 403, Body: nested("forbidden", "Token cannot write contacts", "")},
			is: api.IsForbidden, kind: api.ErrAPI, status: 403, tries: 1, says: []string{"changing contact 660e8400…", "Token cannot write contacts"}},
		{name: "409", op: patchContact, fault: sandbox.Fault{Status: 409},
			kind: api.ErrAPI, status: 409, tries: 1, says: []string{"conflict", "409", "reload"}},
		{name: "415", op: patchAddress, fault: sandbox.Fault{Status: 415},
			kind: api.ErrAPI, status: 415, tries: 1, says: []string{"415", "request format"}},
		{name: "422 naming email", op: patchContact, fault: sandbox.Fault{Status: 422, Body: nested("validation_error", "email: must be a valid email address", "email")},
			is: api.IsValidation, kind: api.ErrAPI, status: 422, tries: 1, field: "email",
			says: []string{"rejected the change to contact 660e8400… (422)", "email: must be a valid email address"}},
		{name: "422 with the field only in the message", op: patchContact, fault: sandbox.Fault{Status: 422, Body: nested("validation_error", "The email is already used by another contact", "")},
			is: api.IsValidation, kind: api.ErrAPI, status: 422, tries: 1, field: "email", says: []string{"422"}},
		{name: "422 with details.field", op: patchAddress, fault: sandbox.Fault{Status: 422, Body: `{"success":false,"error":{"code":"validation_error","message":"invalid","details":{"field":"postal_code"}}}`},
			is: api.IsValidation, kind: api.ErrAPI, status: 422, tries: 1, field: "postal_code", says: []string{"address c3d4e5f6…"}},
		{name: "400 flat shape", op: patchContact, fault: sandbox.Fault{Status: 400, Body: `{"success":false,"error":"Bad Request","message":"phone is too long"}`},
			is: api.IsValidation, kind: api.ErrAPI, status: 400, tries: 1, field: "phone", says: []string{"(400)", "phone is too long"}},

		// 429: a GET waits for Retry-After and tries again; a PATCH never.
		{name: "429 with Retry-After on a GET: retried, then gives up", op: getContact, fault: sandbox.Fault{Status: 429, Header: retryAfter("0.05")},
			is: api.IsRateLimited, kind: api.ErrAPI, status: 429, tries: 3, retry: 50 * time.Millisecond, says: []string{"rate limiting", "429", "wait 1s"}},
		{name: "429 with a Retry-After beyond what anyone waits: no retry, the real wait said", op: getContact, fault: sandbox.Fault{Status: 429, Header: retryAfter("99999")},
			is: api.IsRateLimited, kind: api.ErrAPI, status: 429, tries: 1, retry: 99999 * time.Second, says: []string{"wait about 28 hours"}},
		{name: "429 once on a GET: the retry succeeds", op: getContact, fault: sandbox.Fault{Status: 429, Times: 1, Header: retryAfter("0.05")},
			tries: 2, ok: true},
		{name: "429 without Retry-After", op: getAddress, fault: sandbox.Fault{Status: 429},
			is: api.IsRateLimited, kind: api.ErrAPI, status: 429, tries: 3, says: []string{"wait a minute"}},
		{name: "429 on a PATCH: not retried", op: patchContact, fault: sandbox.Fault{Status: 429, Header: retryAfter("0.05")},
			is: api.IsRateLimited, kind: api.ErrAPI, status: 429, tries: 1, retry: 50 * time.Millisecond},

		// 5xx: 502, 503, 504 are retried for a GET, 500 never.
		{name: "500", op: getContact, fault: sandbox.Fault{Status: 500},
			kind: api.ErrAPI, status: 500, tries: 1, says: []string{"the Qwoty API failed (500 Internal Server Error)", "server's side"}},
		{name: "500 with broken JSON", op: getContact, fault: sandbox.Fault{Status: 500, Body: `{"success":false,"error":{"code":`},
			kind: api.ErrAPI, status: 500, tries: 1, says: []string{"500 Internal Server Error"}},
		{name: "502 HTML body", op: getContact, fault: sandbox.Fault{Status: 502, Body: "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"},
			kind: api.ErrNotAPI, status: 502, tries: 3, says: []string{"502 Bad Gateway", "HTML page", "proxy"}},
		{name: "502 HTML once: the retry succeeds", op: listContacts, fault: sandbox.Fault{Status: 502, Times: 1, Body: "<html>Bad Gateway</html>"},
			tries: 2, ok: true},
		{name: "502 on a PATCH: not retried", op: patchAddress, fault: sandbox.Fault{Status: 502, Body: "<html>Bad Gateway</html>"},
			kind: api.ErrNotAPI, status: 502, tries: 1},
		// The sandbox answers a bare status with a JSON error; a body of
		// whitespace is what an empty answer looks like once trimmed.
		{name: "503 empty body", op: getCustomer, fault: sandbox.Fault{Status: 503, Body: "\r\n"},
			kind: api.ErrNotAPI, status: 503, tries: 3, says: []string{"503 Service Unavailable", "empty body"}},
		{name: "503 with Retry-After", op: getContact, fault: sandbox.Fault{Status: 503, Header: retryAfter("0.02")},
			kind: api.ErrAPI, status: 503, tries: 3, retry: 20 * time.Millisecond, says: []string{"503"}},
		{name: "504", op: getAddress, fault: sandbox.Fault{Status: 504},
			kind: api.ErrAPI, status: 504, tries: 3, says: []string{"504 Gateway Timeout"}},
		{name: "504 twice: the third try succeeds", op: getAddress, fault: sandbox.Fault{Status: 504, Times: 2},
			tries: 3, ok: true},

		// 200s that are not what they claim.
		{name: "truncated JSON on 200", op: getContact, fault: sandbox.Fault{Body: `{"success":true,"data":{"id":"660e8400-e29b`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"contact 660e8400…", "cut off"}},
		{name: "truncated list on 200", op: listContacts, fault: sandbox.Fault{Body: `{"success":true,"data":[{"id":"660e8400"},`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"contact list", "cut off"}},
		{name: "garbled JSON on 200", op: getContact, fault: sandbox.Fault{Body: `{"success":true,"data":{"id":}}`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"not valid JSON"}},
		{name: "plain text on 200", op: getCustomer, fault: sandbox.Fault{Body: "OK"},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"plain text"}},
		{name: "HTML login page on 200", op: getContact, fault: sandbox.Fault{Body: "<!doctype html><html><body>Sign in</body></html>"},
			kind: api.ErrNotAPI, status: 200, tries: 1, says: []string{"HTML page"}},
		{name: "200 without envelope", op: getContact, fault: sandbox.Fault{Body: `{"id":"660e8400-e29b-41d4-a716-446655440001"}`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{`no "data"`}},
		// A 200 whose data has the wrong shape keeps its status: a PATCH
		// answered so may well have been applied.
		{name: "200 with data of the wrong shape", op: getContact, fault: sandbox.Fault{Body: `{"success":true,"data":{"id":42,"role":"buyer"}}`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"contact 660e8400…", "unexpected shape"}},
		{name: "200 with a list where an object belongs", op: getAddress, fault: sandbox.Fault{Body: `{"success":true,"data":[]}`},
			kind: api.ErrBadJSON, status: 200, tries: 1, says: []string{"address c3d4e5f6…", "unexpected shape"}},
		{name: "200 with success:false", op: getContact, fault: sandbox.Fault{Body: nested("maintenance", "Read-only maintenance window", "")},
			kind: api.ErrAPI, status: 200, tries: 1, says: []string{"reported a failure for contact 660e8400…", "Read-only maintenance window"}},
		{name: "200 with success:false on a PATCH", op: patchContact, fault: sandbox.Fault{Body: `{"success":false,"error":"Locked","message":"Contact is locked"}`},
			kind: api.ErrAPI, status: 200, tries: 1, says: []string{"Contact is locked"}},
		{name: "oversized body", op: getContact, fault: sandbox.Fault{BodyBytes: 9 << 20},
			kind: api.ErrTooLarge, status: 200, tries: 1, says: []string{"larger than 8 MiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			f := tt.fault
			f.Method, f.Path = tt.op.method, tt.op.path
			e.s.InjectFault(f)
			err := tt.op.call(context.Background(), e.c)
			if n := e.s.CountRequests(tt.op.method, tt.op.path); n != tt.tries {
				t.Errorf("%s sent %d requests, want %d", tt.op.name, n, tt.tries)
			}
			if tt.ok {
				if err != nil {
					t.Fatalf("err = %v, want success after retrying", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			var e2 *api.Error
			if !errors.As(err, &e2) {
				t.Fatalf("err is %T (%v), want *api.Error", err, err)
			}
			if e2.Kind != tt.kind {
				t.Errorf("kind %d, want %d (%v)", e2.Kind, tt.kind, err)
			}
			if tt.status >= 0 && (e2.Status != tt.status || api.StatusCode(err) != tt.status) {
				t.Errorf("status %d, StatusCode %d; want %d (%v)", e2.Status, api.StatusCode(err), tt.status, err)
			}
			helpers := map[string]func(error) bool{
				"IsNotFound": api.IsNotFound, "IsUnauthorized": api.IsUnauthorized, "IsForbidden": api.IsForbidden,
				"IsRateLimited": api.IsRateLimited, "IsValidation": api.IsValidation, "IsCanceled": api.IsCanceled,
				"IsReadOnly": api.IsReadOnly, "IsInvalidID": api.IsInvalidID,
			}
			for name, h := range helpers {
				want := tt.is != nil && sameFunc(h, tt.is)
				if h(err) != want {
					t.Errorf("%s = %v, want %v", name, h(err), want)
				}
			}
			if f := api.ErrorField(err); f != tt.field {
				t.Errorf("ErrorField = %q, want %q", f, tt.field)
			}
			d, ok := api.RetryAfter(err)
			if ok != (tt.retry > 0) || d != tt.retry {
				t.Errorf("RetryAfter = %v, %v; want %v", d, ok, tt.retry)
			}
			assertPlainSentence(t, err)
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			if e2.Method != tt.op.method || e2.Host != e.c.Host() {
				t.Errorf("Method %q Host %q", e2.Method, e2.Host)
			}
		})
	}
}

// sameFunc tells the helpers apart by what they answer for a set of errors.
func sameFunc(a, b func(error) bool) bool {
	probes := []error{
		&api.Error{Kind: api.ErrAPI, Status: 400}, &api.Error{Kind: api.ErrAPI, Status: 401},
		&api.Error{Kind: api.ErrAPI, Status: 403}, &api.Error{Kind: api.ErrAPI, Status: 404},
		&api.Error{Kind: api.ErrAPI, Status: 429}, &api.Error{Kind: api.ErrCanceled},
		&api.Error{Kind: api.ErrReadOnly}, &api.Error{Kind: api.ErrInvalidID},
	}
	for _, p := range probes {
		if a(p) != b(p) {
			return false
		}
	}
	return true
}

func TestNotFoundFromTheServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const unknown = "00000000-0000-4000-8000-0000000000aa"
	p := api.NewContactPatch()
	if err := p.SetNull("phone"); err != nil {
		t.Fatal(err)
	}
	ap := api.NewAddressPatch()
	if err := ap.SetNull("state"); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"contact":         func() error { _, err := e.c.GetContact(ctx, unknown); return err },
		"address":         func() error { _, err := e.c.GetAddress(ctx, sandbox.MissingAddressID); return err },
		"customer":        func() error { _, err := e.c.GetCustomer(ctx, unknown); return err },
		"contact update":  func() error { _, err := e.c.UpdateContact(ctx, unknown, p); return err },
		"address update":  func() error { _, err := e.c.UpdateAddress(ctx, unknown, ap); return err },
		"uppercase found": func() error { _, err := e.c.GetContact(ctx, strings.ToUpper(sandbox.DocsContactID)); return err },
	}
	for name, call := range calls {
		err := call()
		if name == "uppercase found" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if !api.IsNotFound(err) {
			t.Errorf("%s: %v, want a 404", name, err)
			continue
		}
		assertPlainSentence(t, err)
		if !strings.Contains(err.Error(), "not found (404)") {
			t.Errorf("%s: message %q", name, err)
		}
	}
	// 404s are not retried: one request per call.
	if n := len(e.s.Requests()); n != len(calls) {
		t.Errorf("%d requests for %d calls", n, len(calls))
	}
}

func TestWrongToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wrong := newClient(t, e.srv.URL+"/api", "qwoty_not_the_right_token_1234")
	for _, o := range []op{getContact, getAddress, getCustomer, listContacts, patchContact, patchAddress} {
		e.s.ResetRequests()
		err := o.call(context.Background(), wrong)
		if !api.IsUnauthorized(err) {
			t.Errorf("%s: %v, want a 401", o.name, err)
			continue
		}
		assertPlainSentence(t, err)
		if !strings.Contains(err.Error(), "refused the token (401 Unauthorized)") {
			t.Errorf("%s: message %q", o.name, err)
		}
		reqs := e.s.Requests()
		if len(reqs) != 1 || reqs[0].Authorized {
			t.Errorf("%s: requests %+v, want one unauthorized request (401 is not retried)", o.name, reqs)
		}
	}
	if c, _ := e.s.Contact(sandbox.DocsContactID); c.Phone == nil || *c.Phone != "+33 6 12 34 56 78" {
		t.Errorf("an unauthorized PATCH changed the contact: %v", c.Phone)
	}
}

func TestHangTimesOut(t *testing.T) {
	t.Parallel()
	const timeout = 100 * time.Millisecond
	for _, o := range []op{getContact, listContacts, patchContact} {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(opt *api.Options) { opt.Timeout = timeout })
			e.s.InjectFault(sandbox.Fault{Method: o.method, Path: o.path, Hang: true})
			err := o.call(context.Background(), e.c)
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Kind != api.ErrTimeout {
				t.Fatalf("err = %v, want a timeout", err)
			}
			if ae.Timeout != timeout || e.c.Timeout() != timeout {
				t.Errorf("Timeout %v / %v", ae.Timeout, e.c.Timeout())
			}
			assertPlainSentence(t, err)
			for _, s := range []string{"no answer from " + e.c.Host() + " within 100ms", "--timeout"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			if n := e.s.CountRequests(o.method, o.path); n != 1 {
				t.Errorf("%d requests, want 1 (a timeout is not retried)", n)
			}
			if api.IsCanceled(err) {
				t.Error("a timeout reported as a cancellation")
			}
		})
	}
}

func TestDelayLongerThanTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *api.Options) { o.Timeout = 50 * time.Millisecond })
	e.s.InjectFault(sandbox.Fault{Path: "/customers/{id}", Delay: time.Second})
	_, err := e.c.GetCustomer(context.Background(), sandbox.AcmeCustomerID)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Kind != api.ErrTimeout || !strings.Contains(err.Error(), "within 50ms") {
		t.Fatalf("err = %v", err)
	}
	assertPlainSentence(t, err)
}

func TestCanceledWhileWaiting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.s.InjectFault(sandbox.Fault{Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- getContact.call(ctx, e.c) }()
	for len(e.s.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-done
	if !api.IsCanceled(err) {
		t.Fatalf("err = %v, want canceled", err)
	}
	assertPlainSentence(t, err)
	if n := len(e.s.Requests()); n != 1 {
		t.Errorf("%d requests", n)
	}

	// Already canceled: nothing is sent.
	e.s.ResetRequests()
	if err := listContacts.call(ctx, e.c); !api.IsCanceled(err) {
		t.Errorf("err = %v, want canceled", err)
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests sent with a canceled context", n)
	}
}

func TestDroppedConnection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op    op
		tries int
	}{
		{getContact, 3},   // a GET is tried again
		{getCustomer, 3},  //
		{patchContact, 1}, // a PATCH never: it may have been applied
		{patchAddress, 1},
	}
	for _, tt := range tests {
		t.Run(tt.op.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.s.InjectFault(sandbox.Fault{Method: tt.op.method, Path: tt.op.path, Drop: true})
			err := tt.op.call(context.Background(), e.c)
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Kind != api.ErrConnect {
				t.Fatalf("err = %v (%#v), want a connection error", err, err)
			}
			assertPlainSentence(t, err)
			if !strings.Contains(err.Error(), e.c.Host()) || !strings.Contains(err.Error(), "closed before the answer was complete") {
				t.Errorf("message %q", err)
			}
			if n := e.s.CountRequests(tt.op.method, tt.op.path); n != tt.tries {
				t.Errorf("%d requests, want %d", n, tt.tries)
			}
		})
	}

	t.Run("dropped once: the GET retry succeeds", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.s.InjectFault(sandbox.Fault{Path: getContact.path, Drop: true, Times: 1})
		if err := getContact.call(context.Background(), e.c); err != nil {
			t.Fatal(err)
		}
		if n := len(e.s.Requests()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	base := e.srv.URL + "/api"
	e.srv.Close()
	c := newClient(t, base, sandbox.DefaultToken)
	for _, o := range []op{getContact, patchContact} {
		err := o.call(context.Background(), c)
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Kind != api.ErrConnect {
			t.Fatalf("%s: err = %v, want a connection error", o.name, err)
		}
		assertPlainSentence(t, err)
		if !strings.Contains(err.Error(), "cannot connect to "+c.Host()+" (connection refused)") {
			t.Errorf("%s: message %q", o.name, err)
		}
	}
}

// TestRateLimitPausesTheClient: a 429 with Retry-After on one request holds
// back the client's next requests too (the limit is per token).
func TestRateLimitPausesTheClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.s.InjectFault(sandbox.Fault{Method: http.MethodPatch, Status: 429, Header: http.Header{"Retry-After": {"1"}}, Times: 1})
	err := patchContact.call(context.Background(), e.c)
	if !api.IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	if d, ok := api.RetryAfter(err); !ok || d != time.Second {
		t.Errorf("RetryAfter = %v %v", d, ok)
	}
	// The next request waits out the pause: a context shorter than the pause
	// ends before anything is sent.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	e.s.ResetRequests()
	if err := getContact.call(ctx, e.c); !api.IsCanceled(err) {
		t.Errorf("during the pause: %v, want canceled before sending", err)
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests sent during the pause", n)
	}
	if err := getContact.call(context.Background(), e.c); err != nil {
		t.Errorf("after the pause: %v", err)
	}
}
