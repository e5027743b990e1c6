package sandbox

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault makes matching requests misbehave. The first matching fault (in
// injection order) applies to a request; the request is still recorded.
//
// Order of effects: Header is added to whatever answer follows, then Delay,
// then the first of Hang, Drop, BodyBytes, or Status/Body. A fault with none
// of those (only Delay and/or Header) lets the request be served normally
// afterwards.
//
// With Apply, the request is served first (a PATCH is applied, whatever
// happens to the answer), then Delay passes (the server keeps waiting even
// when the client gave up), then the answer is Hang, Drop, Status/Body (a
// 2xx Status without Body answers with no body at all, like a 204), or the
// normal answer.
//
// Drop hijacks the HTTP/1 connection; where that is impossible (HTTP/2, a
// ResponseRecorder) it panics with http.ErrAbortHandler, which net/http turns
// into an aborted answer. Note that Go's http.Transport silently retries an
// idempotent request whose reused connection closed without an answer, so a
// Times: 1 drop may go unnoticed by a client with keep-alives.
type Fault struct {
	Method    string        // "" = any
	Path      string        // pattern like /contacts/{id} or an exact path, without /api; "" = any
	Times     int           // how many requests it hits; 0 = until removed
	Skip      int           // let this many matching requests through first (e.g. a read before the one to break)
	Status    int           // HTTP status to answer (e.g. 502); 0 with Body set = 200
	Body      string        // raw body to send (HTML, truncated JSON, ...); "" with Status set = nested JSON error for that status
	Header    http.Header   // extra headers, e.g. Retry-After
	Delay     time.Duration // wait before answering (respects the request context)
	Hang      bool          // never answer until the client gives up
	Drop      bool          // hijack and close the connection without answering
	BodyBytes int           // if > 0: answer 200 with a valid-looking JSON body of at least this many bytes
	Apply     bool          // serve (apply) the request first, then misbehave with the answer
}

// knobs hold the test settings.
type knobs struct {
	mu      sync.Mutex
	latency time.Duration
	routes  []routeLatency
	faults  []*faultEntry
	nextID  int
}

type routeLatency struct {
	method, pattern string
	d               time.Duration
}

type faultEntry struct {
	id      int
	f       Fault
	hits    int
	skipped int
}

// SetLatency sets the delay added to every request (replacing
// Options.Latency).
func (s *Server) SetLatency(d time.Duration) {
	s.knobs.mu.Lock()
	s.knobs.latency = d
	s.knobs.mu.Unlock()
}

// SetRouteLatency sets an extra delay for requests matching method ("" =
// any) and pathPattern (like /contacts/{id}, or an exact path, without /api).
// It adds to SetLatency and to other matching route latencies; d <= 0
// removes the setting.
func (s *Server) SetRouteLatency(method, pathPattern string, d time.Duration) {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	rs := s.knobs.routes[:0:0]
	for _, r := range s.knobs.routes {
		if !(strings.EqualFold(r.method, method) && r.pattern == pathPattern) {
			rs = append(rs, r)
		}
	}
	if d > 0 {
		rs = append(rs, routeLatency{method, pathPattern, d})
	}
	s.knobs.routes = rs
}

func (s *Server) latencyFor(method, path string) time.Duration {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	d := s.knobs.latency
	for _, r := range s.knobs.routes {
		if matchMethod(r.method, method) && matchPath(r.pattern, path) {
			d += r.d
		}
	}
	return d
}

// InjectFault adds f; the returned func removes it (calling it twice is
// harmless).
func (s *Server) InjectFault(f Fault) (remove func()) {
	f.Header = f.Header.Clone()
	s.knobs.mu.Lock()
	s.knobs.nextID++
	id := s.knobs.nextID
	s.knobs.faults = append(s.knobs.faults, &faultEntry{id: id, f: f})
	s.knobs.mu.Unlock()
	return func() {
		s.knobs.mu.Lock()
		defer s.knobs.mu.Unlock()
		s.removeFault(id)
	}
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.knobs.mu.Lock()
	s.knobs.faults = nil
	s.knobs.mu.Unlock()
}

func (s *Server) removeFault(id int) {
	fs := s.knobs.faults[:0:0]
	for _, e := range s.knobs.faults {
		if e.id != id {
			fs = append(fs, e)
		}
	}
	s.knobs.faults = fs
}

// takeFault returns the first fault matching the request and counts the hit.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	for _, e := range s.knobs.faults {
		if !matchMethod(e.f.Method, method) || !matchPath(e.f.Path, path) {
			continue
		}
		if e.skipped < e.f.Skip {
			e.skipped++
			return Fault{}, false
		}
		e.hits++
		if e.f.Times > 0 && e.hits >= e.f.Times {
			s.removeFault(e.id)
		}
		return e.f, true
	}
	return Fault{}, false
}

func matchMethod(pattern, method string) bool {
	return pattern == "" || strings.EqualFold(pattern, method)
}

// matchPath matches a path (without /api) against a pattern where a {name}
// segment matches any one segment; a leading /api in the pattern is ignored.
func matchPath(pattern, path string) bool {
	if pattern == "" {
		return true
	}
	if p, ok := apiPath(pattern); ok {
		pattern = p
	}
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		wild := len(p) >= 2 && p[0] == '{' && p[len(p)-1] == '}'
		if !wild && !strings.EqualFold(p, xs[i]) {
			return false
		}
		if wild && xs[i] == "" {
			return false
		}
	}
	return true
}

// serveFault applies f; it returns false when the request should then be
// served normally.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	ctx := r.Context()
	if !sleep(ctx, f.Delay) {
		return true
	}
	switch {
	case f.Hang:
		<-ctx.Done()
	case f.Drop:
		drop(w)
	case f.BodyBytes > 0:
		writeHuge(w, f.BodyBytes)
	case f.Status != 0 && f.Body == "":
		writeError(w, statusError(f.Status))
	case f.Body != "":
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", sniff(f.Body))
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		w.Write([]byte(f.Body))
	default:
		return false
	}
	return true
}

// sniff picks a Content-Type for a raw fault body: JSON-looking bodies
// (even truncated) are application/json, others are detected.
func sniff(body string) string {
	t := strings.TrimSpace(body)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return "application/json; charset=utf-8"
	}
	return http.DetectContentType([]byte(body))
}

// drop closes the connection without answering. Where the connection
// cannot be hijacked (HTTP/2, ResponseRecorder) it aborts the handler.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// hugeItem is one element of the array sent for Fault.BodyBytes.
const hugeItem = `{"id":"00000000-0000-4000-8000-000000000000","workspace_id":"` + WorkspaceID +
	`","customer_id":"00000000-0000-4000-8000-000000000001","first_name":"Padding","last_name":"Padding",` +
	`"email":"padding@example.com","phone":null,"role":[],"id_crm":null,"id_erp":null,"id_accounting":null,` +
	`"address_ids":[],"created_at":"2026-01-15T10:30:00Z","updated_at":"2026-01-15T10:30:00Z"}`

// writeHuge streams a 200 success envelope holding an array of
// contact-shaped padding objects, at least n bytes long, without a
// Content-Length (so clients must bound their reads themselves).
func writeHuge(w http.ResponseWriter, n int) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	const head, tail = `{"success":true,"data":[`, `]}`
	var buf bytes.Buffer
	buf.WriteString(head)
	written := 0
	for first := true; written+buf.Len()+len(tail) < n; first = false {
		if !first {
			buf.WriteByte(',')
		}
		buf.WriteString(hugeItem)
		if buf.Len() >= 64<<10 {
			m, err := w.Write(buf.Bytes())
			if err != nil {
				return
			}
			written += m
			buf.Reset()
		}
	}
	buf.WriteString(tail)
	w.Write(buf.Bytes())
}
