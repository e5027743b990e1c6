package ui

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// The frame around the screens: the header (where you are, and always
// which environment), the status area and the footer. The status area
// wraps what it says, never cuts it: the body gets what the header, the
// status area and the footer leave.

// minBody is the fewest lines the body keeps, however long a message.
const minBody = 3

// View draws the header, the top screen, the status area and the footer.
func (a *App) View() string {
	status, footer := a.statusLines(), a.footer()
	h := a.bodyHeightFor(len(status), lineCount(footer))
	lines := strings.Split(strings.TrimRight(a.top().view(), "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = trimBlankEnd(l) // padding costs bytes on every redraw of the line
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	var b strings.Builder
	b.WriteString(a.header() + "\n\n")
	b.WriteString(strings.Join(lines, "\n") + "\n")
	b.WriteString(strings.Join(status, "\n") + "\n")
	b.WriteString(footer)
	return b.String()
}

// bodyHeight is what the header (title, blank line), the status area and
// the footer leave.
func (a *App) bodyHeight() int {
	return a.bodyHeightFor(len(a.statusLines()), lineCount(a.footer()))
}

func (a *App) bodyHeightFor(status, footer int) int {
	return max(a.height-2-status-footer, minBody)
}

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

// statusLines is the status area: the question being asked, or the last
// message, wrapped to the width (one empty line when there is nothing to
// say). What was copied follows its message, so it can be selected by
// hand; it alone is shortened when the screen has no room for it.
func (a *App) statusLines() []string {
	t := a.s.theme
	if a.asking != nil {
		return styleLines(t.Warn, wrapLines(sanitize.Text(a.asking.text), a.width, ""))
	}
	if a.status.text == "" {
		return []string{""}
	}
	st, prefix := t.Subtle, ""
	switch a.status.kind {
	case statusOK:
		st, prefix = t.Good, "✓ "
	case statusWarn:
		st, prefix = t.Warn, "! "
	case statusError:
		st, prefix = t.Bad, "✗ "
	}
	lines := styleLines(st, wrapLines(prefix+sanitize.Text(a.status.text), a.width, strings.Repeat(" ", widthOf(prefix))))
	if a.status.shown == "" {
		return lines
	}
	var shown []string
	for _, l := range strings.Split(strings.TrimRight(a.status.shown, "\n"), "\n") {
		shown = append(shown, wrapLines(sanitize.Text(l), a.width-2, "")...)
	}
	room := max(a.height-2-lineCount(a.footer())-minBody-len(lines), 1)
	if len(shown) > room {
		more := len(shown) - room + 1
		shown = append(shown[:room-1], t.Subtle.Render("("+edit.Count(more, "more line", "more lines")+" not shown)"))
	}
	for _, l := range shown {
		lines = append(lines, "  "+t.Value.Render(l))
	}
	return lines
}
