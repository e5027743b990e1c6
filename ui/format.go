package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// nullMark is how a null value shows: a dim dash, distinct from "".
const nullMark = "—"

// valueView renders a field's value for the view, cut to width: null as a
// dim dash, the empty string as a dim "", lists as badges, a value kept as
// received as its JSON with a marker.
func (t *Theme) valueView(v api.Value, width int) string {
	switch {
	case v.IsRaw():
		return t.receivedView(v.Text(), api.JSONKind(v.RawJSON()), width)
	case v.IsNull():
		return t.Null.Render(nullMark)
	case v.IsList():
		return t.roleBadges(v.Items(), width)
	case v.Str() == "":
		return t.Null.Render(`""`)
	}
	return t.Value.Render(sanitize.Fit(v.Str(), width))
}

// receivedView renders a value shown exactly as the server sent it, in a
// shape the API does not document, with a marker naming that shape.
func (t *Theme) receivedView(text, shape string, width int) string {
	mark := "  ! as received: " + shape
	room := max(width-sanitize.Width(mark), 6)
	return t.Value.Render(sanitize.Fit(text, room)) + t.Warn.Render(sanitize.Truncate(mark, max(width-room, 0)))
}

// roleBadges renders roles as badges: "[buyer] [signer]".
func (t *Theme) roleBadges(roles []string, width int) string {
	if len(roles) == 0 {
		return t.Null.Render("no roles")
	}
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = "[" + sanitize.Text(r) + "]"
	}
	return t.Role.Render(sanitize.Truncate(strings.Join(parts, " "), width))
}

// valueText renders a value for diffs (see edit.Show); a value kept as
// received shows as its JSON, marked.
func valueText(v api.Value) string {
	if v.IsRaw() {
		return sanitize.Text(v.Text()) + " (as received)"
	}
	return edit.Show(v)
}

// when renders a timestamp as local time plus a relative age.
func (s *session) when(t time.Time) string {
	if t.IsZero() {
		return nullMark
	}
	return t.In(s.Location).Format("2006-01-02 15:04") + " (" + ago(s.Now(), t) + ")"
}

// ago says how long ago t was, in words: "3 days ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var n int
	var unit string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		n, unit = int(d/time.Minute), "minute"
	case d < 24*time.Hour:
		n, unit = int(d/time.Hour), "hour"
	case d < 30*24*time.Hour:
		n, unit = int(d/(24*time.Hour)), "day"
	case d < 365*24*time.Hour:
		n, unit = int(d/(30*24*time.Hour)), "month"
	default:
		n, unit = int(d/(365*24*time.Hour)), "year"
	}
	if n != 1 {
		unit += "s"
	}
	if future {
		return fmt.Sprintf("in %d %s", n, unit)
	}
	return fmt.Sprintf("%d %s ago", n, unit)
}

// errorText is what a person reads for an error: a plain sentence,
// sanitized, cut to a sensible length.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return sanitize.Truncate(sanitize.Text(msg), 400)
}
