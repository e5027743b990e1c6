package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "qwoty_secret_token_0123456789abcd"

const docsContact = `{"id":"660e8400-e29b-41d4-a716-446655440001","workspace_id":"706eb564-6c4a-4e18-841c-bdd79be6bca7","customer_id":"550e8400-e29b-41d4-a716-446655440000","first_name":"Jean","last_name":"Dupont","email":"jean.dupont@acme.com","phone":"+33 6 12 34 56 78","role":["buyer","signer"],"id_crm":null,"id_erp":null,"id_accounting":null,"address_ids":["c3d4e5f6-a7b8-9012-cdef-123456789012"],"created_at":"2026-01-15T10:30:00Z","updated_at":"2026-01-15T10:30:00Z"}`

const jeanID = "660e8400-e29b-41d4-a716-446655440001"

// scripted is a test server that answers each request with the next
// scripted response and records what it received.
type scripted struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter, r *http.Request)
	got     []*http.Request
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.got = append(s.got, r)
	s.bodies = append(s.bodies, string(b))
	n := len(s.got)
	var answer func(w http.ResponseWriter, r *http.Request)
	if n <= len(s.answers) {
		answer = s.answers[n-1]
	} else {
		answer = s.answers[len(s.answers)-1]
	}
	s.mu.Unlock()
	answer(w, r)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

func status(code int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

var okContact = status(200, `{"success":true,"data":`+docsContact+`}`)

func newTestClient(t *testing.T, h http.Handler, mod ...func(*Options)) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	o := Options{BaseURL: srv.URL + "/api", Token: NewToken(testToken), RetryBase: time.Millisecond, Timeout: 5 * time.Second}
	for _, m := range mod {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestGetSendsAuthAndUserAgent(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){okContact}}
	c, _ := newTestClient(t, s, func(o *Options) { o.UserAgent = "qwoty-contacts/1.2.3" })
	got, err := c.GetContact(context.Background(), jeanID)
	if err != nil {
		t.Fatal(err)
	}
	r := s.got[0]
	if r.URL.Path != "/api/contacts/"+jeanID || r.Method != "GET" {
		t.Errorf("request %s %s", r.Method, r.URL.Path)
	}
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
	}
	if r.Header.Get("User-Agent") != "qwoty-contacts/1.2.3" {
		t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
	}
	if got.FirstName != "Jean" || got.Phone != NewNullString("+33 6 12 34 56 78") || got.IDCRM.Valid || !got.HasAddressIDs() || len(got.AddressIDs) != 1 {
		t.Errorf("decoded %+v", got)
	}
	if want := time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC); !got.CreatedAt.Equal(want) {
		t.Errorf("created_at = %v", got.CreatedAt)
	}
	if string(got.Raw) != docsContact {
		t.Errorf("raw = %s", got.Raw)
	}
}

func TestGetRetriesTransientFailures(t *testing.T) {
	tests := []struct {
		name    string
		answers []func(http.ResponseWriter, *http.Request)
		tries   int
		ok      bool
	}{
		{"502 then ok", []func(http.ResponseWriter, *http.Request){status(502, "<html>bad gateway</html>"), okContact}, 2, true},
		{"503 twice then ok", []func(http.ResponseWriter, *http.Request){status(503, ""), status(503, ""), okContact}, 3, true},
		{"429 with Retry-After then ok", []func(http.ResponseWriter, *http.Request){status(429, `{"success":false,"error":"rate limited"}`, "Retry-After", "0.01"), okContact}, 2, true},
		{"504 three times gives up", []func(http.ResponseWriter, *http.Request){status(504, "")}, 3, false},
		{"500 is not retried", []func(http.ResponseWriter, *http.Request){status(500, `{"success":false,"error":{"message":"boom"}}`), okContact}, 1, false},
		{"404 is not retried", []func(http.ResponseWriter, *http.Request){status(404, `{"success":false,"error":{"code":"not_found"}}`), okContact}, 1, false},
		{"connection reset is retried", []func(http.ResponseWriter, *http.Request){hangUp, okContact}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{answers: tt.answers}
			c, _ := newTestClient(t, s)
			_, err := c.GetContact(context.Background(), jeanID)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if s.count() != tt.tries {
				t.Errorf("tries = %d, want %d", s.count(), tt.tries)
			}
		})
	}
}

func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestPatchIsNeverRetried(t *testing.T) {
	for _, code := range []int{429, 502, 503, 504} {
		s := &scripted{answers: []func(http.ResponseWriter, *http.Request){status(code, "", "Retry-After", "0"), okContact}}
		c, _ := newTestClient(t, s)
		p := NewContactPatch()
		_ = p.SetString("phone", "1")
		if _, err := c.UpdateContact(context.Background(), jeanID, p); err == nil {
			t.Errorf("%d: no error", code)
		}
		if s.count() != 1 {
			t.Errorf("%d: PATCH sent %d times", code, s.count())
		}
	}
}

func TestPatchSendsExactBody(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){okContact}}
	c, _ := newTestClient(t, s)
	p := NewContactPatch()
	_ = p.SetNull("phone")
	if _, err := c.UpdateContact(context.Background(), jeanID, p); err != nil {
		t.Fatal(err)
	}
	if s.bodies[0] != `{"phone":null}` {
		t.Errorf("body = %s", s.bodies[0])
	}
	if ct := s.got[0].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if s.got[0].Method != http.MethodPatch {
		t.Errorf("method = %s", s.got[0].Method)
	}
}

func TestEmptyPatchIsNeverSent(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){okContact}}
	c, _ := newTestClient(t, s)
	if _, err := c.UpdateContact(context.Background(), jeanID, NewContactPatch()); !errors.Is(err, ErrEmptyPatch) {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 0 {
		t.Errorf("%d requests sent", s.count())
	}
}

func TestReadOnlyClientRefusesWrites(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){okContact}}
	c, _ := newTestClient(t, s, func(o *Options) { o.ReadOnly = true })
	p := NewAddressPatch()
	_ = p.SetString("city", "Lyon")
	_, err := c.UpdateAddress(context.Background(), "c3d4e5f6-a7b8-9012-cdef-123456789012", p)
	if !IsReadOnly(err) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.do(context.Background(), http.MethodPost, "contacts", nil, []byte("{}"), "x", nil); !IsReadOnly(err) {
		t.Fatalf("POST through do: %v", err)
	}
	if s.count() != 0 {
		t.Errorf("%d requests sent", s.count())
	}
	if _, err := c.GetContact(context.Background(), jeanID); err != nil {
		t.Errorf("GET refused: %v", err)
	}
}

func TestRetryAfterPausesAllRequests(t *testing.T) {
	var first atomic.Bool
	var mu sync.Mutex
	var times []time.Time
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if first.CompareAndSwap(false, true) {
			status(429, "", "Retry-After", "1")(w, r)
			return
		}
		okContact(w, r)
	})
	c, _ := newTestClient(t, h)
	if _, err := c.GetContact(context.Background(), jeanID); err != nil {
		t.Fatal(err)
	}
	// The retry waited for Retry-After: the two requests are at least the
	// server's delay apart (an ordering fact, not a speed budget).
	if len(times) != 2 || times[1].Sub(times[0]) < time.Second {
		t.Errorf("requests at %v: the retry did not wait for Retry-After", times)
	}
}

func TestCancelStopsBackoff(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){status(503, "", "Retry-After", "30")}}
	c, _ := newTestClient(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.GetContact(ctx, jeanID); done <- err }()
	for s.count() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-done
	if !IsCanceled(err) {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 {
		t.Errorf("tries = %d", s.count())
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Store(true)
		}
		okContact(w, r)
	}))
	defer other.Close()
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+r.URL.Path, http.StatusFound)
	}}}
	c, _ := newTestClient(t, s)
	_, err := c.GetContact(context.Background(), jeanID)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrRedirect {
		t.Fatalf("err = %v", err)
	}
	if leaked.Load() {
		t.Error("the token followed the redirect")
	}
}

func TestBodyCap(t *testing.T) {
	big := `{"success":true,"data":{"first_name":"` + strings.Repeat("a", DefaultMaxBody) + `"}}`
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){status(200, big)}}
	c, _ := newTestClient(t, s)
	_, err := c.GetContact(context.Background(), jeanID)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrTooLarge {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "larger than 8 MiB") {
		t.Errorf("message %q", err)
	}
}

func TestTimeoutNamesTheTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, _ := newTestClient(t, h, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	_, err := c.GetContact(context.Background(), jeanID)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrTimeout {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "within 50ms") || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("message %q", err)
	}
}

func TestNetworkFailuresArePlain(t *testing.T) {
	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := New(Options{BaseURL: "http://" + addr + "/api", Token: NewToken(testToken), RetryBase: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetContact(context.Background(), jeanID)
	if !strings.Contains(err.Error(), "cannot connect to "+addr+" (connection refused)") {
		t.Errorf("refused: %q", err)
	}
	assertPlain(t, err.Error())

	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(okContact))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	c, _ = New(Options{BaseURL: tlsSrv.URL + "/api", Token: NewToken(testToken)})
	_, err = c.GetContact(context.Background(), jeanID)
	if !strings.Contains(err.Error(), "TLS certificate of "+strings.TrimPrefix(tlsSrv.URL, "https://")) {
		t.Errorf("tls: %q", err)
	}
	assertPlain(t, err.Error())
}

func TestBaseURLRules(t *testing.T) {
	for _, ok := range []string{"https://qwoty.app/api", "http://127.0.0.1:8765/api", "http://localhost:1/api", "http://[::1]:8/api", ""} {
		if _, err := CheckBaseURL(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for bad, says := range map[string]string{
		"http://qwoty.app/api":          "unencrypted",
		"ftp://qwoty.app":               "not an http(s) URL",
		"qwoty.app/api":                 "not an http(s) URL",
		"https://user:pw@qwoty.app/api": "credentials",
	} {
		_, err := CheckBaseURL(bad)
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%q: %v, want %q", bad, err, says)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("%q: password in message %q", bad, err)
		}
	}
}

func TestInvalidIDSendsNothing(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){okContact}}
	c, _ := newTestClient(t, s)
	for _, id := range []string{"", "660e8400", "../customers/x", "660e8400-e29b-41d4-a716-44665544000g"} {
		if _, err := c.GetContact(context.Background(), id); !IsInvalidID(err) {
			t.Errorf("%q: %v", id, err)
		}
	}
	if s.count() != 0 {
		t.Errorf("%d requests sent", s.count())
	}
}

func TestTokenNeverLeaks(t *testing.T) {
	var debug bytes.Buffer
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){
		status(401, `{"success":false,"error":"Unauthorized"}`),
	}}
	c, _ := newTestClient(t, s, func(o *Options) { o.Debug = &debug })
	_, err := c.GetContact(context.Background(), jeanID)
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v", err)
	}
	outputs := []string{
		err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err), debug.String(),
		fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c.token, c.token),
		fmt.Sprint(Options{Token: NewToken(testToken)}),
	}
	b, _ := c.token.MarshalJSON()
	outputs = append(outputs, string(b))
	for _, out := range outputs {
		if strings.Contains(out, testToken) || strings.Contains(out, "0123456789") {
			t.Errorf("token leaked: %s", out)
		}
	}
	if !strings.Contains(debug.String(), "GET http://") || !strings.Contains(debug.String(), "-> 401") || !strings.Contains(debug.String(), "[redacted]") {
		t.Errorf("debug log: %s", debug.String())
	}
	if NewToken(testToken).Masked() != "qwoty_…abcd" {
		t.Errorf("masked = %s", NewToken(testToken).Masked())
	}
}

func TestRetryNotice(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter, *http.Request){status(429, "", "Retry-After", "0.01"), okContact}}
	c, _ := newTestClient(t, s)
	var got []Retry
	ctx := WithRetryNotice(context.Background(), func(r Retry) { got = append(got, r) })
	if _, err := c.GetContact(ctx, jeanID); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Try != 2 || got[0].Of != 3 || got[0].Wait != 10*time.Millisecond {
		t.Fatalf("notices %+v", got)
	}
	if want := "Loading contact 660e8400…: the API is rate limiting this token (429); retrying in 1s (try 2 of 3)…"; got[0].String() != want {
		t.Errorf("notice %q", got[0].String())
	}
}
