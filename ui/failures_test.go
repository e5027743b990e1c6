package ui

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// TestLoadFailuresAreExplained drives each failure a load can meet and
// checks the one-line message a person reads, then that the app still
// works once the failure is gone.
func TestLoadFailuresAreExplained(t *testing.T) {
	get := "/contacts/{id}"
	tests := []struct {
		name  string
		fault sandbox.Fault
		says  []string
	}{
		{"401", sandbox.Fault{Method: "GET", Path: get, Status: 401}, []string{"The API refused the token (401 Unauthorized)", "QWOTY_TOKEN"}},
		{"403", sandbox.Fault{Method: "GET", Path: get, Status: 403}, []string{"lacks permission", "(403 Forbidden)"}},
		{"404", sandbox.Fault{Method: "GET", Path: get, Status: 404}, []string{"Contact 660e8400… not found (404)", "check the id"}},
		{"500", sandbox.Fault{Method: "GET", Path: get, Status: 500}, []string{"The Qwoty API failed (500 Internal Server Error)", "try again"}},
		{"502 HTML", sandbox.Fault{Method: "GET", Path: get, Status: 502, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"}, []string{"502 Bad Gateway with an HTML page, not the API: is a proxy in the way?"}},
		{"503 empty", sandbox.Fault{Method: "GET", Path: get, Status: 503, Body: "\r\n"}, []string{"503 Service Unavailable with an empty body"}},
		{"504", sandbox.Fault{Method: "GET", Path: get, Status: 504}, []string{"(504 Gateway Timeout)"}},
		{"truncated JSON", sandbox.Fault{Method: "GET", Path: get, Body: `{"success":true,"data":{"id":"660e8400-e29b`}, []string{"was not the API's JSON (it was cut off)"}},
		{"invalid JSON", sandbox.Fault{Method: "GET", Path: get, Body: `{"success":true,"data":{,}}`}, []string{"was not the API's JSON (it is not valid JSON)"}},
		{"200 with success false", sandbox.Fault{Method: "GET", Path: get, Body: `{"success":false,"error":{"code":"maintenance","message":"Read-only maintenance"}}`}, []string{"reported a failure", "Read-only maintenance"}},
		{"body over the cap", sandbox.Fault{Method: "GET", Path: get, BodyBytes: 9 << 20}, []string{"larger than 8 MiB"}},
		{"hostile server message", sandbox.Fault{Method: "GET", Path: get, Status: 500, Body: `{"success":false,"error":{"message":"boom\u001b]52;c;cHduZWQ=\u0007 \u001b[2J"}}`}, []string{`boom\x1b]52;c;cHduZWQ=\x07 \x1b[2J`}},
		{"long server message", sandbox.Fault{Method: "GET", Path: get, Status: 500, Body: `{"success":false,"error":{"message":"` + strings.Repeat("x", 5000) + `"}}`}, []string{"xxxxxxxx…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(160, 30))
			h.expect("contacts searchable")
			h.sb.InjectFault(tt.fault)
			h.typeText(sandbox.DocsContactID)
			h.press("enter")
			for _, s := range tt.says {
				h.expect(s)
			}
			h.read()
			h.mu.Lock()
			out, raw := h.seen.String(), h.raw.String()
			h.mu.Unlock()
			for _, bad := range []string{"json:", "invalid character", "unexpected EOF", "dial tcp", "goroutine"} {
				if strings.Contains(out, bad) {
					t.Errorf("the screen shows %q", bad)
				}
			}
			if strings.Contains(raw, "\x1b]") {
				t.Error("an OSC sequence from the server reached the terminal")
			}
			h.sb.ClearFaults()
			h.press("r")
			h.expect("12 Rue de la Paix")
		})
	}
}

func TestRateLimitedLoadSaysItRetries(t *testing.T) {
	h := newHarness(t, withSize(160, 30))
	h.expect("contacts searchable")
	h.sb.InjectFault(sandbox.Fault{Method: "GET", Path: "/contacts/{id}", Status: 429, Times: 1, Header: http.Header{"Retry-After": {"1"}}})
	h.typeText(sandbox.DocsContactID)
	h.press("enter")
	h.expect("the API is rate limiting this token (429); retrying in 1s (try 2 of 3)")
	h.expect("12 Rue de la Paix")
}

// TestNetworkFailuresAreExplained points the app at hosts that fail below
// HTTP: nothing listening, a name that does not resolve, an untrusted
// certificate, a server that never answers.
func TestNetworkFailuresAreExplained(t *testing.T) {
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return "http://" + l.Addr().String() + "/api"
	}()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()

	tests := []struct {
		name    string
		base    string
		timeout time.Duration
		says    []string
	}{
		{"connection refused", closed, 0, []string{"Cannot connect to " + strings.TrimSuffix(strings.TrimPrefix(closed, "http://"), "/api") + " (connection refused)", "check the base URL"}},
		{"DNS failure", "https://qwoty-contacts-test.invalid/api", 0, []string{"Cannot find the host qwoty-contacts-test.invalid (DNS lookup failed)"}},
		{"untrusted certificate", tlsSrv.URL + "/api", 0, []string{"The TLS certificate of " + strings.TrimPrefix(tlsSrv.URL, "https://") + " was not accepted"}},
		{"timeout", hang.URL + "/api", 150 * time.Millisecond, []string{"within 150ms", "raise the timeout (--timeout 30s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(200, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
				c, err := api.New(api.Options{BaseURL: tt.base, Token: api.NewToken(sandbox.DefaultToken), Timeout: tt.timeout, RetryBase: time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				o.API = c
			})
			for _, s := range tt.says {
				h.expect(s)
			}
			h.press("o") // still usable: back to the lookup
			h.expect("Open a contact")
		})
	}
}

// TestSaveFailuresKeepTheEdit sends a save into each failure, then sends it
// again once the failure is gone: the same edit goes through.
func TestSaveFailuresKeepTheEdit(t *testing.T) {
	patch := func(status int, body string) sandbox.Fault {
		return sandbox.Fault{Method: "PATCH", Status: status, Body: body, Times: 1}
	}
	tests := []struct {
		name  string
		fault sandbox.Fault
		says  string
	}{
		{"409", patch(409, ""), "reported a conflict on contact 660e8400… (409)"},
		{"415", patch(415, ""), "refused the request format (415)"},
		{"422 naming a field", patch(422, `{"success":false,"error":{"code":"validation_error","message":"phone: must be a valid phone number","field":"phone"}}`), "Phone: the server rejected the change to contact 660e8400… (422): phone: must be a valid phone number"},
		{"429", sandbox.Fault{Method: "PATCH", Status: 429, Times: 1, Header: http.Header{"Retry-After": {"1"}}}, "rate limiting this token (429): wait 1s and try again"},
		{"503", patch(503, ""), "(503 Service Unavailable)"},
		{"dropped connection", sandbox.Fault{Method: "PATCH", Drop: true, Times: 1}, "broke before the answer arrived"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(200, 30), openAt(sandbox.DocsContactID))
			changePhone(t, h, "+33 1 11 11 11 11")
			h.sb.InjectFault(tt.fault)
			h.send()
			h.expect(tt.says)
			h.expect("Your edits are kept")
			h.send()
			h.expect("✓ Saved phone.")
			last := h.patches()[len(h.patches())-1]
			if !strings.HasSuffix(last, `{"phone":"+33 1 11 11 11 11"}`) {
				t.Errorf("resent %q", last)
			}
		})
	}
}
