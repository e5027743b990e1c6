package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/qwoty/qwoty-contacts/ui"
)

// programFor is wish's program handler: it builds the session's program,
// which wish's middleware runs (input and output are the session, resizes
// forwarded). watch quits it when the session is idle or stopped.
func (s *Server) programFor(sess ssh.Session) *tea.Program {
	st, ok := sess.Context().Value(ctxSession).(*session)
	if !ok {
		return nil // not through the gate: nothing runs
	}
	p := s.program(st)
	go st.watch(p, s.cfg.IdleTimeout)
	return p
}

// program builds the session's program (ui.NewProgram: the app in its
// crash guard, on the session's terminal), with its own API wrapper,
// writer and identity.
func (s *Server) program(st *session) *tea.Program {
	pty, _, _ := st.Session.Pty()
	env := append(st.Environ(), "TERM="+pty.Term)
	o := s.cfg.UI
	base := o.API
	if st.readOnly {
		base = readOnlyAPI{s.cfg.ReadOnlyAPI}
		o.ReadOnly = true
	}
	// Canceled by finish once the program has ended: reads and the app's
	// listeners stop; writes under way go on (sessionAPI) and finish waits
	// for them.
	uiCtx, cancelUI := context.WithCancel(context.Background())
	st.cancelUI = cancelUI
	a := sessionAPI{API: base, session: uiCtx}
	w := *s.cfg.Writer
	w.API = a
	w.Identity.SSHUserClaimed = st.user
	w.Identity.SSHKeyName = st.comment
	w.Identity.SSHKey = st.fingerprint
	if w.StateDir != "" {
		w.StateDir = keyDir(w.StateDir, st.fingerprint)
	}
	st.writer = &w
	o.API, o.Writer, o.Source, o.Context = a, &w, "ssh", uiCtx
	o.SignedInAs = fmt.Sprintf("%s (%s)", st.user, shortFingerprint(st.fingerprint))
	if o.StateDir != "" {
		o.StateDir = keyDir(o.StateDir, st.fingerprint)
	}
	o.OpenID = ""
	if cmd := st.Command(); len(cmd) == 1 { // ssh -t host CONTACT_ID: read with the app's id rule
		o.OpenID = cmd[0]
	}
	prog := ui.NewProgram(ui.ProgramConfig{Options: o, In: st, Out: st, Env: env, Session: true,
		CrashDir: s.cfg.UI.StateDir, Version: s.cfg.Version, Track: st.pending.track})
	st.app, st.guard = prog.App, prog.Guard
	return prog.Program
}

// watch quits the program when the session is idle, stopped, or ended.
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
			p.Quit()
			return
		case <-st.end.Done():
			p.Quit()
			return
		}
	}
}

// finish runs after the program ended: the unsaved edit becomes a draft,
// a save under way is given time to finish, and the person is told why the
// session ended. It returns the exit status.
func (s *Server) finish(st *session) int {
	st.cancel()
	if st.guard == nil {
		return 1
	}
	if crash := st.guard.CrashReport(); crash != "" {
		s.log.Error("session crashed", "user", st.user, "key", st.fingerprint, "report", crash)
		st.cancelUI()
		st.pending.wait(drainTimeout)
		write(st, msgCrash)
		return 1
	}
	draft := s.keepDraft(st)
	st.cancelUI()
	if !st.pending.wait(drainTimeout) {
		s.log.Warn("a request was still under way when the session ended", "user", st.user, "key", st.fingerprint)
	}
	var msg string
	switch st.why() {
	case endIdle:
		msg = fmt.Sprintf(msgIdle, s.cfg.IdleTimeout)
		s.log.Info("session idle: closed", "user", st.user, "key", st.fingerprint)
	case endShutdown:
		msg = msgShutdown
	}
	if draft {
		msg = strings.TrimSpace(msg + msgDraft)
	}
	if msg != "" {
		write(st, msg)
	}
	return 0
}

// keepDraft saves the edit on screen, if any, as a draft.
func (s *Server) keepDraft(st *session) bool {
	kept, err := st.guard.KeepDraft()
	if err != nil {
		s.log.Error("cannot keep a draft", "user", st.user, "key", st.fingerprint, "error", err)
	}
	return kept
}

// keyDir is the folder of one key's drafts and recent contacts.
func keyDir(dir, fingerprint string) string {
	name := strings.NewReplacer("SHA256:", "", "/", "_", "+", "-", "=", "").Replace(fingerprint)
	return filepath.Join(dir, "ssh", name)
}

// shortFingerprint keeps "SHA256:" and 8 characters, for the status bar.
func shortFingerprint(fp string) string {
	if len(fp) <= len("SHA256:")+8 {
		return fp
	}
	return fp[:len("SHA256:")+8] + "…"
}
