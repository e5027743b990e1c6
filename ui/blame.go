package ui

import (
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// Blame: beside a field that has history, the contact view notes who last
// changed it and when ("Alice Martin · 2 days ago"), from the audit log.

// loadBlame reads a contact's history from the audit log and works out
// its fields' notes, as a fieldNotesMsg. Only writes made against this API
// host count: the same id elsewhere is another record.
func loadBlame(w *edit.Writer, contactID string, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		ops, err := w.Audit.History(api.KindContact, contactID)
		if err != nil {
			return nil // the view simply has no notes; the log's own checks speak
		}
		ops = slices.DeleteFunc(ops, func(o state.Op) bool { return o.Entry.APIHost != w.Identity.APIHost })
		return fieldNotesMsg{contactID: contactID, notes: blameNotes(ops, now())}
	}
}

// blameNotes returns, for each field, who made the newest change to it that
// reached the server, and how long ago (ops newest first).
func blameNotes(ops []state.Op, now time.Time) map[string]string {
	notes := map[string]string{}
	for _, o := range ops {
		if !o.Landed() {
			continue
		}
		for _, c := range o.Entry.Changes {
			if _, seen := notes[c.Field]; !seen {
				notes[c.Field] = changedBy(o.Entry) + " · " + ago(now, o.Entry.Time)
			}
		}
	}
	return notes
}

// changedBy names who made a recorded change, short enough for a note: a
// key's fingerprint is cut to its first characters.
func changedBy(e state.Entry) string {
	switch p := e.Person(); {
	case p == "":
		return "someone"
	case p == e.SSHKey:
		return shortKey(p)
	default:
		return p
	}
}

func shortKey(fp string) string {
	if len(fp) > len("SHA256:")+8 {
		return fp[:len("SHA256:")+8] + "…"
	}
	return fp
}
