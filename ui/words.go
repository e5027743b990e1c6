package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// What the app says about saves, drafts and the other writes, in one
// place: the words a person reads after a save, a discarded draft, a
// question before losing an edit.

// saveWords says how a save ended, for the status line.
func saveWords(r edit.Result, canCopy bool) status {
	if f := api.ErrorField(r.Err); f != "" && r.Outcome == edit.Failed { // the server named the field: say which
		if field, ok := r.Edit.Schema().Field(f); ok {
			r.Err = fieldNamed{label: field.Label, err: r.Err}
		}
	}
	kind, text := saveStatus(r)
	if r.Landed() && canCopy {
		text += " c copies a summary for the ticket."
	}
	return status{kind: kind, text: text}
}

// fieldNamed prefixes an error with the field it is about.
type fieldNamed struct {
	label string
	err   error
}

func (e fieldNamed) Error() string { return e.label + ": " + e.err.Error() }
func (e fieldNamed) Unwrap() error { return e.err }

// The fixed sentences.
const (
	quitQuestion          = "Quit? Your unsaved edit is kept as a draft and offered next time. y: quit · n: stay"
	discardQuestion       = "Discard your changes? y: discard · n: keep editing"
	changesDiscardedWords = "Changes discarded."
	draftDiscardedWords   = "Draft discarded."
	nothingToSaveWords    = "Nothing to save: no field was changed."
	keptTheirsWords       = "Kept their values: nothing was sent."
	conflictLeftWords     = "Not sent: your edit is kept as a draft (R on the contact restores it)."
	reviewFailedWords     = "Your edits are kept: y sends again, esc goes back to the form."
	enterDoesNotSendWords = "Enter does not send: press y to send, tab to type a reason, esc to go back."
)

// formWrappedWords is said when tab (or shift+tab) goes round the form.
func formWrappedWords(forward bool) string {
	if forward {
		return "Back at the first field: ctrl+s reviews the change, esc leaves the form."
	}
	return "At the last field: ctrl+s reviews the change, esc leaves the form."
}

// undoWords says why there is nothing to undo.
func undoWords(msg undoFoundMsg) (statusKind, string) {
	if msg.err != nil {
		return statusError, "Could not read the audit log: " + errorText(msg.err)
	}
	return statusInfo, fmt.Sprintf("Nothing to undo: no change to this %s through this API host and profile is recorded in the audit log.", msg.target.Kind)
}

// undoneAlreadyWords says an undo has nothing left to do.
func undoneAlreadyWords(kind api.Kind) string {
	return "Nothing to undo: the " + string(kind) + " already holds the values from before that change."
}

// chainBrokenWords warns that the audit log was altered.
func chainBrokenWords(b *state.ChainBreak) string {
	return "The audit log was altered (" + b.Error() + "). qwoty-contacts log --verify says more; keep the file for whoever investigates."
}

// copiedWords confirms a clipboard write.
func copiedWords(what string) string { return "Copied " + what + " to the clipboard." }

// draftTroubleWords says what went wrong with a draft, or "" when nothing
// did (or msg is not about a draft).
func draftTroubleWords(msg tea.Msg) string {
	switch msg := msg.(type) {
	case draftWrittenMsg:
		if msg.err != nil {
			return "Could not save the draft: " + errorText(msg.err)
		}
	case draftDiscardedMsg:
		if msg.err != nil {
			return "Could not discard the draft: " + errorText(msg.err)
		}
	}
	return ""
}
