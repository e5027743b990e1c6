package serve

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/ui"
)

// Messages sent to the client's terminal.
const (
	msgNoPTY    = "qwoty-contacts needs a terminal: connect with ssh -t …"
	msgFull     = "the server is full (%d sessions); try again in a minute"
	msgClosing  = "the server is shutting down; try again in a minute"
	msgRevoked  = "this key is no longer allowed in"
	msgPerKey   = "this key already has %d sessions open, the most one key may have: close one of them (or wait for it to time out) and try again"
	msgIdle     = "qwoty-contacts: closed after %s without input."
	msgShutdown = "qwoty-contacts: the server is shutting down."
	msgCrash    = "qwoty-contacts stopped on an internal error. A crash report (no token, no contact data) was written on the server."
	msgDraft    = " Your unsaved edit was kept as a draft: it is offered when you open the record again."

	// What became of a save the person could not see finish.
	msgSaveLanded   = " Your save of %s finished as the session ended: it is saved."
	msgSaveFailed   = " Your save of %s did not go through (%s)."
	msgSaveKept     = " Your edit was kept as a draft: it is offered when you open the record again."
	msgSaveUnknown  = " Your save of %s ended without a clear answer (%s): the next start of the server checks it (qwoty-contacts log shows the outcome)."
	msgSaveUnderWay = " Your save of %s was still under way when the server stopped: it is recorded, and checked when the server starts again (qwoty-contacts log shows the outcome)."
)

// endReason says why a session ended.
type endReason int

const (
	endQuit     endReason = iota // the person quit, or the client left
	endIdle                      // no input for the idle timeout
	endShutdown                  // the server is stopping
	endRevoked                   // the key was taken out of the authorized-keys file
	endReadOnly                  // the key was made read-only
)

// session is the server's state for one SSH session. It is the
// ssh.Session the program reads and writes, so that input is noticed.
type session struct {
	ssh.Session
	id string // unique in this server's run: the session's key for api.WithSession
	// name is the person: the key's authorized_keys comment, or its short
	// fingerprint when it has none. user is the name the client sent,
	// unverified (ssh_user_claimed in the audit).
	name, user, fingerprint, comment string
	key                              gossh.PublicKey
	readOnly                         bool
	remote                           string
	started                          time.Time
	pty                              ssh.Pty // as requested; later sizes come through windowsOf

	end      context.Context // done when the program has ended, or the client left
	cancel   context.CancelFunc
	cancelUI context.CancelFunc // ends the app's requests, writes included

	input    chan struct{} // poked on every read from the client
	strikes  int           // looks in a row that found the key revoked (checkKeys only)
	stopOnce sync.Once
	stopCh   chan struct{}
	reasonMu sync.Mutex
	reason   endReason

	writer  *edit.Writer
	saves   *saveWatch // the session's saves in flight, for an honest goodbye
	screen  *painter
	app     *ui.App
	guard   *ui.Guard
	pending tracker // the app's commands under way
}

// Read reads the client's keystrokes and notes the activity.
func (st *session) Read(b []byte) (int, error) {
	n, err := st.Session.Read(b)
	if n > 0 {
		select {
		case st.input <- struct{}{}:
		default:
		}
	}
	return n, err
}

// stop ends the session from outside.
func (st *session) stop(r endReason) {
	st.stopOnce.Do(func() {
		st.reasonMu.Lock()
		st.reason = r
		st.reasonMu.Unlock()
		close(st.stopCh)
	})
}

func (st *session) why() endReason {
	st.reasonMu.Lock()
	defer st.reasonMu.Unlock()
	return st.reason
}

// gate is the server's only middleware: it refuses sessions without a
// terminal or beyond the limits, runs the session's program (runApp), and
// after the program ends keeps any unsaved edit as a draft and waits for a
// save under way. The handler it wraps, wish's empty one, is not called.
func (s *Server) gate(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session handler panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				_ = sess.Exit(1)
			}
		}()
		st, refusal := s.open(sess)
		if refusal != "" {
			write(sess, refusal)
			_ = sess.Exit(1)
			return
		}
		defer s.close(st)
		s.log.Info("session start", "name", st.name, "key", st.fingerprint, "claimed_user", st.user, "from", st.remote, "read_only", st.readOnly)
		s.runApp(st)
		st.cancel()
		code := s.finish(st)
		s.log.Info("session end", "name", st.name, "key", st.fingerprint, "claimed_user", st.user, "from", st.remote, "duration", time.Since(st.started).Round(time.Second).String())
		_ = sess.Exit(code)
		if s.stopping() { // the goodbye is written: a stopping server hangs up
			hangUp(sess)
		}
	}
}

// stopping reports whether Shutdown has begun.
func (s *Server) stopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// open identifies the session and counts it, or says why it is refused.
func (s *Server) open(sess ssh.Session) (*session, string) {
	key, _ := sess.Context().Value(ctxVerifiedKey).(gossh.PublicKey)
	remote := sess.RemoteAddr().String()
	if key == nil {
		s.log.Warn("session refused: no verified key", "claimed_user", sess.User(), "from", remote)
		return nil, msgRevoked
	}
	fp := gossh.FingerprintSHA256(key)
	a := s.keys.check(key) // again: the file may have changed since the handshake
	if !a.allowed {
		s.log.Warn("session refused", "key", fp, "claimed_user", sess.User(), "from", remote, "reason", a.why)
		return nil, msgRevoked
	}
	pty, _, ok := sess.Pty()
	if !ok {
		s.log.Info("session refused: no terminal", "name", personName(a.comment, fp), "key", fp, "claimed_user", sess.User(), "from", remote)
		return nil, msgNoPTY
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, msgClosing
	case len(s.sessions) >= s.cfg.MaxSessions:
		s.log.Warn("session refused: server full", "name", personName(a.comment, fp), "key", fp, "claimed_user", sess.User(), "from", remote, "max_sessions", s.cfg.MaxSessions)
		return nil, fmt.Sprintf(msgFull, s.cfg.MaxSessions)
	case s.sessionsOf(fp) >= s.cfg.MaxSessionsPerKey:
		s.log.Warn("session refused: too many sessions for this key", "name", personName(a.comment, fp), "key", fp, "claimed_user", sess.User(), "from", remote, "max_sessions_per_key", s.cfg.MaxSessionsPerKey)
		return nil, fmt.Sprintf(msgPerKey, s.cfg.MaxSessionsPerKey)
	}
	end, cancel := context.WithCancel(sess.Context())
	s.opened++
	st := &session{
		Session: sess, id: fmt.Sprint("ssh-", s.opened), name: personName(a.comment, fp), user: sess.User(), fingerprint: fp, comment: a.comment, key: key, readOnly: a.readOnly,
		remote: remote, pty: pty, started: time.Now(), end: end, cancel: cancel, cancelUI: func() {},
		input: make(chan struct{}, 1), stopCh: make(chan struct{}),
	}
	s.sessions[st] = struct{}{}
	return st, ""
}

// sessionsOf counts the open sessions of a key. s.mu is held.
func (s *Server) sessionsOf(fingerprint string) int {
	n := 0
	for st := range s.sessions {
		if st.fingerprint == fingerprint {
			n++
		}
	}
	return n
}

func (s *Server) close(st *session) {
	st.cancel()
	st.cancelUI()
	s.mu.Lock()
	delete(s.sessions, st)
	s.checkDrained()
	s.mu.Unlock()
}
