package ui

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// How the TUI words the facts of a save (edit.Result), of the writes an
// earlier session left in flight, and of an undo's origin. The words may
// quote an error from the server: they are sanitized before display.

// saveStatus returns the status line after a save and its colour.
func saveStatus(r edit.Result) (statusKind, string) {
	fields := edit.JoinFields(edit.FieldsOf(r.Sent))
	var b strings.Builder
	kind := statusOK
	switch r.Outcome {
	case edit.Saved:
		b.WriteString(edit.SavedSentence(r))
	case edit.Unknown:
		kind = statusWarn
		why := errorText(r.Err)
		switch r.Resolution {
		case edit.Landed:
			fmt.Fprintf(&b, "Saved %s: the answer was lost, but reading the record again shows your change is there.", fields)
		case edit.NotLanded:
			kind = statusError
			fmt.Fprintf(&b, "Not saved: the answer was lost (%s), and the record, read again, still holds the old values.", edit.LowerFirst(why))
		case edit.ChangedElsewhere:
			kind = statusError
			fmt.Fprintf(&b, "Unknown whether %s %s saved: the answer was lost, and the record now holds values that are neither yours nor the old ones: r on the contact shows them.", fields, edit.WasWere(len(r.Sent)))
		default:
			kind = statusError
			fmt.Fprintf(&b, "Unknown whether %s %s saved: the answer was lost (%s) and the record could not be read again. The next start checks it and records the outcome (qwoty-contacts log).", fields, edit.WasWere(len(r.Sent)), edit.LowerFirst(why))
		}
	case edit.Unchanged:
		kind = statusWarn
		b.WriteString(edit.UnchangedSentence(r))
	case edit.DryRan:
		kind = statusWarn
		fmt.Fprintf(&b, "Dry run: the PATCH of %s was not sent.", fields)
	case edit.Conflicted:
		kind = statusWarn
		b.WriteString(conflictSummary(r.Conflicts))
	case edit.Refused:
		kind = statusError
		b.WriteString(sentence("Not sent: " + strings.TrimPrefix(errorText(r.Err), "Nothing was sent: ")))
	default:
		kind = statusError
		b.WriteString(sentence("Not saved: " + errorText(r.Err)))
	}
	if r.Landed() {
		if len(r.Others) > 0 {
			fmt.Fprintf(&b, " Someone else changed %s meanwhile; your save left %s as they made %s.", edit.JoinFields(edit.FieldsOf(r.Others)), pronoun(len(r.Others)), pronoun(len(r.Others)))
			kind = statusWarn
		}
		if len(r.Already) > 0 {
			fmt.Fprintf(&b, " %s already held your value.", edit.JoinFields(r.Already))
		}
		for _, s := range r.Stored {
			fmt.Fprintf(&b, " The server stored %s as %s, not %s.", s.Field, valueText(s.Stored), valueText(s.Sent))
			kind = statusWarn
		}
	}
	switch {
	case r.DraftKept:
		b.WriteString(" Your edit is kept, as a draft too.")
	case r.DraftErr != nil:
		b.WriteString(" Your edit stays on screen; it could not be kept as a draft either.")
	}
	if r.AuditErr != nil {
		kind = statusWarn
		b.WriteString(" The audit log could not record the outcome (" + edit.LowerFirst(errorText(r.AuditErr)) + "); the next start will.")
	}
	return kind, b.String()
}

// conflictSummary says which fields someone else changed meanwhile.
func conflictSummary(cs []edit.Conflict) string {
	return "Not sent: " + edit.ConflictedFields(cs) + " changed by someone else since you started editing."
}

// resolvedStatus says, in one line, what the start found about writes an
// earlier session left in flight.
func resolvedStatus(rs []edit.Resolved) (statusKind, string) {
	landed, not, other, open := 0, 0, 0, 0
	for _, r := range rs {
		switch r.Resolution {
		case edit.Landed:
			landed++
		case edit.NotLanded:
			not++
		case edit.ChangedElsewhere:
			other++
		default:
			open++
		}
	}
	var parts []string
	if landed > 0 {
		parts = append(parts, edit.Count(landed, "reached the server", "reached the server"))
	}
	if not > 0 {
		parts = append(parts, edit.Count(not, "did not", "did not"))
	}
	if other > 0 {
		parts = append(parts, edit.Count(other, "met a record changed by someone else", "met records changed by someone else"))
	}
	if open > 0 {
		parts = append(parts, edit.Count(open, "could not be checked yet", "could not be checked yet"))
	}
	kind := statusInfo
	if not+other+open > 0 {
		kind = statusWarn
	}
	n := len(rs)
	return kind, fmt.Sprintf("%d save%s from an earlier session ended without an answer; checked now: %s. qwoty-contacts log shows them.",
		n, map[bool]string{true: "", false: "s"}[n == 1], strings.Join(parts, ", "))
}

// undoTitle names the change an undo reverts: who made it, from where,
// when.
func (s *session) undoTitle(of state.Op) string {
	e := of.Entry
	return fmt.Sprintf("undoing the change made %s on %s", whoWhere(e), s.when(e.Time))
}

// whoWhere says who made a recorded change and from where: "by alice with
// set", "by Alice Martin over SSH". The log's words are sanitized: a key's
// comment or an altered log can hold anything.
func whoWhere(e state.Entry) string {
	return sanitize.Text(whoWhereRaw(e))
}

func whoWhereRaw(e state.Entry) string {
	who := e.Person()
	if e.SSHKey != "" && who == e.SSHKey {
		who = "the SSH key " + e.SSHKey
	}
	if who == "" {
		who = "someone"
	}
	switch e.Source {
	case "ssh":
		return "by " + who + " over SSH"
	case "tui", "":
		return "by " + who + " in the app"
	}
	return "by " + who + " with " + e.Source
}

// changeSummary is a Markdown summary of a saved change for a ticket:
// record, fields before → after, time, reason.
func changeSummary(r edit.Result, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Qwoty %s %s** (%s)", r.Edit.Kind, r.Edit.ID, title)
	if r.Edit.Undo {
		b.WriteString(" (undo)")
	}
	b.WriteString("\n\n| field | before | after |\n| --- | --- | --- |\n")
	for _, c := range r.Sent {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Field, mdCell(c.Before), mdCell(c.After))
	}
	fmt.Fprintf(&b, "\nChanged %s", r.At.UTC().Format("2006-01-02 15:04 MST"))
	if r.Edit.Reason != "" {
		fmt.Fprintf(&b, ". Reason: %s", strings.ReplaceAll(r.Edit.Reason, "\n", " "))
	}
	b.WriteString(".\n")
	return b.String()
}

func mdCell(v api.Value) string {
	s := v.Text()
	if !v.IsNull() && !v.IsList() {
		s = "`" + strings.ReplaceAll(s, "`", "'") + "`"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// sentence ends s with a full stop, unless it ends with one already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// pronoun is "it" for one thing, "them" for more.
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
