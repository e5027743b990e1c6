package serve

import (
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the limits before authentication.
const (
	// DefaultHandshakeTimeout bounds the time from connecting to being
	// authenticated.
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultMaxHandshakes bounds the connections not authenticated yet.
	DefaultMaxHandshakes = 64
	// DefaultMaxHandshakesPerAddress bounds them per source address.
	DefaultMaxHandshakesPerAddress = 8
)

// refusalLogEvery spaces the log lines about connections refused or cut
// before authentication: under a flood of them the log says how many, not
// one line each.
const refusalLogEvery = 10 * time.Second

// Suspicion: an address whose connection was cut or refused before it began
// its key exchange is suspect for suspectFor, and its connections are the
// first to go when every place is taken. At most maxSuspects are
// remembered.
const (
	suspectFor  = time.Minute
	maxSuspects = 4096
)

// freshFor is how long a new connection is given to send its first bytes
// before it counts as one that sent nothing.
const freshFor = time.Second

// handshakes counts the connections that have not authenticated yet, so that
// connections that never do cannot crowd real users out. Past the limit per
// address, a new connection is closed at once. Past the limit in all, the
// connection least worth keeping is cut for the newcomer (or the newcomer
// refused, when it is the one): first those of suspect addresses, then the
// one that got least far (a real client sends its key exchange at once; a
// stalled one sits on its version line, or on nothing), then that of the
// address holding the most, then the oldest. Each handshake is cut after
// the timeout.
type handshakes struct {
	max, perAddress int
	timeout         time.Duration
	log             *slog.Logger

	mu       sync.Mutex
	pending  map[*handshake]struct{}
	perHost  map[string]int
	suspects map[string]time.Time // address → when it was last caught stalling
	seq      uint64

	// Refusals and cuts since the last log line about them.
	refused, evicted, expired, ended int
	loggedAt                         time.Time
}

// handshake is one connection that has not authenticated yet.
type handshake struct {
	conn  net.Conn
	host  string
	seq   uint64 // arrival order
	at    time.Time
	timer *time.Timer
	read  atomic.Int64 // bytes received from the client: how far it got
}

// kexBytes is what a client has sent once its key exchange began: a version
// line is at most 255 bytes (RFC 4253), a key exchange offer comes after.
const kexBytes = 256

// progress ranks how far a handshake got: nothing, a version line (or too
// new to tell), a key exchange.
func (hs *handshake) progress(now time.Time) int {
	switch n := hs.read.Load(); {
	case n >= kexBytes:
		return 2
	case n > 0 || now.Sub(hs.at) < freshFor:
		return 1
	}
	return 0
}

func newHandshakes(max, perAddress int, timeout time.Duration, log *slog.Logger) *handshakes {
	return &handshakes{max: max, perAddress: perAddress, timeout: timeout, log: log,
		pending: map[*handshake]struct{}{}, perHost: map[string]int{}, suspects: map[string]time.Time{}}
}

// admit counts conn as a pending handshake, or returns nil when it is to be
// closed at once.
func (h *handshakes) admit(conn net.Conn) *handshake {
	host := hostOf(conn.RemoteAddr())
	now := time.Now()
	h.mu.Lock()
	if h.perHost[host] >= h.perAddress {
		h.suspect(host, now)
		h.refused++
		h.maybeLog(now)
		h.mu.Unlock()
		return nil
	}
	h.seq++
	hs := &handshake{conn: conn, host: host, seq: h.seq, at: now}
	var victim *handshake
	if len(h.pending) >= h.max {
		victim = h.leastWorthKeeping(now)
		if h.worse(hs, victim, now) { // the newcomer is the one to go
			h.refused++
			h.maybeLog(now)
			h.mu.Unlock()
			return nil
		}
		h.cut(victim, now)
		h.evicted++
		h.maybeLog(now)
	}
	h.pending[hs] = struct{}{}
	h.perHost[host]++
	hs.timer = time.AfterFunc(h.timeout, func() { h.expire(hs) })
	h.mu.Unlock()
	if victim != nil {
		_ = victim.conn.Close()
	}
	return hs
}

// leastWorthKeeping is the pending handshake to cut for a newcomer. h.mu is
// held; there is at least one.
func (h *handshakes) leastWorthKeeping(now time.Time) *handshake {
	var worst *handshake
	for hs := range h.pending {
		if worst == nil || h.worse(hs, worst, now) {
			worst = hs
		}
	}
	return worst
}

// worse reports whether a is less worth keeping than b: a suspect address,
// less progress, a busier address, older. h.mu is held.
func (h *handshakes) worse(a, b *handshake, now time.Time) bool {
	if sa, sb := h.isSuspect(a.host, now), h.isSuspect(b.host, now); sa != sb {
		return sa
	}
	if pa, pb := a.progress(now), b.progress(now); pa != pb {
		return pa < pb
	}
	if na, nb := h.perHost[a.host], h.perHost[b.host]; na != nb {
		return na > nb
	}
	return a.seq < b.seq
}

// cut takes a pending handshake out, to be closed; an address caught before
// its key exchange becomes suspect. h.mu is held.
func (h *handshakes) cut(hs *handshake, now time.Time) {
	if hs.progress(now) < 2 {
		h.suspect(hs.host, now)
	}
	h.remove(hs)
}

// suspect marks host. h.mu is held.
func (h *handshakes) suspect(host string, now time.Time) {
	if len(h.suspects) >= maxSuspects {
		for a, at := range h.suspects {
			if now.Sub(at) >= suspectFor || len(h.suspects) >= maxSuspects {
				delete(h.suspects, a)
			}
		}
	}
	h.suspects[host] = now
}

// isSuspect reports whether host was caught stalling lately. h.mu is held.
func (h *handshakes) isSuspect(host string, now time.Time) bool {
	at, ok := h.suspects[host]
	return ok && now.Sub(at) < suspectFor
}

// done ends a handshake: the client authenticated, or the connection ended.
func (h *handshakes) done(hs *handshake) {
	if hs == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.remove(hs)
}

// expire cuts a handshake that took too long.
func (h *handshakes) expire(hs *handshake) {
	now := time.Now()
	h.mu.Lock()
	_, ok := h.pending[hs]
	if ok {
		h.cut(hs, now)
		h.expired++
		h.maybeLog(now)
	}
	h.mu.Unlock()
	if ok {
		_ = hs.conn.Close()
	}
}

// remove forgets hs, if pending. h.mu is held.
func (h *handshakes) remove(hs *handshake) {
	if _, ok := h.pending[hs]; !ok {
		return
	}
	delete(h.pending, hs)
	hs.timer.Stop()
	if h.perHost[hs.host]--; h.perHost[hs.host] <= 0 {
		delete(h.perHost, hs.host)
	}
}

// failed counts a connection that failed before authentication without
// offering a key, cut ones included (the log line about it is the
// summary's).
func (h *handshakes) failed() {
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ended++
	h.maybeLog(now)
}

// maybeLog writes what was refused, cut or ended before authentication, at
// most once per refusalLogEvery. h.mu is held.
func (h *handshakes) maybeLog(now time.Time) {
	if now.Sub(h.loggedAt) < refusalLogEvery {
		return
	}
	h.log.Warn("connections refused, cut or ended before authentication",
		"refused", h.refused, "cut_for_newer_ones", h.evicted, "timed_out", h.expired, "failed_without_a_key", h.ended,
		"suspect_addresses", len(h.suspects),
		"max_handshakes", h.max, "max_handshakes_per_address", h.perAddress, "handshake_timeout", h.timeout.String())
	h.refused, h.evicted, h.expired, h.ended, h.loggedAt = 0, 0, 0, 0, now
}

// hostOf is the source address of a connection, without the port.
func hostOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
