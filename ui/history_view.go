package ui

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// view draws the history: a heading, then one block per operation, the
// selected one marked and kept on screen. Values are wrapped in full.
func (m *historyScreen) view() string {
	t := m.s.theme
	w := max(m.width, 20)
	var lines []string
	add := func(style func(...string) string, text string, indent int) {
		for _, l := range strings.Split(wrap(text, w-indent), "\n") {
			lines = append(lines, strings.Repeat(" ", indent)+style(l))
		}
	}
	add(t.Title.Render, fmt.Sprintf("History of %s %s", m.target.Kind, sanitize.Text(m.title)), 0)
	switch {
	case m.loading && len(m.ops) == 0:
		add(t.Subtle.Render, "Reading the audit log…", 0)
	case m.err != nil:
		add(t.Bad.Render, "✗ Could not read the audit log: "+errorText(m.err), 0)
	case len(m.ops) == 0:
		add(t.Subtle.Render, fmt.Sprintf("No change to this %s is recorded in this machine's audit log.", m.target.Kind), 0)
	default:
		add(t.Subtle.Render, fmt.Sprintf("%s recorded on this machine, newest first.", edit.Count(len(m.ops), "change", "changes")), 0)
	}
	lines = append(lines, "")
	head := len(lines)
	var blockTop, blockEnd int
	for i, op := range m.ops {
		if i == m.cursor {
			blockTop = len(lines)
		}
		lines = append(lines, m.entryLines(op, i == m.cursor, w)...)
		if i == m.cursor {
			blockEnd = len(lines)
		}
		lines = append(lines, "")
	}
	// Keep the selected entry in view (the heading stays when it fits).
	h := max(m.height, 3)
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	switch {
	case blockTop-1 < m.top+head && m.cursor == 0:
		m.top = 0
	case blockTop < m.top:
		m.top = blockTop
	case blockEnd > m.top+h:
		m.top = blockEnd - h
	}
	m.top = min(max(m.top, 0), len(lines)-h)
	return strings.Join(lines[m.top:m.top+h], "\n")
}

// entryLines draws one operation: when, who and from where, how it ended;
// the reason; each field before → after.
func (m *historyScreen) entryLines(op state.Op, selected bool, w int) []string {
	t := m.s.theme
	e := op.Entry
	marker := "  "
	if selected {
		marker = t.Selected.Render("› ")
	}
	outcome := historyOutcome(op)
	style := t.Subtle.Render
	switch {
	case op.Landed():
		style = t.Good.Render
	case op.Outcome() == state.OutcomeFailed || op.Outcome() == state.OutcomeUnknown || op.Pending():
		style = t.Bad.Render
	}
	headline := m.s.when(e.Time) + " · " + whoWhere(e)
	var out []string
	for i, l := range strings.Split(wrap(headline, w-2), "\n") {
		if i == 0 {
			out = append(out, marker+t.Value.Render(l))
			continue
		}
		out = append(out, "  "+t.Value.Render(l))
	}
	for _, l := range strings.Split(wrap(outcome, w-4), "\n") {
		out = append(out, "    "+style(l))
	}
	if e.Reason != "" {
		for _, l := range strings.Split(wrap("reason: "+sanitize.Text(e.Reason), w-4), "\n") {
			out = append(out, "    "+t.Subtle.Render(l))
		}
	}
	for _, c := range e.Changes {
		field := sanitize.Text(c.Field)
		text := field + ": " + valueText(c.Before) + " → " + valueText(c.After)
		if e.Entry == state.EntryCheck && op.Outcome() == state.OutcomeConflict {
			text = field + ": theirs " + valueText(c.Before) + ", yours " + valueText(c.After)
		}
		for i, l := range strings.Split(wrap(text, w-6), "\n") {
			indent := "    "
			if i > 0 {
				indent = "      "
			}
			out = append(out, indent+l)
		}
	}
	if op.Result != nil {
		for _, s := range op.Result.Stored {
			for _, l := range strings.Split(wrap("the server stored "+sanitize.Text(s.Field)+" as "+valueText(s.After), w-4), "\n") {
				out = append(out, "    "+t.Warn.Render(l))
			}
		}
	}
	return out
}

// historyOutcome says how an operation ended, in a few words.
func historyOutcome(o state.Op) string {
	s := ""
	status := 0
	if o.Result != nil {
		status = o.Result.Status
	}
	switch out := o.Outcome(); {
	case o.Entry.DryRun:
		s = "dry run: nothing was sent"
	case out == state.OutcomeOK && o.Result != nil && o.Result.Confirmed != "":
		s = "saved (the answer was empty; a re-read confirmed it)"
	case out == state.OutcomeOK:
		s = "saved"
	case out == state.OutcomeUnknown && o.Resolution() == state.ResolvedLanded:
		s = "saved (no answer came; a re-read found it)"
	case out == state.OutcomeUnknown && o.Resolution() == state.ResolvedNotLanded:
		s = "not saved (no answer came; a re-read found the old values)"
	case out == state.OutcomeUnknown && o.Resolution() == state.ResolvedChanged:
		s = "unknown: no answer came, and someone else changed the record"
	case out == state.OutcomeUnknown:
		s = "unknown: no answer came; the next start checks it"
	case o.Pending():
		s = "unknown: no outcome recorded (the app stopped); the next start checks it"
	case out == state.OutcomeFailed && status > 0:
		s = fmt.Sprintf("failed (%d): not saved", status)
	case out == state.OutcomeFailed:
		s = "failed: not saved"
	case out == state.OutcomeConflict:
		s = "not sent: someone else had changed the same field"
	case out == state.OutcomeUnchanged:
		s = "not sent: the record already held these values"
	default:
		s = out
	}
	if o.Entry.Undo {
		s += " · an undo"
	}
	return s
}

// notRevertableWords says why a change cannot be reverted.
func notRevertableWords(o state.Op) string {
	return "Nothing to revert: this change did not reach the server (" + historyOutcome(o) + ")."
}

// laterChangeWords says that later changes touched a field a revert would
// restore.
func laterChangeWords(cs []edit.Conflict) string {
	return "Not a silent revert: " + edit.ConflictedFields(cs) + " changed again since that change. Choose below, field by field."
}
