package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/ui"
)

// program builds the session's program (ui.NewProgram: the app in its
// crash guard, on the session's terminal, drawn by the session's painter),
// with its own API wrapper, writer and identity.
func (s *Server) program(st *session) *tea.Program {
	env := append(st.Environ(), "TERM="+st.pty.Term)
	o := s.cfg.UI
	base := o.API
	if st.readOnly {
		base = readOnlyAPI{s.cfg.ReadOnlyAPI}
		o.ReadOnly = true
	}
	// Canceled by finish once the program has ended: reads and the app's
	// listeners stop; writes under way go on (sessionAPI) and finish waits
	// for them.
	uiCtx, cancelUI := context.WithCancel(api.WithSession(context.Background(), st.id)) // its own share of the API: api/sched.go
	st.cancelUI = cancelUI
	a := sessionAPI{API: base, session: uiCtx}
	w := *s.cfg.Writer
	w.API = a
	w.Identity.SSHUserClaimed = st.user
	w.Identity.SSHKeyName = st.comment
	w.Identity.SSHKey = st.fingerprint
	if w.StateDir != "" { // drafts per key; locks and writes in flight shared
		w.DraftDir = keyDir(w.StateDir, st.fingerprint)
	}
	st.writer = &w
	o.API, o.Writer, o.Source, o.Context = a, &w, "ssh", uiCtx
	if o.Contacts == nil {
		o.Contacts = s.index // one for all sessions: index.go
	}
	o.SignedInAs = st.name
	if o.StateDir != "" {
		o.StateDir = keyDir(o.StateDir, st.fingerprint)
	}
	o.OpenID = ""
	if cmd := st.Command(); len(cmd) == 1 { // ssh -t host CONTACT_ID: read with the app's id rule
		o.OpenID = cmd[0]
	}
	st.screen = newPainter(st, ui.FPS) // draws only when a frame changed: see paint.go
	prog := ui.NewProgram(ui.ProgramConfig{Options: o, In: st, Out: st, Env: env, Session: true,
		CrashDir: s.cfg.UI.StateDir, Version: s.cfg.Version, Track: st.pending.track,
		Wrap: st.screen.wrap, NoRenderer: true})
	st.app, st.guard = prog.App, prog.Guard
	return prog.Program
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
	case endRevoked:
		msg = msgKeyRevoked
	case endReadOnly:
		msg = msgKeyReadOnly
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
