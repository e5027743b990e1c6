package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// reviewScreen lists the changed fields (old → new), asks for a reason and
// sends the edit through the write path.
//
// Only y sends, and only once the review has been on screen for a moment
// with no key pressed (Options.ConfirmDelay): keys typed or held before it
// appeared (a fast typist, a key repeat, a paste, an SSH packet holding
// several keys) cannot send. Enter, tab and the arrows, which move through
// the form, never send.
type reviewScreen struct {
	s       *session
	rec     *record
	home    screen // where the edit started: the contact screen
	beneath string // the screen esc goes back to, by name
	ks      reviewKeys
	edit    edit.Edit
	title   string
	reason  textinput.Model
	spinner spinner.Model

	armed  bool // y sends
	armSeq int
	saving bool
	cancel context.CancelFunc
	err    error // the last failed save
	width  int
}

// Where esc goes from a review or a conflict: the screen beneath it.
const (
	beneathForm    = "form"
	beneathContact = "contact"
	beneathHistory = "history"
)

// newReviewScreen reviews e before it is sent; beneath names the screen esc
// goes back to (beneathForm, beneathContact, beneathHistory).
func newReviewScreen(s *session, rec *record, home screen, beneath string, e edit.Edit, title string) *reviewScreen {
	in := textinput.New()
	in.Prompt = "Reason: "
	in.Placeholder = "[ticket or short reason, optional]"
	if s.requireReason() {
		in.Placeholder = "[ticket or short reason, required by this profile]"
	}
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic)
	in.PromptStyle = s.theme.Label
	in.Cursor.Style = s.theme.Cursor
	in.SetValue(e.Reason)
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	if s.SpinnerFrame > 0 {
		sp.Spinner.FPS = s.SpinnerFrame
	}
	m := &reviewScreen{s: s, rec: rec, home: home, beneath: beneath, ks: reviewKeyMap, edit: e, title: title, reason: in, spinner: sp, width: 80}
	if s.requireReason() && e.Reason == "" {
		m.reason.Focus()
	}
	return m
}

// activate starts the wait before y sends.
func (m *reviewScreen) activate() tea.Cmd { return m.disarm() }

// disarm makes y wait for the review to be on screen, unchanged, for a
// moment.
func (m *reviewScreen) disarm() tea.Cmd {
	m.armed = false
	m.armSeq++
	seq := m.armSeq
	return tea.Tick(m.s.ConfirmDelay, func(time.Time) tea.Msg { return reviewArmedMsg{seq: seq} })
}

func (m *reviewScreen) typing() bool               { return m.reason.Focused() }
func (m *reviewScreen) crumb() string              { return m.rec.name() + " › review" }
func (m *reviewScreen) pending() (edit.Edit, bool) { return m.withReason(), true }
func (m *reviewScreen) setSize(w, _ int)           { m.width, m.reason.Width = w, max(w-12, 10) }
func (m *reviewScreen) withReason() edit.Edit {
	e := m.edit
	e.Reason = strings.TrimSpace(sanitize.Text(m.reason.Value()))
	return e
}

// keys lists what works now: y once armed and not saving; tab for the
// reason, or enter/tab to finish it; c for a dry run's curl.
func (m *reviewScreen) keys() help.KeyMap {
	k := m.ks
	k.Back.SetHelp("esc", "back to "+m.beneath)
	typing := m.reason.Focused()
	k.Send.SetEnabled(m.armed && !m.saving && !typing)
	if m.s.DryRun {
		k.Send.SetHelp("y", "dry run")
	}
	k.CopyCurl.SetEnabled(m.s.DryRun && !typing)
	k.Reason.SetEnabled(!typing && !m.saving)
	k.Done.SetEnabled(typing)
	if m.saving {
		k.Back.SetHelp("esc", "cancel")
	}
	return k
}

func (m *reviewScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reviewArmedMsg:
		if msg.seq == m.armSeq {
			m.armed = true
		}
		return nil
	case spinner.TickMsg:
		if !m.saving || msg.ID != m.spinner.ID() {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case saveFinishedMsg:
		if !m.saving || msg.result.Edit.Target != m.edit.Target {
			return nil
		}
		return m.finished(msg.result)
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

func (m *reviewScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ks
	if m.saving {
		if key.Matches(msg, k.Back) && m.cancel != nil {
			m.cancel()
		}
		return nil
	}
	armed := m.armed
	rearm := m.disarm() // any key: y waits for the screen to be still again
	switch {
	case key.Matches(msg, k.Back):
		reason := strings.TrimSpace(m.reason.Value())
		return tea.Batch(m.s.pop(), func() tea.Msg { return reasonKeptMsg{target: m.edit.Target, reason: reason} })
	case m.reason.Focused() && key.Matches(msg, k.Done):
		m.reason.Blur()
		return rearm
	case m.reason.Focused():
		var cmd tea.Cmd
		m.reason, cmd = m.reason.Update(msg)
		return tea.Batch(cmd, rearm)
	case key.Matches(msg, k.Reason):
		return tea.Batch(m.reason.Focus(), rearm)
	case key.Matches(msg, k.Send):
		if !armed {
			return rearm
		}
		return m.send()
	case m.s.DryRun && key.Matches(msg, k.CopyCurl):
		return tea.Batch(rearm, copyCurl(m.s, m.edit))
	case msg.Type == tea.KeyEnter:
		return tea.Batch(rearm, m.s.say(statusInfo, enterDoesNotSendWords))
	}
	return rearm
}

// send saves the edit: conflict check, PATCH (or dry run), audit.
func (m *reviewScreen) send() tea.Cmd {
	m.edit = m.withReason()
	if m.s.Writer != nil && m.s.Writer.CheckReason(m.edit.Reason) != nil {
		m.err = errReasonRequired
		return tea.Batch(m.reason.Focus(), m.disarm())
	}
	m.saving, m.err = true, nil
	ctx, cancel := m.s.request()
	m.cancel = cancel
	return tea.Batch(saveEdit(ctx, m.s.Writer, m.edit), m.spinner.Tick)
}

var errReasonRequired = plainError("this profile requires a reason: type a ticket reference or a few words, press enter, then y")

// finished moves on after a save: back to the contact, to the conflict
// screen, or stays with the error.
func (m *reviewScreen) finished(r edit.Result) tea.Cmd {
	m.saving = false
	st := saveWords(r, m.s.Clipboard != nil)
	switch {
	case r.Landed(), r.Outcome == edit.Unchanged, r.Outcome == edit.DryRan:
		return m.s.backTo(m.home, st)
	case r.Outcome == edit.Conflicted:
		return tea.Batch(m.s.replace(newConflictScreen(m.s, m.rec, m.home, m.beneath, r, m.title)), m.s.say(st.kind, st.text))
	}
	m.err = r.Err
	return tea.Batch(m.disarm(), m.s.say(st.kind, st.text))
}

func (m *reviewScreen) view() string {
	t := m.s.theme
	w := max(m.width, 20)
	var b strings.Builder
	b.WriteString(wrapStyled(t.Title, fmt.Sprintf("Review the change to %s %s", m.edit.Kind, sanitize.Text(m.title)), w) + "\n")
	b.WriteString(wrapStyled(t.Subtle, m.subtitle(), w) + "\n\n")
	changes := m.edit.Changes()
	nameW := 0
	for _, c := range changes {
		nameW = max(nameW, len(c.Field))
	}
	for _, c := range changes {
		b.WriteString(m.changeLine(c, nameW, w) + "\n")
	}
	b.WriteString("\n" + m.reason.View() + "\n")
	if m.s.DryRun {
		b.WriteString("\n" + m.dryRunView(w))
	}
	b.WriteString("\n")
	switch {
	case m.saving:
		b.WriteString(m.spinner.View() + " Checking for changes made meanwhile, then saving…  " + t.Subtle.Render("(esc cancels)") + "\n")
	case m.err == errReasonRequired:
		b.WriteString(wrapStyled(t.Bad, "✗ "+errorText(m.err), w) + "\n")
	case m.err != nil:
		b.WriteString(wrapStyled(t.Bad, "✗ "+errorText(m.err), w) + "\n" + wrapStyled(t.Subtle, reviewFailedWords+" esc goes back to the "+m.beneath+".", w) + "\n")
	}
	if !m.saving {
		b.WriteString(m.confirmLine() + "\n")
	}
	return b.String()
}

// confirmLine says how to send, and whether y works yet.
func (m *reviewScreen) confirmLine() string {
	t, w := m.s.theme, max(m.width, 20)
	switch {
	case m.reason.Focused():
		return wrapStyled(t.Subtle, "Typing the reason: enter when done, then y sends.", w)
	case !m.armed:
		return wrapStyled(t.Subtle, "Read it over: y sends in a moment (keys pressed before now are ignored).", w)
	case m.s.DryRun:
		return wrapStyled(t.Warn, "Press y to run it dry (nothing is sent) · esc goes back to the "+m.beneath+".", w)
	}
	return wrapStyled(t.Warn, sendPrompt+" · esc goes back to the "+m.beneath+".", w)
}

// sendPrompt begins the line that shows that y sends now.
const sendPrompt = "Press y to send this change"

func (m *reviewScreen) subtitle() string {
	n := len(m.edit.Changes())
	s := fmt.Sprintf("%d field", n)
	if n != 1 {
		s += "s"
	}
	s += " will change; nothing else is sent."
	if m.s.DryRun {
		s = "Dry run: nothing will be sent. " + s
	}
	return s
}

// changeLine renders "field  old → new" in full: on one line when it
// fits, else the new value under the old one, each wrapped.
func (m *reviewScreen) changeLine(c api.FieldChange, nameW, w int) string {
	t := m.s.theme
	before, after := sanitize.Text(valueText(c.Before)), sanitize.Text(valueText(c.After))
	label := "  " + t.Label.Render(padRight(c.Field, nameW)) + "  "
	if 2+nameW+2+sanitize.Width(before)+3+sanitize.Width(after) <= w {
		return label + t.Old.Render(before) + " → " + t.New.Render(after)
	}
	indent := strings.Repeat(" ", 2+nameW+2)
	room := w - len(indent)
	old := styleLines(t.Old, wrapLines(before, room, ""))
	next := styleLines(t.New, wrapLines(after, room, ""))
	return label + strings.Join(old, "\n"+indent) + "\n" + indent[:len(indent)-2] + "→ " + strings.Join(next, "\n"+indent)
}

// dryRunView shows the exact request and an equivalent curl command.
func (m *reviewScreen) dryRunView(w int) string {
	t := m.s.theme
	req, err := describe(m.s, m.edit)
	if err != nil {
		return t.Bad.Render(errorText(err)) + "\n"
	}
	var b strings.Builder
	b.WriteString(t.Subtle.Render("Would send:") + "\n")
	b.WriteString(wrap(sanitize.Text(req.Method+" "+req.URL), w) + "\n")
	b.WriteString(wrap(sanitize.Text(req.Body), w) + "\n")
	b.WriteString(t.Subtle.Render("Same with curl:") + "\n")
	b.WriteString(wrap(sanitize.Text(req.Curl()), w) + "\n")
	return b.String()
}
