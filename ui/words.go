package ui

import (
	"fmt"
	"strings"

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

// The fixed sentences. A key and what it does are held together by
// no-break spaces, so wrapping never parts them.
const (
	quitQuestion          = "Quit? Your unsaved edit is kept as a draft and offered next time. y:\u00a0quit · n:\u00a0stay"
	discardQuestion       = "Discard your changes? y:\u00a0discard · n:\u00a0keep\u00a0editing"
	changesDiscardedWords = "Changes discarded."
	draftDiscardedWords   = "Draft discarded."
	nothingToSaveWords    = "Nothing to save: no field was changed."
	keptTheirsWords       = "Kept their values: nothing was sent."
	conflictLeftWords     = "Not sent: your edit is kept as a draft (R on the contact restores it)."
	reviewFailedWords     = "Your edits are kept: y sends again."
	enterDoesNotSendWords = "Enter does not send: press y to send, tab to type a reason, esc to go back."
)

// formWrappedWords is said when tab (or shift+tab) goes round the form.
func formWrappedWords(forward bool) string {
	if forward {
		return "Back at the first field: ctrl+s reviews the change, esc leaves the form."
	}
	return "At the last field: ctrl+s reviews the change, esc leaves the form."
}

// addressNotLoadedWords says why an address cannot be edited yet, and
// what helps: waiting, a, or nothing but a reload.
// contactNotLoadedWords says why a key that needs the contact waits.
// While it loads the list's copy may be on screen (listed).
func contactNotLoadedWords(loading, listed bool, err error) string {
	switch {
	case loading && listed:
		return "The contact is still loading (what shows is the list's copy): press the key again once it has loaded, or esc to stop."
	case loading:
		return "The contact is still loading: press the key again once it has loaded, or esc to stop."
	case err != nil:
		return "The contact did not load: r tries again."
	}
	return "The contact is not loaded: r loads it."
}

func addressNotLoadedWords(loading bool, err error) string {
	switch {
	case loading:
		return "This address is still loading: wait for it (esc stops loading)."
	case api.IsNotFound(err):
		return "The server has no such address (404), although the contact lists it: there is nothing to edit. r reloads the contact."
	case err != nil:
		return "This address could not be loaded: press a to retry."
	}
	return "This address is not loaded: r reloads the contact."
}

// retryWords says the client is about to try a request again, as a
// sentence (the client's notice ends in "…", which reads as cut).
func retryWords(r api.Retry) string {
	return strings.TrimSuffix(r.String(), "…") + "."
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

// copiedStatus says what a copy did, and no more, with the copied text
// under it to be selected by hand.
func copiedStatus(msg copiedMsg) status {
	if msg.err != nil {
		return status{kind: statusError, text: "Could not copy " + msg.what + ": " + errorText(msg.err) + ". Select it by hand:", shown: msg.text}
	}
	kind, text := statusInfo, "" // an OSC 52 write is sent, not known to have landed
	switch msg.how {
	case copiedToTmux:
		kind, text = statusOK, "Copied "+msg.what+" to tmux's buffer (prefix ] pastes it); tmux passes it on to your terminal's clipboard unless its set-clipboard option is off."
	case copiedToTmuxOnly:
		kind, text = statusOK, "Copied "+msg.what+" to tmux's buffer (prefix ] pastes it); this tmux is older than 3.2, so your system clipboard gets it only if tmux's set-clipboard option passes it on."
	case sentOSC52FromTmux:
		text = "Sent " + msg.what + " to your terminal's clipboard (OSC 52); from inside tmux it gets there only with set -g set-clipboard on, and your terminal decides whether to accept it."
	case sentOSC52Screen:
		text = "Sent " + msg.what + " to your terminal's clipboard (OSC 52, through screen); your terminal decides whether to accept it."
	default:
		text = "Sent " + msg.what + " to your terminal's clipboard (OSC 52); your terminal decides whether to accept it."
	}
	return status{kind: kind, text: text, shown: msg.text}
}

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
