package serve

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// stalled is a connection that never authenticates, from a given loopback
// address.
type stalled struct {
	conn   net.Conn
	banner string        // the server's version line, "" if it closed first
	closed chan struct{} // closed when the server closed the connection
}

func (e *env) stall(t *testing.T, from string) *stalled {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: waitLimit}
	c, err := d.Dial("tcp", e.addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", from, err)
	}
	t.Cleanup(func() { c.Close() })
	st := &stalled{conn: c, closed: make(chan struct{})}
	_ = c.SetReadDeadline(time.Now().Add(waitLimit))
	r := bufio.NewReader(c)
	st.banner, _ = r.ReadString('\n')
	_ = c.SetReadDeadline(time.Time{})
	go func() {
		defer close(st.closed)
		_, _ = io.Copy(io.Discard, r) // the server sends nothing more until the client speaks
	}()
	return st
}

// isClosed waits until the server has closed the connection.
func (st *stalled) isClosed() bool {
	select {
	case <-st.closed:
		return true
	case <-time.After(waitLimit):
		return false
	}
}

// stillOpen reports whether the connection is still open after the server
// had time to handle a later one.
func (st *stalled) stillOpen() bool {
	select {
	case <-st.closed:
		return false
	default:
		return true
	}
}

// dialFrom connects and authenticates from a given loopback address.
func (e *env) dialFrom(from, user string, key gossh.Signer) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: waitLimit}
	c, err := d.Dial("tcp", e.addr)
	if err != nil {
		return nil, err
	}
	sc, chans, reqs, err := gossh.NewClientConn(c, e.addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, Timeout: waitLimit,
		HostKeyCallback: gossh.FixedHostKey(e.srv.HostKey()),
	})
	if err != nil {
		c.Close()
		return nil, err
	}
	return gossh.NewClient(sc, chans, reqs), nil
}

func (e *env) pendingHandshakes() int {
	e.srv.handshakes.mu.Lock()
	defer e.srv.handshakes.mu.Unlock()
	return len(e.srv.handshakes.pending)
}

func TestHandshakeLimits(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) {
		c.MaxHandshakes, c.MaxHandshakesPerAddress, c.HandshakeTimeout = 4, 2, time.Minute
	})
	const banner = "SSH-2.0-qwoty-contacts"

	// Per address: a third connection from 127.0.0.2 is closed at once.
	a1, a2 := e.stall(t, "127.0.0.2"), e.stall(t, "127.0.0.2")
	if !strings.HasPrefix(a1.banner, banner) || !strings.HasPrefix(a2.banner, banner) {
		t.Fatalf("banners %q, %q; want %q", a1.banner, a2.banner, banner)
	}
	if a3 := e.stall(t, "127.0.0.2"); a3.banner != "" || !a3.isClosed() {
		t.Errorf("a third connection from one address got %q and was not closed", a3.banner)
	}

	// In all: with 4 pending, a newcomer takes the place of the oldest of
	// the busiest address.
	b1 := e.stall(t, "127.0.0.3")
	c1 := e.stall(t, "127.0.0.4")
	if e.pendingHandshakes() != 4 {
		t.Fatalf("%d handshakes pending, want 4", e.pendingHandshakes())
	}
	d1 := e.stall(t, "127.0.0.5")
	if !strings.HasPrefix(d1.banner, banner) {
		t.Errorf("the newcomer got %q", d1.banner)
	}
	if !a1.isClosed() {
		t.Error("the oldest connection of the busiest address was not closed for the newcomer")
	}
	for name, st := range map[string]*stalled{"second of the busiest address": a2, "other address": b1, "third address": c1} {
		if !st.stillOpen() {
			t.Errorf("the %s was closed", name)
		}
	}

	// A real user gets in while every place is taken by stalled connections.
	c, err := e.dialFrom("127.0.0.6", "alice", key)
	if err != nil {
		t.Fatalf("a real user could not log in beside stalled connections: %v", err)
	}
	c.Close()
	if n := e.pendingHandshakes(); n > 4 {
		t.Errorf("%d handshakes pending, over the limit of 4", n)
	}

	// Connections that end give their place back.
	for _, st := range []*stalled{a2, b1, c1, d1} {
		st.conn.Close()
	}
	deadline := time.Now().Add(waitLimit)
	for e.pendingHandshakes() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := e.pendingHandshakes(); n != 0 {
		t.Errorf("%d handshakes still counted after their connections closed", n)
	}
	if !strings.Contains(e.logs.String(), "connections refused, cut or ended before authentication") {
		t.Error("the log does not say connections were refused")
	}
}

func TestHandshakeTimeout(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) { c.HandshakeTimeout = time.Second })
	st := e.stall(t, "127.0.0.1")
	if !st.isClosed() {
		t.Fatal("a connection that never logged in was not closed")
	}
	// One that logs in is not cut later.
	c, err := e.dial("alice", gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		t.Errorf("an authenticated connection was closed: %v", err)
	case <-time.After(2 * time.Second): // past the handshake timeout
	}
}

// A handshake that got into its key exchange outlives stalled ones, older
// or not.
func TestHandshakeLimitsKeepTheOnesThatProgress(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) {
		c.MaxHandshakes, c.HandshakeTimeout = 3, time.Minute
	})
	busy := e.stall(t, "127.0.0.2")
	// The version line, then 600 bytes of a 1,000-byte packet: the server
	// reads them and waits for the rest.
	part := append([]byte("SSH-2.0-client\r\n\x00\x00\x03\xe8"), make([]byte, 600)...)
	if _, err := busy.conn.Write(part); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		e.srv.handshakes.mu.Lock()
		got := 0
		for hs := range e.srv.handshakes.pending {
			got = max(got, hs.progress(time.Now()))
		}
		e.srv.handshakes.mu.Unlock()
		if got == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not read the key exchange bytes")
		}
		time.Sleep(5 * time.Millisecond)
	}
	s1, s2 := e.stall(t, "127.0.0.3"), e.stall(t, "127.0.0.4")
	for _, s := range []*stalled{s1, s2} {
		if _, err := s.conn.Write([]byte("SSH-2.0-stalled\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	for { // wait until both version lines were read
		e.srv.handshakes.mu.Lock()
		ones := 0
		for hs := range e.srv.handshakes.pending {
			if hs.progress(time.Now()) == 1 {
				ones++
			}
		}
		e.srv.handshakes.mu.Unlock()
		if ones == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not read the version lines")
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.stall(t, "127.0.0.5")
	if !s1.isClosed() {
		t.Error("the oldest stalled connection was not cut for the newcomer")
	}
	if !busy.stillOpen() || !s2.stillOpen() {
		t.Error("the handshake in its key exchange, or the younger stalled one, was cut")
	}
}

// An address caught stalling loses first: its handshakes are cut before
// older ones of other addresses, and when every place is taken by others,
// its new connections are refused.
func TestHandshakeLimitsSuspectAddressesLoseFirst(t *testing.T) {
	key := newKey(t)
	e := newEnv(t, []string{line(key, "")}, func(c *Config) {
		c.MaxHandshakes, c.MaxHandshakesPerAddress, c.HandshakeTimeout = 3, 1, time.Minute
	})
	older := e.stall(t, "127.0.0.3")
	e.stall(t, "127.0.0.4")
	bad := e.stall(t, "127.0.0.2")
	if again := e.stall(t, "127.0.0.2"); again.banner != "" { // over its limit: now suspect
		t.Fatalf("a second connection from one address got %q", again.banner)
	}
	e.stall(t, "127.0.0.5") // a clean newcomer
	if !bad.isClosed() {
		t.Error("the suspect address's handshake was not the one cut")
	}
	if !older.stillOpen() {
		t.Error("an older handshake of a clean address was cut instead")
	}
	if late := e.stall(t, "127.0.0.2"); late.banner != "" || !late.isClosed() {
		t.Errorf("a suspect address's new connection took the place of a clean one (got %q)", late.banner)
	}
	c, err := e.dialFrom("127.0.0.6", "alice", key)
	if err != nil {
		t.Fatalf("a real user could not log in: %v", err)
	}
	c.Close()
}
