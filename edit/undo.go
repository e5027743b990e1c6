package edit

import (
	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// UndoProposal is the edit that reverts a recorded change, with the change
// itself: who made it, from where, when.
type UndoProposal struct {
	Edit Edit
	Of   state.Op
}

// LastChange returns the newest change to a record that reached the server
// through this API host and profile, as the edit that would undo it, or
// nil when there is none. Changes recorded against another API host (a
// sandbox, another workspace) or profile are never offered.
func (w *Writer) LastChange(kind api.Kind, id, contactID string) (*UndoProposal, error) {
	if w.Audit == nil {
		return nil, nil
	}
	op, ok, err := w.Audit.LastLanded(kind, id, w.Identity.APIHost, w.Identity.Profile)
	if err != nil || !ok {
		return nil, err
	}
	if op.Entry.ContactID != "" {
		contactID = op.Entry.ContactID
	}
	u := Undo(Target{Kind: kind, ID: op.Entry.ID, ContactID: contactID}, op.Entry.Op, op.Entry.Changes)
	return &UndoProposal{Edit: u, Of: op}, nil
}
