package edit

import (
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/state"
)

// settleDraft keeps the edit as a draft when it is not on the server (and
// the writer keeps drafts), and drops the draft once it is.
func (w *Writer) settleDraft(r *Result) {
	if w.draftDir() == "" {
		return
	}
	switch {
	case r.Landed(), r.Outcome == Unchanged:
		_ = w.DiscardDraft(r.Edit.Kind, r.Edit.ID)
	case r.Outcome == DryRan:
	case w.KeepDrafts && len(r.Edit.After) > 0:
		r.DraftErr = w.SaveDraft(r.Edit)
		r.DraftKept = r.DraftErr == nil
	}
}

// SaveDraft keeps an unsaved edit under the draft folder, so it can be
// offered again when the record is next opened.
func (w *Writer) SaveDraft(e Edit) error {
	if w.draftDir() == "" || len(e.After) == 0 {
		return nil
	}
	return state.SaveDraft(w.draftDir(), state.Draft{
		Profile: w.Identity.Profile, Kind: e.Kind, ID: e.ID, ContactID: e.ContactID,
		Base: e.Base, Edited: e.After, Reason: e.Reason, SavedAt: w.now().UTC(),
	})
}

// LoadDraft returns the saved draft of a record as an edit, or nil.
func (w *Writer) LoadDraft(kind api.Kind, id string) (*Edit, time.Time, error) {
	if w.draftDir() == "" {
		return nil, time.Time{}, nil
	}
	d, err := state.LoadDraft(w.draftDir(), w.Identity.Profile, kind, id)
	if err != nil || d == nil {
		return nil, time.Time{}, err
	}
	e := &Edit{
		Target: Target{Kind: d.Kind, ID: d.ID, ContactID: d.ContactID},
		Base:   d.Base, After: d.Edited, Reason: d.Reason,
	}
	return e, d.SavedAt, nil
}

// ListDrafts returns the profile's drafts, newest first.
func (w *Writer) ListDrafts() ([]state.Draft, error) {
	if w.draftDir() == "" {
		return nil, nil
	}
	return state.ListDrafts(w.draftDir(), w.Identity.Profile)
}

// DiscardDraft removes a record's draft.
func (w *Writer) DiscardDraft(kind api.Kind, id string) error {
	if w.draftDir() == "" {
		return nil
	}
	return state.DeleteDraft(w.draftDir(), w.Identity.Profile, kind, id)
}
