package ui

import (
	tea "github.com/charmbracelet/bubbletea"

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
	// addressesLoadedMsg: some of the addresses asked for together
	// arrived (or failed): those that came while the app was busy come in
	// one message, so a contact with hundreds of addresses is not redrawn
	// for each. more waits for the next ones (nil when none is left).
	addressesLoadedMsg struct {
		seq     int
		results []api.AddressResult
		more    tea.Cmd
	}
	// customerLoadedMsg: the contact's customer arrived, or failed.
	customerLoadedMsg struct {
		seq      int
		id       string
		customer *api.Customer
		err      error
	}
	// fieldNotesMsg: notes to draw beside a contact's fields (who changed
	// each and when, say), by field name; an empty map clears them.
	fieldNotesMsg struct {
		contactID string
		notes     map[string]string
	}
	// contactsListedMsg: the workspace's contacts arrived, for search.
	contactsListedMsg struct {
		index *searchIndex
		err   error
	}
	// recentLoadedMsg: the recently opened contacts were read.
	recentLoadedMsg struct{ recent []state.RecentContact }
	// draftsListedMsg: the profile's drafts were listed (for the lookup's
	// marks): the ids of the contacts with a draft waiting, for the
	// contact or one of its addresses.
	draftsListedMsg struct{ contacts map[string]bool }
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
	// saveFinishedMsg: a save ended (saved, unchanged, conflict, failed).
	saveFinishedMsg struct{ result edit.Result }
	// draftWrittenMsg: an autosave or a quit-time save ended.
	draftWrittenMsg struct{ err error }
	// draftDiscardedMsg: a record's draft was deleted (or could not be).
	draftDiscardedMsg struct {
		kind api.Kind
		id   string
		err  error
	}
	// autosaveDueMsg: the form was quiet long enough to write a draft.
	autosaveDueMsg struct{ seq int }
	// reviewArmedMsg: the review has been on screen, with no key pressed,
	// long enough for y to send.
	reviewArmedMsg struct{ seq int }
	// reasonKeptMsg: the review went back to its form; the reason typed
	// there goes back with the edit.
	reasonKeptMsg struct {
		target edit.Target
		reason string
	}
	// copiedMsg: text was copied (how says where to), or could not be.
	copiedMsg struct {
		what, text string
		how        copyHow
		err        error
	}
)

// statusKind colours the status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusError
)

// status is the message in the status area, wrapped to the width.
type status struct {
	kind statusKind
	text string
	// shown is text shown as it is under the message, to be selected by
	// hand (what a copy copied).
	shown string
}
