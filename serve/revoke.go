package serve

import "time"

// Revoking a key (taking its line out of the authorized-keys file, or
// making it read-only) ends that key's open sessions too, not just its new
// logins: the files are looked at every keyCheckEvery, and a session whose
// key has lost its access on two looks in a row (so that a file caught
// half-written by an editor ends nothing) is stopped like an idle one: its
// unsaved edit is kept as a draft and the person is told why.

// keyCheckEvery is how often open sessions' keys are checked: a revoked
// key's sessions end within about two of these.
const keyCheckEvery = time.Second

// Messages for sessions whose key lost its access.
const (
	msgKeyRevoked  = "qwoty-contacts: this session was closed because its key was removed from the server's authorized keys. Ask the server's operator if that is a mistake."
	msgKeyReadOnly = "qwoty-contacts: this session was closed because its key was made read-only. Connect again to go on, read-only."
)

// watchKeys checks the open sessions' keys until stop is closed.
func (s *Server) watchKeys(stop <-chan struct{}) { every(stop, keyCheckEvery, s.checkKeys) }

// checkKeys stops the sessions whose key lost its access on this look and
// the one before.
func (s *Server) checkKeys() {
	s.mu.Lock()
	open := make([]*session, 0, len(s.sessions))
	for st := range s.sessions {
		open = append(open, st)
	}
	s.mu.Unlock()
	for _, st := range open {
		a := s.keys.check(st.key)
		why := endQuit
		switch {
		case !a.allowed:
			why = endRevoked
		case a.readOnly && !st.readOnly:
			why = endReadOnly
		}
		if why == endQuit {
			st.strikes = 0
			continue
		}
		if st.strikes++; st.strikes < 2 {
			continue
		}
		reason := a.why
		if why == endReadOnly {
			reason = "key made read-only"
		}
		s.log.Warn("session closed: its key lost its access", "name", st.name, "key", st.fingerprint, "claimed_user", st.user, "from", st.remote, "reason", reason)
		st.stop(why)
	}
}
