package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// sshTerm is a session of the app served over SSH, seen through a terminal
// emulator: what a person at the other end of `ssh -t` sees.
type sshTerm struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.Writer
	rows   int
	start  time.Time // when the dial began

	mu      sync.Mutex
	scr     *screen
	written int // bytes received
	lastAt  time.Time
	waiters []*waiter
	readErr error

	done chan struct{} // closed when the output ends
}

// dialTerm connects from the loopback address from as user with key,
// checks the host key against fingerprint, and starts the app in a cols ×
// rows terminal.
func dialTerm(addr, from, user string, key gossh.Signer, fingerprint string, cols, rows int) (*sshTerm, error) {
	t := &sshTerm{rows: rows, scr: newScreen(rows, cols), done: make(chan struct{}), start: time.Now()}
	c, err := dialSSH(addr, from, user, key, fingerprint)
	if err != nil {
		return nil, err
	}
	t.client = c
	if t.sess, err = c.NewSession(); err != nil {
		c.Close()
		return nil, err
	}
	if err := t.sess.RequestPty("xterm-256color", rows, cols, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	if t.stdin, err = t.sess.StdinPipe(); err != nil {
		c.Close()
		return nil, err
	}
	out, err := t.sess.StdoutPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	go t.read(out)
	if err := t.sess.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	return t, nil
}

// dialSSH connects and authenticates from the loopback address from.
func dialSSH(addr, from, user string, key gossh.Signer, fingerprint string) (*gossh.Client, error) {
	d := net.Dialer{Timeout: 20 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	sc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, Timeout: 20 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			if got := gossh.FingerprintSHA256(k); got != fingerprint {
				return fmt.Errorf("host key %s, but the server printed %s", got, fingerprint)
			}
			return nil
		},
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(sc, chans, reqs), nil
}

func (t *sshTerm) read(r io.Reader) {
	defer close(t.done)
	defer t.client.Close() // as ssh does once the session ends
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		at := time.Now()
		if n > 0 {
			t.mu.Lock()
			t.scr.write(buf[:n])
			t.written += n
			t.lastAt = at
			kept := t.waiters[:0]
			for _, w := range t.waiters {
				if w.cond(t.scr, nil) {
					w.ch <- at
				} else {
					kept = append(kept, w)
				}
			}
			t.waiters = kept
			t.mu.Unlock()
		}
		if err != nil {
			t.mu.Lock()
			t.readErr = err
			t.mu.Unlock()
			return
		}
	}
}

// arm registers a condition checked on the output that arrives from now on.
func (t *sshTerm) arm(cond func(*screen, []byte) bool) *waiter {
	w := &waiter{cond: cond, ch: make(chan time.Time, 1)}
	t.mu.Lock()
	t.waiters = append(t.waiters, w)
	t.mu.Unlock()
	return w
}

// wait waits for an armed condition and returns when the output that met
// it arrived.
func (t *sshTerm) wait(w *waiter, timeout time.Duration, what string) (time.Time, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	why := "timed out after " + timeout.String()
	select {
	case at := <-w.ch:
		return at, nil
	case <-timer.C:
	case <-t.done:
		select {
		case at := <-w.ch:
			return at, nil
		default:
		}
		why = "the session ended"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.waiters {
		if x == w {
			t.waiters = append(t.waiters[:i], t.waiters[i+1:]...)
			break
		}
	}
	return time.Time{}, fmt.Errorf("waiting for %s: %s; the screen shows:\n%s", what, why, indent(t.scr.text()))
}

// waitFor waits until cond holds, checking the current screen first.
func (t *sshTerm) waitFor(cond func(*screen, []byte) bool, timeout time.Duration, what string) (time.Time, error) {
	t.mu.Lock()
	if cond(t.scr, nil) {
		at := t.lastAt
		t.mu.Unlock()
		return at, nil
	}
	t.mu.Unlock()
	return t.wait(t.arm(cond), timeout, what)
}

// send types keys.
func (t *sshTerm) send(keys string) (time.Time, error) {
	at := time.Now()
	_, err := io.WriteString(t.stdin, keys)
	return at, err
}

// press types keys and returns the time until cond holds on what follows.
func (t *sshTerm) press(keys string, cond func(*screen, []byte) bool, timeout time.Duration, what string) (time.Duration, error) {
	w := t.arm(cond)
	at, err := t.send(keys)
	if err != nil {
		return 0, err
	}
	done, err := t.wait(w, timeout, what)
	if err != nil {
		return 0, err
	}
	return done.Sub(at), nil
}

// screenText returns what the screen shows now.
func (t *sshTerm) screenText() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.scr.text()
}

// ended reports whether the session's output has ended.
func (t *sshTerm) ended() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// close ends the connection.
func (t *sshTerm) close() { _ = t.client.Close() }

var errNoExit = errors.New("the session did not end")

// waitEnd waits until the session's output ends.
func (t *sshTerm) waitEnd(timeout time.Duration) error {
	select {
	case <-t.done:
		return nil
	case <-time.After(timeout):
		return errNoExit
	}
}
