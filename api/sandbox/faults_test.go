package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFaultStatusAndBodies(t *testing.T) {
	e := newEnv(t, New(Options{}))
	path := "/contacts/" + DocsContactID

	remove := e.s.InjectFault(Fault{Status: 502})
	r := e.do("GET", path, "")
	if got := compact(t, r.body); got != `{"success":false,"error":{"code":"bad_gateway","message":"Bad Gateway"}}` {
		t.Errorf("502 body %s", got)
	}
	r.wantErr(t, 502, "bad_gateway", "")
	remove()
	remove() // harmless twice

	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	e.s.InjectFault(Fault{Method: "GET", Path: "/contacts/{id}", Status: 502, Body: html})
	r = e.do("GET", path, "")
	if r.status != 502 || string(r.body) != html || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("HTML fault: %d %q %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	// Other routes and methods are not hit.
	if r := e.do("GET", "/addresses/"+DocsAddressID, ""); r.status != 200 {
		t.Errorf("address: status %d", r.status)
	}
	if r := e.do("PATCH", path, `{"id_crm":"x"}`); r.status != 200 {
		t.Errorf("PATCH: status %d", r.status)
	}
	e.s.ClearFaults()

	e.s.InjectFault(Fault{Body: `{"success":true,"data":{"id":`})
	if r := e.do("GET", path, ""); r.status != 200 || string(r.body) != `{"success":true,"data":{"id":` {
		t.Errorf("truncated JSON: %d %s", r.status, r.body)
	}
	e.s.ClearFaults()

	e.s.InjectFault(Fault{Status: 429, Header: http.Header{"Retry-After": {"7"}}})
	r = e.do("GET", path, "")
	r.wantErr(t, 429, "rate_limited", "")
	if r.header.Get("Retry-After") != "7" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	e.s.ClearFaults()

	// Header-only fault: normal answer with the extra header.
	e.s.InjectFault(Fault{Header: http.Header{"X-Request-Id": {"abc"}}})
	r = e.do("GET", path, "")
	if r.status != 200 || r.header.Get("X-Request-Id") != "abc" {
		t.Errorf("header-only fault: %d %v", r.status, r.header)
	}
	e.s.ClearFaults()

	// A fault answers before the token is checked, and is still recorded.
	e.s.ResetRequests()
	e.s.InjectFault(Fault{Status: 503, Path: "/api/contacts/" + DocsContactID})
	e.do("GET", path, "", noHeader("Authorization")).wantErr(t, 503, "service_unavailable", "")
	if reqs := e.s.Requests(); len(reqs) != 1 || reqs[0].Authorized || reqs[0].Path != path {
		t.Errorf("recorded %+v", reqs)
	}
}

func TestFaultTimes(t *testing.T) {
	e := newEnv(t, New(Options{}))
	e.s.InjectFault(Fault{Path: "/contacts/" + DocsContactID, Times: 2, Status: 500})
	var got []int
	for i := 0; i < 4; i++ {
		got = append(got, e.do("GET", "/contacts/"+DocsContactID, "").status)
	}
	if want := []int{500, 500, 200, 200}; !equalInts(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if n := e.s.CountRequests("GET", "/contacts/"); n != 4 {
		t.Fatalf("counted %d", n)
	}
	// The first matching fault wins; the second only applies once the first is used up.
	e.s.InjectFault(Fault{Times: 1, Status: 503})
	e.s.InjectFault(Fault{Times: 1, Status: 504})
	got = got[:0]
	for i := 0; i < 3; i++ {
		got = append(got, e.do("GET", "/contacts/"+DocsContactID, "").status)
	}
	if want := []int{503, 504, 200}; !equalInts(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultHangAndDelayRespectContext(t *testing.T) {
	e := newEnv(t, New(Options{}))
	for _, f := range []Fault{{Hang: true}, {Delay: time.Hour, Status: 500}} {
		remove := e.s.InjectFault(f)
		client := &http.Client{Timeout: 150 * time.Millisecond}
		req, _ := http.NewRequest("GET", e.base+"/contacts/"+DocsContactID, nil)
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		start := time.Now()
		_, err := client.Do(req)
		if err == nil {
			t.Fatalf("%+v: got an answer", f)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("%+v: took %v", f, d)
		}
		remove()
	}
	// A delay-only fault delays, then serves normally.
	e.s.InjectFault(Fault{Delay: 50 * time.Millisecond, Times: 1})
	start := time.Now()
	if r := e.do("GET", "/contacts/"+DocsContactID, ""); r.status != 200 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("delay-only fault: %d after %v", r.status, time.Since(start))
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, New(Options{Latency: 30 * time.Millisecond}))
	start := time.Now()
	e.do("GET", "/contacts/"+DocsContactID, "").data(t)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("Options.Latency: answered after %v", d)
	}
	e.s.SetLatency(0)
	const slow = 300 * time.Millisecond
	e.s.SetRouteLatency("GET", "/addresses/{id}", slow)
	start = time.Now()
	e.do("GET", "/contacts/"+DocsContactID, "").data(t)
	if d := time.Since(start); d >= slow {
		t.Fatalf("route latency hit another route (%v)", d)
	}
	start = time.Now()
	e.do("GET", "/addresses/"+DocsAddressID, "").data(t)
	if d := time.Since(start); d < slow {
		t.Fatalf("route latency: answered after %v", d)
	}
	// A long latency gives up with the client.
	e.s.SetRouteLatency("GET", "/addresses/"+DocsAddressID, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.base+"/addresses/"+DocsAddressID, nil)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	e.s.SetRouteLatency("GET", "/addresses/"+DocsAddressID, 0)
	e.s.SetRouteLatency("GET", "/addresses/{id}", 0)
	start = time.Now()
	e.do("GET", "/addresses/"+DocsAddressID, "").data(t)
	if d := time.Since(start); d >= slow {
		t.Fatalf("route latency not removed (%v)", d)
	}
}

func TestFaultDrop(t *testing.T) {
	e := newEnv(t, New(Options{}))
	e.s.InjectFault(Fault{Drop: true, Method: "PATCH"})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequest("PATCH", e.base+"/contacts/"+DocsContactID, strings.NewReader(`{"phone":null}`))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("got an answer: %d", res.StatusCode)
	}
	if c, _ := e.s.Contact(DocsContactID); c.Phone == nil {
		t.Fatal("dropped PATCH was applied")
	}
	if n := e.s.CountRequests("PATCH", ""); n != 1 {
		t.Fatalf("recorded %d PATCH", n)
	}
}

func TestFaultBodyBytes(t *testing.T) {
	e := newEnv(t, New(Options{}))
	const size = 3 << 20
	e.s.InjectFault(Fault{Path: "/contacts", BodyBytes: size})
	r := e.do("GET", "/contacts", "")
	if r.status != 200 || len(r.body) < size || len(r.body) > size+len(hugeItem)+8 {
		t.Fatalf("status %d, %d bytes", r.status, len(r.body))
	}
	var list []json.RawMessage
	if err := json.Unmarshal(r.data(t), &list); err != nil || len(list) == 0 {
		t.Fatalf("not a JSON list: %v", err)
	}
	// A client that stops reading early makes the server stop too.
	req, _ := http.NewRequest("GET", e.base+"/contacts", nil)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.CopyN(io.Discard, res.Body, 1000)
	res.Body.Close()
}

func TestParseFault(t *testing.T) {
	f, err := ParseFault("PATCH /contacts/{id} apply delay=6s status=204 times=2 retry-after=99999 header=X-A:b")
	if err != nil {
		t.Fatal(err)
	}
	if f.Method != "PATCH" || f.Path != "/contacts/{id}" || !f.Apply || f.Delay != 6*time.Second || f.Status != 204 || f.Times != 2 ||
		f.Header.Get("Retry-After") != "99999" || f.Header.Get("X-A") != "b" {
		t.Errorf("parsed %+v", f)
	}
	if f, err := ParseFault("/contacts hang"); err != nil || f.Path != "/contacts" || !f.Hang || f.Method != "" {
		t.Errorf("path only: %+v %v", f, err)
	}
	for _, bad := range []string{"", "PATCH /x status=9", "GET delay=soon", "GET /x times=0", "GET /x nonsense"} {
		if _, err := ParseFault(bad); err == nil || !strings.Contains(err.Error(), "fault") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestApplyFaultAppliesThenAnswersAsTold(t *testing.T) {
	s := New(Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	patch := func(body string) *http.Response {
		req, _ := http.NewRequest("PATCH", srv.URL+"/api/contacts/"+DocsContactID, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	s.InjectFault(Fault{Method: "PATCH", Path: "/contacts/{id}", Apply: true, Status: 204, Times: 1})
	resp := patch(`{"phone":"+1 204"}`)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 204 || len(b) != 0 {
		t.Errorf("answer %d %q, want 204 without a body", resp.StatusCode, b)
	}
	if c, _ := s.Contact(DocsContactID); c.Phone == nil || *c.Phone != "+1 204" {
		t.Errorf("the PATCH was not applied: %v", c.Phone)
	}
	// Applied, then the client gives up waiting: still applied.
	s.InjectFault(Fault{Method: "PATCH", Apply: true, Delay: time.Hour, Times: 1})
	req, _ := http.NewRequest("PATCH", srv.URL+"/api/contacts/"+DocsContactID, strings.NewReader(`{"phone":"+1 late"}`))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 100 * time.Millisecond}
	if _, err := client.Do(req); err == nil {
		t.Fatal("the delayed answer arrived")
	}
	if c, _ := s.Contact(DocsContactID); c.Phone == nil || *c.Phone != "+1 late" {
		t.Errorf("the late-answered PATCH was not applied: %v", c.Phone)
	}
}
