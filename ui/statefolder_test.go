package ui

import (
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/internal/faultfs"
	"github.com/qwoty/qwoty-contacts/state"
)

// TestUnwritableStateFolderSendsNothing: when the audit entry cannot be
// written first, the app sends nothing, says which folder and what to do,
// and keeps the edit on screen.
func TestUnwritableStateFolderSendsNothing(t *testing.T) {
	for name, dir := range map[string]func(t *testing.T) string{
		"read-only": func(t *testing.T) string { return faultfs.ReadOnlyDir(t, nil) },
		"full":      func(t *testing.T) string { return faultfs.FullDir(t) },
	} {
		t.Run(name, func(t *testing.T) {
			d := dir(t)
			h := newHarness(t, withSize(400, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
				o.Writer.Audit, o.Writer.StateDir, o.Writer.DraftDir = state.OpenAudit(d), d, d
			})
			changePhone(t, h, "+33 1 11 11 11 11")
			h.send()
			h.expect("Not sent: ")
			h.expect("the state folder " + d)
			h.expect("QWOTY_STATE_DIR")
			h.expect(". Your edit stays on screen; it could not be kept as a draft either.")
			h.expect("Press y to send") // still on the review, the edit intact, ready to send again
			if got := h.patches(); len(got) != 0 {
				t.Errorf("sent without an audit entry: %q", got)
			}
		})
	}
}
