package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// env is a sandbox behind a real HTTP server.
type env struct {
	t    testing.TB
	s    *Server
	srv  *httptest.Server
	base string
}

func newEnv(t testing.TB, s *Server) *env {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, s: s, srv: srv, base: srv.URL + "/api"}
}

// reqOpt changes a request before it is sent.
type reqOpt func(*http.Request)

func header(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }
func noHeader(k string) reqOpt  { return func(r *http.Request) { r.Header.Del(k) } }

// reply is a received answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request with the default token (and a JSON Content-Type when
// there is a body); opts adjust it.
func (e *env) do(method, path, body string, opts ...reqOpt) reply {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return reply{res.StatusCode, res.Header, b}
}

// data returns the "data" member of a success answer.
func (r reply) data(t *testing.T) json.RawMessage {
	t.Helper()
	var env struct {
		Success *bool           `json:"success"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Success == nil || !*env.Success {
		t.Fatalf("not a success answer (%d): %s", r.status, r.body)
	}
	return env.Data
}

// apiErr returns the nested error of an error answer.
func (r reply) apiErr(t *testing.T) apiError {
	t.Helper()
	var env struct {
		Success *bool     `json:"success"`
		Error   *apiError `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Success == nil || *env.Success || env.Error == nil {
		t.Fatalf("not an error answer (%d): %s", r.status, r.body)
	}
	return *env.Error
}

// wantErr checks status and error code (and field when not "").
func (r reply) wantErr(t *testing.T, status int, code, field string) apiError {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	e := r.apiErr(t)
	if e.Code != code || e.Field != field {
		t.Fatalf("error code/field %q/%q, want %q/%q: %s", e.Code, e.Field, code, field, r.body)
	}
	return e
}

// keys returns the member names of a JSON object, in order.
func keys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var ks []string
	for dec.More() {
		tok, _ := dec.Token()
		ks = append(ks, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return ks
}

func compact(t *testing.T, s []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, s); err != nil {
		t.Fatalf("compact: %v: %s", err, s)
	}
	return b.String()
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
