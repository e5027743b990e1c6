package api

import (
	"context"
	"sync"
)

// Requests share the client's slots by priority and by session. Interactive
// requests (what a person is waiting for: a contact, its addresses, its
// customer, a save) go before background ones (the contact list), which
// never hold more than a few slots; and when a slot frees, it goes to the
// waiting request whose session has the fewest requests in flight, so one
// session's burst never keeps another waiting for long. A session never has
// more than its own cap in flight; requests without a session key are
// bounded by the client's cap alone.

// Priority is a request's class.
type Priority int

const (
	// Interactive is a request someone is waiting for; the default.
	Interactive Priority = iota
	// Background is a request nobody waits for at that moment: the contact
	// list, downloaded or refreshed.
	Background
)

// Defaults for Options.
const (
	// DefaultSessionConcurrency bounds one session's requests in flight.
	DefaultSessionConcurrency = 12
	// DefaultBackgroundConcurrency bounds the background requests in
	// flight, leaving the other slots to interactive ones.
	DefaultBackgroundConcurrency = 2
)

type priorityKey struct{}
type sessionKey struct{}

// WithPriority returns ctx whose requests have priority p.
func WithPriority(ctx context.Context, p Priority) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// WithSession returns ctx whose requests belong to the session key (an SSH
// session, say): they count against that session's cap and take turns with
// other sessions'.
func WithSession(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, sessionKey{}, key)
}

// PriorityOf returns the priority of ctx's requests: Interactive unless
// WithPriority said otherwise.
func PriorityOf(ctx context.Context) Priority {
	p, _ := ctx.Value(priorityKey{}).(Priority)
	return p
}

// SessionOf returns the session key of ctx's requests; "" for none.
func SessionOf(ctx context.Context) string {
	k, _ := ctx.Value(sessionKey{}).(string)
	return k
}

// scheduler hands out the client's request slots.
type scheduler struct {
	total, perSession, background int

	mu       sync.Mutex
	inFlight int
	bgFlight int
	sessions map[string]int // requests in flight per session key ("" is not capped)
	waiting  []*ticket      // in arrival order
}

// ticket is one request waiting for a slot.
type ticket struct {
	session string
	class   Priority
	ready   chan struct{} // closed when the slot is granted
	granted bool
}

func newScheduler(total, perSession, background int) *scheduler {
	if perSession <= 0 {
		perSession = DefaultSessionConcurrency
	}
	if background <= 0 {
		background = DefaultBackgroundConcurrency
	}
	return &scheduler{total: total, perSession: min(perSession, total), background: min(background, total),
		sessions: map[string]int{}}
}

// acquire waits for a slot for a request with ctx's priority and session;
// release gives it back. It fails only when ctx ends first.
func (s *scheduler) acquire(ctx context.Context) (release func(), err error) {
	t := &ticket{session: SessionOf(ctx), class: PriorityOf(ctx)}
	s.mu.Lock()
	if s.fits(t) {
		s.start(t)
		s.mu.Unlock()
		return func() { s.release(t) }, nil
	}
	t.ready = make(chan struct{})
	s.waiting = append(s.waiting, t)
	s.mu.Unlock()
	select {
	case <-t.ready:
		return func() { s.release(t) }, nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	if t.granted { // granted as ctx ended: give it back
		s.mu.Unlock()
		s.release(t)
		return nil, ctx.Err()
	}
	for i, w := range s.waiting {
		if w == t {
			s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	return nil, ctx.Err()
}

// fits reports whether t may start now. s.mu is held.
func (s *scheduler) fits(t *ticket) bool {
	switch {
	case s.inFlight >= s.total:
		return false
	case t.session != "" && s.sessions[t.session] >= s.perSession:
		return false
	case t.class == Background && s.bgFlight >= s.background:
		return false
	case t.class == Background:
		// Background work starts only when no interactive request waits
		// for the slot.
		for _, w := range s.waiting {
			if w.class == Interactive && s.fitsAlone(w) {
				return false
			}
		}
	}
	return true
}

// fitsAlone is fits without looking at the queue. s.mu is held.
func (s *scheduler) fitsAlone(t *ticket) bool {
	return s.inFlight < s.total &&
		(t.session == "" || s.sessions[t.session] < s.perSession) &&
		(t.class != Background || s.bgFlight < s.background)
}

// start counts t in flight. s.mu is held.
func (s *scheduler) start(t *ticket) {
	s.inFlight++
	if t.class == Background {
		s.bgFlight++
	}
	if t.session != "" {
		s.sessions[t.session]++
	}
}

// release gives t's slot back and hands out the slots that are free.
func (s *scheduler) release(t *ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	if t.class == Background {
		s.bgFlight--
	}
	if t.session != "" {
		if s.sessions[t.session]--; s.sessions[t.session] <= 0 {
			delete(s.sessions, t.session)
		}
	}
	for {
		i := s.next()
		if i < 0 {
			return
		}
		w := s.waiting[i]
		s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
		s.start(w)
		w.granted = true
		close(w.ready)
	}
}

// next picks the waiting request to start, or -1: interactive before
// background; within a class, the one whose session has the fewest
// requests in flight, the earliest among equals. s.mu is held.
func (s *scheduler) next() int {
	if s.inFlight >= s.total {
		return -1
	}
	for _, class := range []Priority{Interactive, Background} {
		best, bestLoad := -1, 0
		for i, w := range s.waiting {
			if w.class != class || !s.fitsAlone(w) {
				continue
			}
			load := s.sessions[w.session]
			if w.session == "" {
				load = 0
			}
			if best < 0 || load < bestLoad {
				best, bestLoad = i, load
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}
