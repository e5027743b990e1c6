package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// schedWait is a safety net only: the tests wait on events.
const schedWait = 10 * time.Second

// queued waits until n requests wait for a slot.
func (s *scheduler) queued(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(schedWait)
	for {
		s.mu.Lock()
		got := len(s.waiting)
		s.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d requests waiting, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// grants acquires a slot for each context in turn, in the background, and
// says which one got it, in the order they did.
type grants struct {
	ch chan string
	mu sync.Mutex
	rs map[string]func()
}

func (g *grants) acquire(t *testing.T, s *scheduler, name string, ctx context.Context) {
	go func() {
		release, err := s.acquire(ctx)
		if err != nil {
			g.ch <- name + ": " + err.Error()
			return
		}
		g.mu.Lock()
		g.rs[name] = release
		g.mu.Unlock()
		g.ch <- name
	}()
}

func (g *grants) release(name string) {
	g.mu.Lock()
	r := g.rs[name]
	g.mu.Unlock()
	r()
}

func (g *grants) next(t *testing.T) string {
	t.Helper()
	select {
	case n := <-g.ch:
		return n
	case <-time.After(schedWait):
		t.Fatal("no request got a slot")
		return ""
	}
}

func newGrants() *grants { return &grants{ch: make(chan string, 16), rs: map[string]func(){}} }

func session(key string, p Priority) context.Context {
	return WithPriority(WithSession(context.Background(), key), p)
}

func TestSchedulerInteractiveFirst(t *testing.T) {
	s := newScheduler(2, 2, 2)
	g := newGrants()
	g.acquire(t, s, "a1", session("a", Interactive))
	g.acquire(t, s, "a2", session("a", Interactive))
	g.next(t)
	g.next(t)
	g.acquire(t, s, "list", session("b", Background))
	s.queued(t, 1)
	g.acquire(t, s, "contact", session("c", Interactive))
	s.queued(t, 2)
	g.release("a1")
	if got := g.next(t); got != "contact" {
		t.Errorf("%s got the slot before the interactive request", got)
	}
	g.release("a2")
	if got := g.next(t); got != "list" {
		t.Errorf("%s got the slot, want the list", got)
	}
}

func TestSchedulerBackgroundCap(t *testing.T) {
	s := newScheduler(4, 4, 1)
	g := newGrants()
	g.acquire(t, s, "list1", session("a", Background))
	g.next(t)
	g.acquire(t, s, "list2", session("b", Background))
	s.queued(t, 1) // over the background cap, with free slots
	g.acquire(t, s, "contact", session("c", Interactive))
	if got := g.next(t); got != "contact" {
		t.Errorf("%s started, want the interactive request in a free slot", got)
	}
	g.release("list1")
	if got := g.next(t); got != "list2" {
		t.Errorf("%s started, want the second list", got)
	}
}

func TestSchedulerFewestInFlightFirst(t *testing.T) {
	s := newScheduler(3, 3, 1)
	g := newGrants()
	for _, n := range []string{"a1", "a2", "a3"} { // a burst takes every slot
		g.acquire(t, s, n, session("a", Interactive))
		g.next(t)
	}
	g.acquire(t, s, "a4", session("a", Interactive))
	s.queued(t, 1)
	g.acquire(t, s, "b1", session("b", Interactive)) // came later, but b has nothing in flight
	s.queued(t, 2)
	g.release("a1")
	if got := g.next(t); got != "b1" {
		t.Errorf("%s got the slot, want the other session's first request", got)
	}
	g.release("a2")
	if got := g.next(t); got != "a4" {
		t.Errorf("%s got the slot, want a4", got)
	}
}

func TestSchedulerSessionCap(t *testing.T) {
	s := newScheduler(4, 2, 1)
	g := newGrants()
	g.acquire(t, s, "a1", session("a", Interactive))
	g.acquire(t, s, "a2", session("a", Interactive))
	g.next(t)
	g.next(t)
	g.acquire(t, s, "a3", session("a", Interactive))
	s.queued(t, 1) // over its session's cap, with free slots
	g.acquire(t, s, "b1", session("b", Interactive))
	if got := g.next(t); got != "b1" {
		t.Errorf("%s started, want b1", got)
	}
	// Requests without a session are bounded by the client's cap only.
	g.acquire(t, s, "cli", context.Background())
	if got := g.next(t); got != "cli" {
		t.Errorf("%s started, want the request without a session", got)
	}
	g.release("a1")
	if got := g.next(t); got != "a3" {
		t.Errorf("%s started, want a3", got)
	}
}

func TestSchedulerCanceledWaiterLeaves(t *testing.T) {
	s := newScheduler(1, 1, 1)
	g := newGrants()
	g.acquire(t, s, "a", session("a", Interactive))
	g.next(t)
	ctx, cancel := context.WithCancel(session("b", Interactive))
	g.acquire(t, s, "b", ctx)
	s.queued(t, 1)
	cancel()
	if got := g.next(t); !strings.HasPrefix(got, "b: ") {
		t.Fatalf("got %q, want b canceled", got)
	}
	s.queued(t, 0)
	g.release("a")
	g.acquire(t, s, "c", session("c", Interactive))
	if got := g.next(t); got != "c" {
		t.Errorf("%s, want c to get the slot the canceled request never held", got)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inFlight != 1 || len(s.sessions) != 1 {
		t.Errorf("in flight %d, sessions %v; want only c", s.inFlight, s.sessions)
	}
}

// Through the client: a contact is fetched while list downloads (either
// way of reading the list) hold every background slot and more wait.
func TestContactNotBehindListDownloads(t *testing.T) {
	for name, list := range map[string]func(c *Client, ctx context.Context) error{
		"EachContact": func(c *Client, ctx context.Context) error {
			return c.EachContact(ctx, "", func(*Contact) error { return nil })
		},
		"EachListed": func(c *Client, ctx context.Context) error {
			return c.EachListed(ctx, "", func(*ListedContact) error { return nil })
		},
	} {
		t.Run(name, func(t *testing.T) { contactNotBehind(t, list) })
	}
}

func contactNotBehind(t *testing.T, list func(c *Client, ctx context.Context) error) {
	release := make(chan struct{})
	var mu sync.Mutex
	lists := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/contacts") {
			mu.Lock()
			lists++
			mu.Unlock()
			<-release
			status(200, `{"success":true,"data":[]}`)(w, r)
			return
		}
		okContact(w, r)
	})
	c, _ := newTestClient(t, h, func(o *Options) { o.Concurrency, o.BackgroundConcurrency = 3, 2 })
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := WithSession(context.Background(), string(rune('a'+i)))
			if err := list(c, ctx); err != nil {
				t.Errorf("list %d: %v", i, err)
			}
		}()
	}
	c.limiter.queued(t, 2) // two lists in flight, two waiting
	got := make(chan error, 1)
	go func() {
		_, err := c.GetContact(WithSession(context.Background(), "z"), jeanID)
		got <- err
	}()
	select {
	case err := <-got:
		if err != nil {
			t.Errorf("contact: %v", err)
		}
	case <-time.After(schedWait):
		t.Error("the contact waited behind the list downloads")
	}
	mu.Lock()
	if lists != 2 {
		t.Errorf("%d lists reached the server, want 2 (the background cap)", lists)
	}
	mu.Unlock()
	close(release)
	wg.Wait()
}

// A request canceled while it waits for a slot fails as canceled.
func TestCanceledWhileWaitingForASlot(t *testing.T) {
	block := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block; okContact(w, r) })
	c, _ := newTestClient(t, h, func(o *Options) { o.Concurrency = 1 })
	go func() { _, _ = c.GetContact(context.Background(), jeanID) }()
	c.limiter.mu.Lock()
	for c.limiter.inFlight == 0 {
		c.limiter.mu.Unlock()
		time.Sleep(time.Millisecond)
		c.limiter.mu.Lock()
	}
	c.limiter.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.GetContact(ctx, jeanID); done <- err }()
	c.limiter.queued(t, 1)
	cancel()
	err := <-done
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrCanceled {
		t.Errorf("error %v, want canceled", err)
	}
	close(block)
}
