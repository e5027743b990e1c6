package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// statusBoard is every kind of message the status area says, each with
// the longest words it can have in practice (several fields, a server's
// error).
func statusBoard() []boardMessage {
	contact := edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: "660e8400-e29b-41d4-a716-446655440001"}}
	sent := []api.FieldChange{{Field: "email"}, {Field: "phone"}, {Field: "id_accounting"}}
	down := &api.Error{Kind: api.ErrConnect, Method: "PATCH", Resource: "contact 660e8400…", Host: "api.qwoty.app"}
	save := func(r edit.Result) status {
		r.Edit, r.Sent = contact, sent
		return saveWords(r, true)
	}
	msgs := []boardMessage{
		{"saved", save(edit.Result{Outcome: edit.Saved})},
		{"saved, confirmed by a re-read", save(edit.Result{Outcome: edit.Saved, Confirmed: true})},
		{"saved, with others' changes and a stored difference", save(edit.Result{Outcome: edit.Saved,
			Others: []api.FieldChange{{Field: "first_name"}, {Field: "role"}}, Already: []string{"id_crm"},
			Stored: []edit.StoredDiff{{Field: "phone", Sent: api.String("+33612345678"), Stored: api.String("+33 6 12 34 56 78")}}})},
		{"saved, the audit warning", save(edit.Result{Outcome: edit.Saved, AuditErr: errors.New("write /home/support/.local/state/qwoty-contacts/audit.jsonl: no space left on device")})},
		{"unknown, landed", save(edit.Result{Outcome: edit.Unknown, Resolution: edit.Landed, Err: down})},
		{"unknown, not landed", save(edit.Result{Outcome: edit.Unknown, Resolution: edit.NotLanded, Err: down, DraftKept: true})},
		{"unknown, changed elsewhere", save(edit.Result{Outcome: edit.Unknown, Resolution: edit.ChangedElsewhere, Err: down, DraftKept: true})},
		{"unknown, unresolved", save(edit.Result{Outcome: edit.Unknown, Err: down, DraftErr: errors.New("disk full")})},
		{"unchanged", save(edit.Result{Outcome: edit.Unchanged, Already: []string{"email", "phone"}})},
		{"dry run", save(edit.Result{Outcome: edit.DryRan})},
		{"conflict", save(edit.Result{Outcome: edit.Conflicted, Conflicts: []edit.Conflict{{Field: "email"}, {Field: "phone"}}, DraftKept: true})},
		{"refused", save(edit.Result{Outcome: edit.Refused, Err: errors.New("nothing was sent: this profile is read-only (profile \"prod\" sets read_only = true)")})},
		{"failed, a field named", save(edit.Result{Outcome: edit.Failed, DraftKept: true, Err: &api.Error{Kind: api.ErrAPI, Status: http.StatusUnprocessableEntity,
			Code: "validation_error", Message: "Invalid email address format", Field: "email", Method: "PATCH", Resource: "contact 660e8400…"}})},
		{"writes left in flight", statusOf(resolvedStatus([]edit.Resolved{{Resolution: edit.Landed}, {Resolution: edit.NotLanded}, {Resolution: edit.ChangedElsewhere}, {}}))},
		{"audit log altered", status{kind: statusError, text: chainBrokenWords(&state.ChainBreak{Line: 3, File: "audit.jsonl", What: "1 line was removed before it"})}},
		{"nothing to undo", statusOf(undoWords(undoFoundMsg{target: contact.Target}))},
		{"undo: the log cannot be read", statusOf(undoWords(undoFoundMsg{target: contact.Target, err: errors.New("open audit.jsonl: permission denied")}))},
		{"undone already", status{kind: statusInfo, text: undoneAlreadyWords(api.KindContact)}},
		{"copied to tmux", copiedStatus(copiedMsg{what: "the contact id", text: contact.ID, how: copiedToTmux})},
		{"copied to an old tmux", copiedStatus(copiedMsg{what: "the contact id", text: contact.ID, how: copiedToTmuxOnly})},
		{"sent with OSC 52", copiedStatus(copiedMsg{what: "the contact id", text: contact.ID, how: sentOSC52})},
		{"sent with OSC 52 through screen", copiedStatus(copiedMsg{what: "the contact id", text: contact.ID, how: sentOSC52Screen})},
		{"sent with OSC 52 from a tmux", copiedStatus(copiedMsg{what: "the contact id", text: contact.ID, how: sentOSC52FromTmux})},
		{"copy failed", copiedStatus(copiedMsg{what: "the change summary", text: "**Qwoty contact 660e8400**\n\n| field | before | after |\n| --- | --- | --- |\n| phone | `+33 1` | `+33 2` |\n", err: errors.New("write /dev/pts/3: broken pipe")})},
		{"retrying", status{kind: statusWarn, text: retryWords(api.Retry{Resource: "contact 660e8400…", Try: 2, Of: 4, Wait: 3 * time.Second, Err: &api.Error{Kind: api.ErrAPI, Status: 503}})}},
		{"contact loading, the list's copy showing", status{kind: statusWarn, text: contactNotLoadedWords(true, true, nil)}},
		{"contact loading", status{kind: statusWarn, text: contactNotLoadedWords(true, false, nil)}},
		{"contact failed", status{kind: statusWarn, text: contactNotLoadedWords(false, false, down)}},
		{"address loading", status{kind: statusWarn, text: addressNotLoadedWords(true, nil)}},
		{"address not found", status{kind: statusWarn, text: addressNotLoadedWords(false, &api.Error{Kind: api.ErrAPI, Status: http.StatusNotFound})}},
		{"address failed", status{kind: statusWarn, text: addressNotLoadedWords(false, down)}},
		{"form wrapped round", status{kind: statusInfo, text: formWrappedWords(true)}},
		{"enter does not send", status{kind: statusInfo, text: enterDoesNotSendWords}},
		{"conflict left", status{kind: statusInfo, text: conflictLeftWords}},
		{"draft not saved", status{kind: statusError, text: draftTroubleWords(draftWrittenMsg{err: errors.New("rename drafts/tmp: read-only file system")})}},
		{"quit question", question{text: quitQuestion}},
		{"discard question", question{text: discardQuestion}},
	}
	return msgs
}

// boardMessage is one message of the board: a status or a question.
type boardMessage struct {
	name string
	msg  any
}

// longMessages join several facts or quote a long error: they may take up
// to five lines at 80 columns, the others three.
var longMessages = map[string]bool{
	"saved, with others' changes and a stored difference": true,
	"saved, the audit warning":                            true,
	"unknown, not landed":                                 true,
	"unknown, unresolved":                                 true,
}

func statusOf(kind statusKind, text string) status { return status{kind: kind, text: text} }

// TestEveryStatusMessageReadsInFull draws each message in the app's frame
// at each golden size: it wraps to at most three lines at 80 columns, no
// line is cut, and the whole message reads in the frame.
func TestEveryStatusMessageReadsInFull(t *testing.T) {
	for _, sz := range goldenSizes {
		var frames strings.Builder
		for _, m := range statusBoard() {
			a := New(Options{Renderer: plainRenderer(), Profile: "test", Now: func() time.Time { return testNow }, Location: time.UTC})
			a.Update(tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			var text string
			switch msg := m.msg.(type) {
			case status:
				a.Update(msg)
				text = msg.text
			case question:
				a.s.outbox = append(a.s.outbox, msg)
				a.Update(nil)
				text = msg.text
			}
			view := a.View()
			checkFrame(t, a, view, sz.w, []string{text})
			lines := a.statusLines()
			if st, ok := m.msg.(status); ok && st.shown != "" {
				lines = lines[:len(lines)-lineCount(st.shown)]
			}
			if most := map[bool]int{false: 3, true: 5}[longMessages[m.name]]; sz.w == 80 && len(lines) > most {
				t.Errorf("%s: %d lines at 80 columns:\n%s", m.name, len(lines), strings.Join(lines, "\n"))
			}
			if got, want := lineCount(view), sz.h; got != want {
				t.Errorf("%s: the frame is %d lines, the terminal %d", m.name, got, want)
			}
			fmt.Fprintf(&frames, "=== %s\n%s\n", m.name, view)
		}
		golden(t, fmt.Sprintf("status-messages-%dx%d", sz.w, sz.h), frames.String())
	}
}
