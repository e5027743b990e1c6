package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
)

// session is the app running in a pseudo-terminal. A goroutine reads its
// output into a terminal emulator; waiters are checked after every chunk,
// so a wait ends at the time the chunk that satisfied it was read.
type session struct {
	cmd   *exec.Cmd
	tty   *os.File
	start time.Time
	// answer makes the session reply to the colour (OSC 10, 11) and
	// cursor position (DSR) queries as a terminal would, after delay (the
	// round trip to a terminal at the other end of an SSH link).
	answer bool
	// cursorOnly answers the cursor position query but ignores the colour
	// ones, as most terminals without OSC 10/11 support do.
	cursorOnly bool
	delay      time.Duration
	scanned    int // raw output already scanned for queries

	mu      sync.Mutex
	scr     *screen
	raw     []byte // everything the app wrote
	lastAt  time.Time
	waiters []*waiter
	readErr error

	readDone chan struct{}
	exited   chan struct{}
	exitErr  error
	exitAt   time.Time
}

type waiter struct {
	cond func(*screen, []byte) bool
	ch   chan time.Time
}

// The terminal's size.
const (
	termRows = 60
	termCols = 200
)

// startSession starts bin with args in a pseudo-terminal and the given
// environment (the process's own is not inherited). With answer, queries
// are answered; otherwise the terminal stays silent, like a serial console
// or a relay that passes no replies.
func startSession(bin string, env []string, answer bool, args ...string) (*session, error) {
	return startSessionDelayed(bin, env, answer, 0, args...)
}

// startSessionDelayed is startSession whose terminal answers after delay.
func startSessionDelayed(bin string, env []string, answer bool, delay time.Duration, args ...string) (*session, error) {
	return startSessionMode(bin, env, answer, false, delay, args...)
}

// startSessionMode is startSessionDelayed whose terminal, with cursorOnly,
// answers only the cursor-position query.
func startSessionMode(bin string, env []string, answer, cursorOnly bool, delay time.Duration, args ...string) (*session, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Dir = os.TempDir()
	s := &session{cmd: cmd, answer: answer, cursorOnly: cursorOnly, delay: delay, scr: newScreen(termRows, termCols),
		readDone: make(chan struct{}), exited: make(chan struct{})}
	s.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: termRows, Cols: termCols})
	if err != nil {
		return nil, fmt.Errorf("cannot start %s in a pseudo-terminal: %w", bin, err)
	}
	s.tty = tty
	go s.read()
	go func() {
		s.exitErr = cmd.Wait()
		s.exitAt = time.Now()
		close(s.exited)
	}()
	return s, nil
}

func (s *session) read() {
	defer close(s.readDone)
	buf := make([]byte, 64<<10)
	for {
		n, err := s.tty.Read(buf)
		at := time.Now()
		if n > 0 {
			s.mu.Lock()
			s.raw = append(s.raw, buf[:n]...)
			s.scr.write(buf[:n])
			s.lastAt = at
			if s.answer {
				s.answerQueries()
			}
			kept := s.waiters[:0]
			for _, w := range s.waiters {
				if w.cond(s.scr, s.raw) {
					w.ch <- at
				} else {
					kept = append(kept, w)
				}
			}
			s.waiters = kept
			s.mu.Unlock()
		}
		if err != nil {
			s.mu.Lock()
			s.readErr = err
			s.mu.Unlock()
			return
		}
	}
}

// Queries a terminal answers, and xterm's answers (light grey on black).
const (
	queryForeground = "\x1b]10;?"
	queryBackground = "\x1b]11;?"
	queryCursor     = "\x1b[6n"
	replyForeground = "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"
	replyBackground = "\x1b]11;rgb:0000/0000/0000\x1b\\"
	replyCursor     = "\x1b[1;1R"
)

// answerQueries replies to the queries in the output not yet scanned (a
// query split across two reads is answered once, when complete).
func (s *session) answerQueries() {
	for i := max(s.scanned-len(queryBackground), 0); i < len(s.raw); i++ {
		if s.raw[i] != 0x1b {
			continue
		}
		for _, q := range [][2]string{{queryForeground, replyForeground}, {queryBackground, replyBackground}, {queryCursor, replyCursor}} {
			if s.cursorOnly && q[0] != queryCursor {
				continue
			}
			end := i + len(q[0])
			if end > s.scanned && end <= len(s.raw) && string(s.raw[i:end]) == q[0] {
				reply := []byte(q[1])
				if s.delay <= 0 {
					_, _ = s.tty.Write(reply)
				} else {
					time.AfterFunc(s.delay, func() { _, _ = s.tty.Write(reply) })
				}
			}
		}
	}
	s.scanned = len(s.raw)
}

// queries counts the terminal queries the app wrote: foreground and
// background colour, cursor position.
func (s *session) queries() (fg, bg, dsr int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Count(s.raw, []byte(queryForeground)), bytes.Count(s.raw, []byte(queryBackground)), bytes.Count(s.raw, []byte(queryCursor))
}

// arm registers a condition checked on output that arrives from now on.
func (s *session) arm(cond func(*screen, []byte) bool) *waiter {
	w := &waiter{cond: cond, ch: make(chan time.Time, 1)}
	s.mu.Lock()
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()
	return w
}

// wait waits for an armed condition; it returns when the output that
// satisfied it was read.
func (s *session) wait(w *waiter, timeout time.Duration, what string) (time.Time, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case at := <-w.ch:
		return at, nil
	case <-t.C:
	case <-s.readDone:
		select { // the last chunk may have satisfied it
		case at := <-w.ch:
			return at, nil
		default:
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.waiters {
		if x == w {
			s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
			break
		}
	}
	why := "timed out after " + timeout.String()
	select {
	case <-s.exited:
		why = "the app exited (" + fmt.Sprint(s.exitErr) + ")"
	default:
	}
	return time.Time{}, fmt.Errorf("waiting for %s: %s; the screen shows:\n%s", what, why, indent(s.scr.text()))
}

// waitFor waits until cond holds, checking the current screen first.
func (s *session) waitFor(cond func(*screen, []byte) bool, timeout time.Duration, what string) (time.Time, error) {
	s.mu.Lock()
	if cond(s.scr, s.raw) {
		at := s.lastAt
		s.mu.Unlock()
		return at, nil
	}
	s.mu.Unlock()
	return s.wait(s.arm(cond), timeout, what)
}

// send writes keys and returns the time just before the write.
func (s *session) send(keys string) (time.Time, error) {
	at := time.Now()
	_, err := s.tty.Write([]byte(keys))
	return at, err
}

// press writes keys, then waits until cond holds on the output that follows;
// it returns the time between the two.
func (s *session) press(keys string, cond func(*screen, []byte) bool, timeout time.Duration, what string) (time.Duration, error) {
	w := s.arm(cond)
	at, err := s.send(keys)
	if err != nil {
		return 0, err
	}
	done, err := s.wait(w, timeout, what)
	if err != nil {
		return 0, err
	}
	return done.Sub(at), nil
}

// written returns how many bytes the app has written so far.
func (s *session) written() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.raw)
}

// rawSince returns a copy of the output from offset on.
func (s *session) rawSince(off int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.raw[min(off, len(s.raw)):]...)
}

// screenText returns what the screen shows now.
func (s *session) screenText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scr.text()
}

// peakRSS reads VmHWM (the resident set's high-water mark) of the app.
func (s *session) peakRSS() (int64, error) {
	return procStatusKB(s.cmd.Process.Pid, "VmHWM")
}

func procStatusKB(pid int, field string) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				break
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New(field + " not found in /proc/" + strconv.Itoa(pid) + "/status")
}

// quit ends the app: ctrl+c (then y, should it ask about an unsaved
// edit), and a kill if it has not exited within two seconds.
func (s *session) quit() {
	_, _ = s.send("\x03")
	select {
	case <-s.exited:
	case <-time.After(300 * time.Millisecond):
		_, _ = s.send("y")
		select {
		case <-s.exited:
		case <-time.After(2 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	}
	_ = s.tty.Close()
	<-s.readDone
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(s, "\n", "\n    | ")
}
