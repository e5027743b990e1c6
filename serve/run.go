package serve

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// paintStopLimit bounds how long an ended program waits for its terminal to
// take the last output; past it, the client is not reading and the
// connection is closed.
const paintStopLimit = 2 * time.Second

// runApp runs the session's program until it ends: the person quits, the
// client leaves, the session is stopped (idle, revoked, shutdown). It is
// what wish's Bubble Tea middleware did, without anything that can wait on
// a full channel: window sizes come through deliverSizes, and the program
// is ended with Kill, which never waits.
func (s *Server) runApp(st *session) {
	p := s.program(st)
	ran := make(chan struct{})
	go deliverSizes(p, st.pty.Window, windowsOf(st.Session), ran)
	go st.watch(p, s.cfg.IdleTimeout)
	st.screen.start()
	_, err := p.Run()
	close(ran)
	p.Kill()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		s.log.Error("the program ended on an error", "key", st.fingerprint, "name", st.name, "error", err)
	}
	if !st.screen.stop(paintStopLimit) {
		s.log.Warn("the client stopped reading its output: connection closed", "key", st.fingerprint, "name", st.name, "from", st.remote)
		hangUp(st.Session)
	}
}

// watch ends the program when the session is idle, stopped, or ended.
func (st *session) watch(p *tea.Program, idle time.Duration) {
	var timeout <-chan time.Time
	var t *time.Timer
	if idle > 0 {
		t = time.NewTimer(idle)
		defer t.Stop()
		timeout = t.C
	}
	for {
		select {
		case <-st.input:
			if t != nil {
				t.Reset(idle)
			}
		case <-timeout:
			st.stop(endIdle)
		case <-st.stopCh:
			p.Kill()
			return
		case <-st.end.Done():
			p.Kill()
			return
		}
	}
}

// hangUp closes a session's whole connection.
func hangUp(sess ssh.Session) {
	if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		_ = c.Close()
	}
}
