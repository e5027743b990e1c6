package sandbox

import (
	"slices"
	"strings"
	"sync"
)

// Request is one request the sandbox received. The Authorization header is
// never stored: Authorized says whether it carried the right token.
type Request struct {
	Method      string
	Path        string // without the /api prefix
	RawQuery    string
	Body        []byte // exact bytes (nil when empty; cut at 1 MiB)
	ContentType string
	Authorized  bool
}

// requestLog keeps every request in arrival order.
type requestLog struct {
	mu   sync.Mutex
	reqs []Request
}

func (s *Server) record(r Request) {
	s.log.mu.Lock()
	s.log.reqs = append(s.log.reqs, r)
	s.log.mu.Unlock()
}

// Requests returns a copy of every request received since the start or the
// last ResetRequests, in order.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]Request, len(s.log.reqs))
	for i, r := range s.log.reqs {
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	s.log.reqs = nil
	s.log.mu.Unlock()
}

// CountRequests counts the recorded requests with that method ("" = any)
// whose path (without /api) starts with pathPrefix.
func (s *Server) CountRequests(method, pathPrefix string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	n := 0
	for _, r := range s.log.reqs {
		if (method == "" || strings.EqualFold(method, r.Method)) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}
