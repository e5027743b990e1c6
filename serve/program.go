package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
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
	st.saves = newSaveWatch()
	w.Sending = st.saves.sending
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
	// Reads stop; a save's PATCH goes on (sessionAPI detaches writes), and
	// is given the grace to finish: then the person is told what really
	// became of it, and the edit is kept as a draft only when it is not
	// on the server.
	st.saves.programEnded()
	st.cancelUI()
	open, finished := st.saves.wait(s.cfg.ShutdownGrace)
	for op, e := range open {
		if err := st.writer.RecordUnfinished(op, e); err != nil {
			s.log.Error("cannot record a save still under way", "name", st.name, "key", st.fingerprint, "op", op, "error", err)
		}
		s.log.Warn("a save was still under way when the session ended: recorded as unknown, checked at the next start", "name", st.name, "key", st.fingerprint, "op", op, "record", string(e.Kind)+" "+e.ID)
	}
	if !st.pending.wait(time.Second) {
		s.log.Warn("a request was still under way when the session ended", "name", st.name, "key", st.fingerprint)
	}
	draft := s.keepDraft(st, finished)
	var msg string
	switch st.why() {
	case endIdle:
		msg = fmt.Sprintf(msgIdle, s.cfg.IdleTimeout)
		s.log.Info("session idle: closed", "name", st.name, "key", st.fingerprint)
	case endShutdown:
		msg = msgShutdown
	case endRevoked:
		msg = msgKeyRevoked
	case endReadOnly:
		msg = msgKeyReadOnly
	}
	msg += savesWords(open, finished, draft)
	if msg = strings.TrimSpace(msg); msg != "" {
		write(st, msg)
	}
	return 0
}

// keepDraft saves the edit on screen, if any, as a draft, unless a save
// that finished unseen put it on the server.
func (s *Server) keepDraft(st *session, finished []edit.Result) bool {
	if e, ok := pendingEdit(st); ok && savedOver(e, finished) {
		return false
	}
	kept, err := st.guard.KeepDraft()
	if err != nil {
		s.log.Error("cannot keep a draft", "name", st.name, "key", st.fingerprint, "error", err)
	}
	return kept
}

// pendingEdit asks the ended app for the edit on screen; the app may be
// too broken to answer.
func pendingEdit(st *session) (e edit.Edit, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return st.app.PendingEdit()
}

// savesWords says what became of the saves the person could not see end,
// and whether their edit was kept as a draft.
func savesWords(open map[string]edit.Edit, finished []edit.Result, draft bool) string {
	var b strings.Builder
	for _, e := range open {
		fmt.Fprintf(&b, msgSaveUnderWay, strings.Join(e.Touched(), ", "))
	}
	told := len(open) > 0
	for _, r := range finished {
		fields := strings.Join(fieldNames(r), ", ")
		switch {
		case r.Landed():
			fmt.Fprintf(&b, msgSaveLanded, fields)
		case r.Outcome == edit.Unknown:
			fmt.Fprintf(&b, msgSaveUnknown, fields, errText(r.Err))
		case r.Outcome != edit.Unchanged && r.Outcome != edit.DryRan:
			fmt.Fprintf(&b, msgSaveFailed, fields, errText(r.Err))
		}
		told = true
	}
	if draft {
		if told {
			b.WriteString(msgSaveKept)
		} else {
			b.WriteString(msgDraft)
		}
	}
	return b.String()
}

func fieldNames(r edit.Result) []string {
	if len(r.Sent) == 0 {
		return r.Edit.Touched()
	}
	return edit.FieldsOf(r.Sent)
}

func errText(err error) string {
	if err == nil {
		return "no reason given"
	}
	return err.Error()
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
