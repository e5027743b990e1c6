package serve

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// flood has the last sessions of all send changes window changes as fast as
// they can while they read no output (a stalled link), then a last size,
// cols × rows; then they read again. Before the fix, the first of them
// locked up for good once 2 MiB of output waited on the link.
func flood(t *testing.T, all []*term, flooders, changes, cols, rows int) {
	t.Helper()
	var wg sync.WaitGroup
	for _, tm := range all[len(all)-flooders:] {
		tm.hold.Lock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range changes {
				if err := tm.sess.WindowChange(70+i%10, 240+i%10); err != nil {
					t.Errorf("window change %d: %v", i, err)
					return
				}
			}
			if err := tm.sess.WindowChange(rows, cols); err != nil {
				t.Errorf("last window change: %v", err)
			}
		}()
	}
	wg.Wait()
	for _, tm := range all[len(all)-flooders:] {
		tm.hold.Unlock()
	}
}

// openAll opens n sessions, each on the lookup screen.
func (e *env) openAll(n int) []*term {
	e.t.Helper()
	key := newKey(e.t)
	e.writeKeys(line(key, ""))
	var all []*term
	for i := range n {
		tm := e.open(fmt.Sprint("user", i), key)
		tm.waitFor("Open a contact")
		all = append(all, tm)
	}
	return all
}

// sessionOf returns the server's session of a client user name.
func (e *env) sessionOf(user string) *session {
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	for st := range e.srv.sessions {
		if st.user == user {
			return st
		}
	}
	return nil
}

// Under a resize flood every session keeps answering keys, the flooders'
// programs get their last size, and a shutdown ends every session.
func TestResizeFlood(t *testing.T) {
	e := newEnv(t, nil, func(c *Config) { c.MaxSessionsPerKey = 8 })
	const normal, flooders = 3, 2
	all := e.openAll(normal + flooders)
	flood(t, all, flooders, 20000, 111, 33)
	for i, tm := range all {
		q := fmt.Sprintf("zq%dz", i)
		tm.send(q)
		if err := tm.await(q); err != nil {
			t.Errorf("session %d after the flood: %v", i, err)
		}
	}
	for i := normal; i < normal+flooders; i++ {
		st := e.sessionOf(fmt.Sprint("user", i))
		deadline := time.Now().Add(waitLimit)
		for {
			w, h := st.screen.size()
			if w == 111 && h == 33 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("session %d: the program's size is %dx%d, not the last one sent, 111x33", i, w, h)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	told := make(chan error, len(all))
	for i, tm := range all {
		go func() {
			err := tm.await("the server is shutting down")
			if err != nil {
				err = fmt.Errorf("session %d: %w", i, err)
			}
			told <- err
			tm.client.Close() // as ssh does once the session ends
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Errorf("shutdown after the flood: %v", err)
	}
	for range all {
		if err := <-told; err != nil {
			t.Error(err)
		}
	}
}

// The idle timeout ends sessions that flooded and read nothing.
func TestIdleAfterResizeFlood(t *testing.T) {
	e := newEnv(t, nil, func(c *Config) { c.IdleTimeout = 2 * time.Second; c.MaxSessionsPerKey = 8 })
	all := e.openAll(3)
	flood(t, all, 2, 20000, 100, 30)
	for i, tm := range all {
		if err := tm.await("closed after 2s without input"); err != nil {
			t.Errorf("session %d: %v", i, err)
		}
	}
}

// A client that stops reading its output altogether cannot hold its
// session: once the session ends, the connection is closed and the
// session's place freed.
func TestClientThatStopsReadingIsCut(t *testing.T) {
	e := newEnv(t, nil, nil)
	tm := e.openAll(1)[0]
	tm.send(sandbox.TenAddressesContactID + "\r")
	tm.waitFor("Addresses (10)")
	st := e.sessionOf("user0")
	tm.hold.Lock() // never read again
	defer tm.hold.Unlock()
	tm.mu.Lock()
	read := int64(tm.out.Len())
	tm.mu.Unlock()
	// A terminal 5,000 columns wide, resized again and again: frames drawn whole
	// until more is sent than the client read plus the 2 MiB the link
	// holds, so that the painter waits on the link (wide frames are slow
	// to lay out under the race detector: a generous deadline).
	deadline := time.Now().Add(4 * waitLimit)
	for i := 0; st.screen.sent.Load() <= read+2<<20; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d bytes sent", st.screen.sent.Load())
		}
		if err := tm.sess.WindowChange(300-i%2, 5000-i%2); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * resizeGap)
	}
	st.stop(endIdle)
	for {
		e.srv.mu.Lock()
		n := len(e.srv.sessions)
		e.srv.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the session of a client that reads nothing was never ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(e.logs.String(), "the client stopped reading its output: connection closed") {
		t.Error("the log does not say why the connection was closed")
	}
}
