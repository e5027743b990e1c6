package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
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
type reviewScreen struct {
	s       *session
	keys    reviewKeys
	edit    edit.Edit
	title   string
	reason  textinput.Model
	spinner spinner.Model

	saving bool
	cancel context.CancelFunc
	err    error // the last failed save
	width  int
}

func newReviewScreen(s *session, e edit.Edit, title string, w int) *reviewScreen {
	in := textinput.New()
	in.Prompt = "Reason: "
	in.Placeholder = "ticket or short reason (optional)"
	if s.RequireReason {
		in.Placeholder = "ticket or short reason (required by this profile)"
	}
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic)
	in.PromptStyle = s.theme.Label
	in.SetValue(e.Reason)
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	k := reviewKeyMap
	k.dryRun = s.DryRun
	m := &reviewScreen{s: s, keys: k, edit: e, title: title, reason: in, spinner: sp, width: w}
	if s.RequireReason && e.Reason == "" {
		m.reason.Focus()
	}
	return m
}

func (m *reviewScreen) ShortHelp() []key.Binding {
	k := m.keys
	if m.reason.Focused() {
		k.Send.SetHelp("enter", k.Send.Help().Desc)
		k.Reason.SetHelp("tab", "done")
	}
	return k.ShortHelp()
}

func (m *reviewScreen) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

func (m *reviewScreen) setSize(w, _ int) {
	m.width = w
	m.reason.Width = max(w-12, 10)
}

func (m *reviewScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.saving {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		if m.saving {
			if key.Matches(msg, m.keys.Back) && m.cancel != nil {
				m.cancel()
			}
			return nil
		}
		switch {
		case key.Matches(msg, m.keys.Back):
			m.edit.Reason = strings.TrimSpace(m.reason.Value())
			return navigate(startEditMsg{edit: m.edit, title: m.title})
		case key.Matches(msg, m.keys.Reason):
			if m.reason.Focused() {
				m.reason.Blur()
				return nil
			}
			return m.reason.Focus()
		case msg.Type == tea.KeyEnter, !m.reason.Focused() && key.Matches(msg, m.keys.Send):
			return m.send()
		case m.s.DryRun && !m.reason.Focused() && key.Matches(msg, m.keys.CopyCurl):
			if p, err := m.edit.Patch(); err == nil {
				curl := edit.Describe(m.s.Writer.BaseURL, m.edit.Target, p).Curl()
				return copyToClipboard(m.s.Clipboard, m.s.TermEnv, "the curl command", curl)
			}
			return nil
		}
		if m.reason.Focused() {
			var cmd tea.Cmd
			m.reason, cmd = m.reason.Update(msg)
			return cmd
		}
	}
	return nil
}

// send saves the edit: conflict check, PATCH (or dry run), audit.
func (m *reviewScreen) send() tea.Cmd {
	m.edit.Reason = strings.TrimSpace(sanitize.Text(m.reason.Value()))
	if m.s.RequireReason && m.edit.Reason == "" {
		m.err = errReasonRequired
		return m.reason.Focus()
	}
	m.saving, m.err = true, nil
	ctx, cancel := m.s.request()
	m.cancel = cancel
	return tea.Batch(saveEdit(ctx, m.s.Writer, m.edit), m.spinner.Tick)
}

var errReasonRequired = plainError("this profile requires a reason: type a ticket reference or a few words, then press enter")

// failed shows why the save failed; the edits stay for a resend.
func (m *reviewScreen) failed(err error) {
	m.saving = false
	m.err = err
}

func (m *reviewScreen) view() string {
	t := m.s.theme
	w := max(m.width, 20)
	var b strings.Builder
	b.WriteString(t.Title.Render(sanitize.Truncate(fmt.Sprintf("Review the change to %s %s", m.edit.Kind, sanitize.Text(m.title)), w)) + "\n")
	b.WriteString(t.Subtle.Render(m.subtitle()) + "\n\n")
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
	switch {
	case m.saving:
		b.WriteString("\n" + m.spinner.View() + " Checking for changes made meanwhile, then saving…  " + t.Subtle.Render("(esc cancels)") + "\n")
	case m.err == errReasonRequired:
		b.WriteString("\n" + t.Bad.Render(wrap("✗ "+errorText(m.err), w)) + "\n")
	case m.err != nil:
		b.WriteString("\n" + t.Bad.Render(wrap("✗ "+errorText(m.err), w)) + "\n" + t.Subtle.Render("Your edits are kept: enter sends again, esc goes back to the form.") + "\n")
	}
	return b.String()
}

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

// changeLine renders "field  old → new", cut to the width.
func (m *reviewScreen) changeLine(c api.FieldChange, nameW, w int) string {
	t := m.s.theme
	room := max((w-nameW-6)/2, 6)
	return "  " + t.Label.Render(padRight(c.Field, nameW)) + "  " +
		t.Old.Render(sanitize.Truncate(valueText(c.Before), room)) + " → " +
		t.New.Render(sanitize.Truncate(valueText(c.After), room))
}

// dryRunView shows the exact request and an equivalent curl command.
func (m *reviewScreen) dryRunView(w int) string {
	t := m.s.theme
	p, err := m.edit.Patch()
	if err != nil {
		return t.Bad.Render(errorText(err)) + "\n"
	}
	req := edit.Describe(m.s.Writer.BaseURL, m.edit.Target, p)
	var b strings.Builder
	b.WriteString(t.Subtle.Render("Would send:") + "\n")
	b.WriteString(wrap(sanitize.Text(req.Method+" "+req.URL), w) + "\n")
	b.WriteString(wrap(sanitize.Text(req.Body), w) + "\n")
	b.WriteString(t.Subtle.Render("Same with curl:") + "\n")
	b.WriteString(wrap(sanitize.Text(req.Curl()), w) + "\n")
	return b.String()
}
