package serve

import (
	"log/slog"
	"net"
	"sync"
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

// handshakes counts the connections that have not authenticated yet, so that
// connections that never do cannot crowd real users out. Past the limit per
// address, a new connection is closed at once; past the limit in all, the
// new connection takes the place of the oldest handshake of the address
// that holds the most (a real client authenticates within milliseconds; a
// stalled one is what gets cut). Each handshake is cut after the timeout.
type handshakes struct {
	max, perAddress int
	timeout         time.Duration
	log             *slog.Logger

	mu      sync.Mutex
	pending map[*handshake]struct{}
	perHost map[string]int
	seq     uint64

	// Refusals and cuts since the last log line about them.
	refused, evicted, expired int
	loggedAt                  time.Time
}

// handshake is one connection that has not authenticated yet.
type handshake struct {
	conn  net.Conn
	host  string
	seq   uint64 // arrival order
	timer *time.Timer
	cut   bool // closed by the limits: its failure is counted, not logged
}

func newHandshakes(max, perAddress int, timeout time.Duration, log *slog.Logger) *handshakes {
	return &handshakes{max: max, perAddress: perAddress, timeout: timeout, log: log,
		pending: map[*handshake]struct{}{}, perHost: map[string]int{}}
}

// admit counts conn as a pending handshake, or returns nil when it is to be
// closed at once.
func (h *handshakes) admit(conn net.Conn) *handshake {
	host := hostOf(conn.RemoteAddr())
	h.mu.Lock()
	if h.perHost[host] >= h.perAddress {
		h.refused++
		h.maybeLog()
		h.mu.Unlock()
		return nil
	}
	var victim *handshake
	if len(h.pending) >= h.max {
		victim = h.oldestOfBusiest()
		h.remove(victim)
		victim.cut = true
		h.evicted++
		h.maybeLog()
	}
	h.seq++
	hs := &handshake{conn: conn, host: host, seq: h.seq}
	h.pending[hs] = struct{}{}
	h.perHost[host]++
	hs.timer = time.AfterFunc(h.timeout, func() { h.expire(hs) })
	h.mu.Unlock()
	if victim != nil {
		_ = victim.conn.Close()
	}
	return hs
}

// oldestOfBusiest is the oldest handshake of the address with the most of
// them. h.mu is held; there is at least one.
func (h *handshakes) oldestOfBusiest() *handshake {
	var best *handshake
	for hs := range h.pending {
		if best == nil {
			best = hs
			continue
		}
		n, m := h.perHost[hs.host], h.perHost[best.host]
		if n > m || (n == m && hs.seq < best.seq) {
			best = hs
		}
	}
	return best
}

// done ends a handshake: the client authenticated, or the connection ended.
// It reports whether the limits had cut it.
func (h *handshakes) done(hs *handshake) (cut bool) {
	if hs == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.remove(hs)
	return hs.cut
}

// expire cuts a handshake that took too long.
func (h *handshakes) expire(hs *handshake) {
	h.mu.Lock()
	_, ok := h.pending[hs]
	if ok {
		h.remove(hs)
		hs.cut = true
		h.expired++
		h.maybeLog()
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

// maybeLog writes what was refused or cut, at most once per
// refusalLogEvery. h.mu is held.
func (h *handshakes) maybeLog() {
	now := time.Now()
	if now.Sub(h.loggedAt) < refusalLogEvery {
		return
	}
	h.log.Warn("connections refused or cut before authentication",
		"over_the_limit_per_address", h.refused, "cut_for_newer_ones", h.evicted, "timed_out", h.expired,
		"max_handshakes", h.max, "max_handshakes_per_address", h.perAddress, "handshake_timeout", h.timeout.String())
	h.refused, h.evicted, h.expired, h.loggedAt = 0, 0, 0, now
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
