package ui

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/sanitize"
)

// The frame around the screens: the header (where you are, and always
// which environment) and the status line.

// header shows the breadcrumb and, always, which environment: the profile
// badge, DEMO, READ-ONLY, DRY RUN and who is signed in.
func (a *App) header() string {
	t := a.s.theme
	var badges []string
	if a.s.Demo {
		badges = append(badges, t.badge(t.DemoBadge, "DEMO"))
	}
	badges = append(badges, t.ProfileBadge(sanitize.Text(a.s.Label), a.s.Color))
	if a.s.ReadOnly {
		badges = append(badges, t.badge(t.ReadOnlyBadge, "READ-ONLY"))
	}
	if a.s.DryRun {
		badges = append(badges, t.badge(t.DryRunBadge, "DRY RUN"))
	}
	if a.s.SignedInAs != "" {
		badges = append(badges, t.Subtle.Render("signed in as "+sanitize.Text(a.s.SignedInAs)))
	}
	right := strings.Join(badges, " ")
	left := t.Accent.Render("qwoty-contacts")
	if crumb := a.top().crumb(); crumb != "" {
		room := a.width - sanitize.Width("qwoty-contacts › ") - widthOf(right) - 2
		if room > 4 {
			left += t.Subtle.Render(" › " + sanitize.Truncate(sanitize.Text(crumb), room))
		}
	}
	gap := a.width - widthOf(left) - widthOf(right)
	if gap < 1 {
		return truncateStyled(right, a.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// statusLine shows the question being asked, or the last message.
func (a *App) statusLine() string {
	t := a.s.theme
	if a.asking != nil {
		return t.Warn.Render(truncateStyled(a.asking.text, a.width))
	}
	if a.status.text == "" {
		return ""
	}
	text := sanitize.Text(a.status.text)
	var st = t.Subtle
	prefix := ""
	switch a.status.kind {
	case statusOK:
		st, prefix = t.Good, "✓ "
	case statusWarn:
		st, prefix = t.Warn, "! "
	case statusError:
		st, prefix = t.Bad, "✗ "
	}
	return st.Render(sanitize.Truncate(prefix+text, a.width))
}
