package api

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDecodeResponseErrorShapes(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html"}}
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		kind      ErrorKind
		code, msg string
		field     string
		says      string // what a person reads
	}{
		{"nested", 404, nil, `{"success":false,"error":{"code":"not_found","message":"Contact not found"}}`, ErrAPI, "not_found", "Contact not found", "", "not found (404)"},
		{"flat", 401, nil, `{"success":false,"error":"Unauthorized","message":"Invalid token"}`, ErrAPI, "Unauthorized", "Invalid token", "", "refused the token"},
		{"flat error only", 403, nil, `{"success":false,"error":"Forbidden"}`, ErrAPI, "", "Forbidden", "", "lacks permission"},
		{"200 with success false", 200, nil, `{"success":false,"error":{"code":"quota","message":"Quota exceeded"}}`, ErrAPI, "quota", "Quota exceeded", "", "reported a failure"},
		{"validation with field", 422, nil, `{"success":false,"error":{"code":"validation_error","message":"email: invalid","field":"email"}}`, ErrAPI, "validation_error", "email: invalid", "email", "rejected the change"},
		{"HTML from a proxy", 502, html, "<html><body>Bad Gateway</body></html>", ErrNotAPI, "html", "", "", "502 Bad Gateway with an HTML page, not the API: is a proxy in the way?"},
		{"HTML without content type", 503, nil, "<!DOCTYPE html><p>down</p>", ErrNotAPI, "html", "", "", "with an HTML page"},
		{"empty body error", 504, nil, "", ErrNotAPI, "", "", "", "with an empty body"},
		{"plain text error", 500, nil, "upstream connect error", ErrNotAPI, "text", "", "", "with plain text"},
		{"truncated JSON on success", 200, nil, `{"success":true,"data":{"id":"660e`, ErrBadJSON, "", "it was cut off", "", "was cut off"},
		{"garbage JSON on success", 200, nil, `{"success":true,,}`, ErrBadJSON, "", "it is not valid JSON", "", "not valid JSON"},
		{"empty body on success", 200, nil, "", ErrBadJSON, "", "the body was empty", "", "the body was empty"},
		{"no data", 200, nil, `{"success":true}`, ErrBadJSON, "", `it has no "data"`, "", `no "data"`},
		{"broken JSON with error status", 500, nil, `{"success":false,"err`, ErrAPI, "", "", "", "500 Internal Server Error"},
		{"numeric code", 409, nil, `{"success":false,"error":{"code":409,"message":"Version mismatch"}}`, ErrAPI, "409", "Version mismatch", "", "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			data, e := DecodeResponse(tt.status, h, []byte(tt.body))
			if e == nil {
				t.Fatalf("no error; data %s", data)
			}
			if e.Kind != tt.kind || e.Code != tt.code || e.Message != tt.msg || e.Field != tt.field {
				t.Errorf("got kind %d code %q msg %q field %q", e.Kind, e.Code, e.Message, e.Field)
			}
			if !strings.Contains(e.Error(), tt.says) {
				t.Errorf("message %q does not say %q", e.Error(), tt.says)
			}
			assertPlain(t, e.Error())
		})
	}
}

func TestDecodeResponseSuccess(t *testing.T) {
	data, e := DecodeResponse(200, http.Header{}, []byte(` {"success": true, "data": {"id": "x"}} `))
	if e != nil {
		t.Fatal(e)
	}
	if string(data) != `{"id": "x"}` {
		t.Errorf("data = %s", data)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"3":                             3 * time.Second,
		"0.5":                           500 * time.Millisecond,
		"Thu, 01 Jan 2026 00:00:10 GMT": 10 * time.Second,
	} {
		got, ok := parseRetryAfter(in, now)
		if !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "-1", "999999999"} {
		if _, ok := parseRetryAfter(in, now); ok {
			t.Errorf("parseRetryAfter(%q) accepted", in)
		}
	}
}

func TestLongServerMessagesAreCut(t *testing.T) {
	long := strings.Repeat("é", 1000)
	_, e := DecodeResponse(500, http.Header{}, []byte(`{"success":false,"error":{"message":"`+long+`"}}`))
	if n := len([]rune(e.Error())); n > 400 {
		t.Errorf("message is %d runes long", n)
	}
}

// assertPlain fails when a message a person reads looks like Go or JSON
// internals.
func assertPlain(t *testing.T, msg string) {
	t.Helper()
	for _, bad := range []string{"json:", "unexpected end of JSON", "invalid character", "cannot unmarshal", "*api.", "Get \"", "dial tcp", "%!"} {
		if strings.Contains(msg, bad) {
			t.Errorf("message %q contains %q", msg, bad)
		}
	}
}

func FuzzDecodeResponse(f *testing.F) {
	for _, seed := range []string{
		`{"success":true,"data":{"id":"660e8400-e29b-41d4-a716-446655440001"}}`,
		`{"success":false,"error":{"code":"not_found","message":"Contact not found"}}`,
		`{"success":false,"error":"Unauthorized","message":"bad"}`,
		`<html>502</html>`, ``, `{"success":true,"data":`, `{"error":[1,2]}`, `{"success":"yes"}`,
		`{"success":false,"error":{"code":{"a":1},"message":["x"]}}`,
	} {
		f.Add(200, seed)
		f.Add(502, seed)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		data, e := DecodeResponse(status, http.Header{"Retry-After": {"1"}}, []byte(body))
		if e == nil {
			if len(data) == 0 {
				t.Fatal("success without data")
			}
			if status < 200 || status > 299 {
				t.Fatalf("status %d decoded as success", status)
			}
			return
		}
		if e.Error() == "" {
			t.Fatal("empty message")
		}
		ours := *e // the server's own words are quoted as sent; check ours
		ours.Message, ours.Code = "", ""
		assertPlain(t, ours.Error())
	})
}
