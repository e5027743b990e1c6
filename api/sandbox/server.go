package sandbox

import (
	"context"
	"crypto/subtle"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultToken is the bearer token a sandbox accepts when Options.Token is
// empty.
const DefaultToken = "qwoty_sandbox_demo_token"

// maxBody is the largest request body the sandbox reads.
const maxBody = 1 << 20

// Options configure a sandbox.
type Options struct {
	Token   string           // accepted bearer token; DefaultToken when ""
	Latency time.Duration    // added to every request
	Now     func() time.Time // clock; time.Now when nil (used for updated_at)
}

// Server is an in-memory Qwoty API. It is an http.Handler serving the routes
// under /api, and is safe for concurrent use.
type Server struct {
	token string
	now   func() time.Time
	data  store
	knobs knobs
	log   requestLog
}

// New returns a sandbox seeded with the demo dataset (see the id constants).
func New(o Options) *Server {
	s := NewEmpty(o)
	s.seed()
	return s
}

// NewEmpty returns a sandbox without any data.
func NewEmpty(o Options) *Server {
	s := &Server{token: o.Token, now: o.Now, data: newStore()}
	if s.token == "" {
		s.token = DefaultToken
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.knobs.latency = o.Latency
	return s
}

// ServeHTTP answers one request: it records it, waits for the configured
// latency, applies the first matching fault, checks the token and routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, tooBig := readBody(r)
	path, underAPI := apiPath(r.URL.Path)
	authorized := s.authorized(r.Header.Get("Authorization"))
	s.record(Request{
		Method: r.Method, Path: path, RawQuery: r.URL.RawQuery, Body: body,
		ContentType: r.Header.Get("Content-Type"), Authorized: authorized,
	})
	ctx := r.Context()
	if !sleep(ctx, s.latencyFor(r.Method, path)) {
		return
	}
	f, faulty := s.takeFault(r.Method, path)
	if faulty && f.Apply {
		s.serveApplied(w, r, f, func(w http.ResponseWriter) { s.serveAuthorized(w, r, path, underAPI, authorized, body, tooBig) })
		return
	}
	if faulty && s.serveFault(w, r, f) {
		return
	}
	s.serveAuthorized(w, r, path, underAPI, authorized, body, tooBig)
}

// serveAuthorized checks the token and routes.
func (s *Server) serveAuthorized(w http.ResponseWriter, r *http.Request, path string, underAPI, authorized bool, body []byte, tooBig bool) {
	if !authorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="qwoty"`)
		writeError(w, &apiError{Status: http.StatusUnauthorized, Code: "unauthorized",
			Message: "Missing or invalid bearer token"})
		return
	}
	if !underAPI {
		writeError(w, routeNotFound(r.Method, r.URL.Path))
		return
	}
	s.route(w, r, path, body, tooBig)
}

// route dispatches an authorized request; path has no /api prefix.
func (s *Server) route(w http.ResponseWriter, r *http.Request, path string, body []byte, tooBig bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	res := segs[0]
	switch {
	case len(segs) == 1 && (res == "contacts" || res == "addresses"):
		if r.Method != http.MethodGet {
			writeError(w, notAllowed(w, r.Method, path, "GET"))
			return
		}
		if res == "contacts" {
			s.listContacts(w, r)
		} else {
			s.listAddresses(w, r)
		}
	case len(segs) == 2 && segs[1] != "" && (res == "contacts" || res == "addresses" || res == "customers"):
		allow := "GET, PATCH"
		if res == "customers" {
			allow = "GET"
		}
		if r.Method != http.MethodGet && (r.Method != http.MethodPatch || res == "customers") {
			writeError(w, notAllowed(w, r.Method, path, allow))
			return
		}
		id := segs[1]
		if !validUUID(id) {
			writeError(w, badRequest("invalid_id", "invalid "+singular(res)+" id "+quote(id)+": must be a UUID"))
			return
		}
		if r.Method == http.MethodPatch {
			if e := checkContentType(r.Header.Get("Content-Type")); e != nil {
				writeError(w, e)
				return
			}
			if tooBig {
				writeError(w, badRequest("invalid_json", "request body is larger than 1 MiB"))
				return
			}
		}
		switch {
		case res == "contacts" && r.Method == http.MethodGet:
			s.getContact(w, id)
		case res == "contacts":
			s.patchContact(w, id, body)
		case res == "addresses" && r.Method == http.MethodGet:
			s.getAddress(w, id)
		case res == "addresses":
			s.patchAddress(w, id, body)
		default:
			s.getCustomer(w, id)
		}
	default:
		writeError(w, routeNotFound(r.Method, "/api"+path))
	}
}

func singular(res string) string {
	return strings.TrimSuffix(strings.TrimSuffix(res, "es"), "s")
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return `"` + strings.ToValidUTF8(s, "?") + `"`
}

func routeNotFound(method, path string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "not_found",
		Message: "No route for " + method + " " + quote(path)}
}

func notAllowed(w http.ResponseWriter, method, path, allow string) *apiError {
	w.Header().Set("Allow", allow)
	return &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
		Message: "Method " + method + " not allowed on /api" + path + " (allowed: " + allow + ")"}
}

// apiPath strips the /api prefix; ok is false for paths outside /api.
func apiPath(p string) (string, bool) {
	if p == "/api" {
		return "/", true
	}
	if strings.HasPrefix(p, "/api/") {
		return p[len("/api"):], true
	}
	return p, false
}

// authorized checks "Bearer <token>" (scheme case-insensitive, token exact).
func (s *Server) authorized(h string) bool {
	scheme, tok, ok := strings.Cut(h, " ")
	return ok && strings.EqualFold(scheme, "Bearer") &&
		subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1
}

// readBody reads up to maxBody bytes; tooBig reports a longer body.
func readBody(r *http.Request) (body []byte, tooBig bool) {
	if r.Body == nil {
		return nil, false
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if len(b) > maxBody {
		return b[:maxBody], true
	}
	if len(b) == 0 {
		return nil, false
	}
	return b, false
}

// sleep waits d; it returns false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
