package ui

import (
	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// Messages say what happened.
type (
	// contactLoadedMsg: the contact arrived.
	contactLoadedMsg struct {
		seq     int
		contact *api.Contact
	}
	// contactFailedMsg: the contact could not be fetched.
	contactFailedMsg struct {
		seq int
		id  string
		err error
	}
	// addressLoadedMsg: one address arrived, or failed.
	addressLoadedMsg struct {
		seq     int
		id      string
		address *api.Address
		err     error
	}
	// customerLoadedMsg: the contact's customer arrived, or failed.
	customerLoadedMsg struct {
		seq      int
		customer *api.Customer
		err      error
	}
	// contactsListedMsg: the workspace's contacts arrived, for search.
	contactsListedMsg struct {
		index *searchIndex
		err   error
	}
	// recentLoadedMsg: the recently opened contacts were read.
	recentLoadedMsg struct{ recent []state.RecentContact }
	// draftsFoundMsg: drafts of the contact or its addresses were found.
	draftsFoundMsg struct {
		seq    int
		drafts []state.Draft
	}
	// undoFoundMsg: the audit log was searched for the last change.
	undoFoundMsg struct {
		target   edit.Target
		proposal *edit.UndoProposal
		err      error
	}
	// chainCheckedMsg: the audit log's hash chain was checked at start.
	chainCheckedMsg struct {
		broken *state.ChainBreak
	}
	// pendingResolvedMsg: writes an earlier session left in flight were
	// checked.
	pendingResolvedMsg struct {
		resolved []edit.Resolved
		err      error
	}
	// saveFinishedMsg: a save ended (saved, unchanged, conflict, failed).
	saveFinishedMsg struct{ result edit.Result }
	// draftWrittenMsg: an autosave or a quit-time save ended.
	draftWrittenMsg struct{ err error }
	// autosaveDueMsg: the form was quiet long enough to write a draft.
	autosaveDueMsg struct{ seq int }
	// copiedMsg: something was written to the clipboard.
	copiedMsg struct{ what string }
)

// Navigation: messages a screen sends to ask the root to move.
type (
	openContactMsg struct{ id string }
	showLookupMsg  struct{ status string }
	// startEditMsg opens the form on an edit (fresh, restored or re-opened).
	startEditMsg struct {
		edit   edit.Edit
		values api.Values // what the form shows: the record with the edit on top
		title  string
	}
	// reviewEditMsg opens the review of an edit.
	reviewEditMsg struct {
		edit  edit.Edit
		title string
	}
	// editAbandonedMsg: the person left the form or review without saving.
	editAbandonedMsg struct{ status string }
	// showConflictMsg opens the conflict screen.
	showConflictMsg struct{ result edit.Result }
	// recordRefreshedMsg: a save or conflict check brought a newer copy.
	recordRefreshedMsg struct{ result edit.Result }
)

// statusKind colours the status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusError
)

// status is the one-line message at the bottom.
type status struct {
	kind statusKind
	text string
}
