package ui

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// lookupScreen takes a contact id or search text, and lists the recently
// opened contacts and the search matches.
type lookupScreen struct {
	s       *session
	keys    lookupKeys
	input   textinput.Model
	spinner spinner.Model

	index   *searchIndex
	listErr error
	listing bool
	recent  []state.RecentContact
	items   []lookupItem
	total   int // matches in all
	// last and lastMatches remember the previous search, so typing one
	// more letter only searches among its matches.
	last        query
	lastMatches []int32
	cursor      int
	idProblem   string

	width, height int
}

// lookupItem is one row under the input: a recent contact or a match.
type lookupItem struct {
	id, name, email, phone string
	recent                 bool
}

func newLookupScreen(s *session) *lookupScreen {
	in := textinput.New()
	in.Placeholder = "contact id, name, email or phone"
	in.Prompt = "› "
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic) // no blinking redraws over SSH
	in.PromptStyle = s.theme.Accent
	in.Cursor.Style = s.theme.Accent
	in.Focus()
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	return &lookupScreen{s: s, keys: lookupKeyMap, input: in, spinner: sp, listing: true}
}

func (m *lookupScreen) init() tea.Cmd {
	ctx, _ := m.s.request() // lives as long as the session: fetched once
	cmds := []tea.Cmd{listContacts(ctx, m.s.API), m.spinner.Tick}
	if m.s.StateDir != "" {
		cmds = append(cmds, loadRecent(m.s.StateDir, m.s.recentList()))
	}
	return tea.Batch(cmds...)
}

func (m *lookupScreen) setSize(w, h int) {
	m.width, m.height = w, h
	m.input.Width = max(10, w-4)
	m.refilter()
}

// focus is called when the screen is shown again.
func (m *lookupScreen) focus() tea.Cmd {
	m.input.SetValue("")
	m.idProblem = ""
	m.refilter()
	return m.input.Focus()
}

func (m *lookupScreen) ShortHelp() []key.Binding  { return m.keys.ShortHelp() }
func (m *lookupScreen) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

func (m *lookupScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case contactsListedMsg:
		m.listing = false
		m.index, m.listErr = msg.index, msg.err
		m.last, m.lastMatches = query{}, nil
		m.refilter()
		return nil
	case recentLoadedMsg:
		m.recent = msg.recent
		m.refilter()
		return nil
	case spinner.TickMsg:
		if !m.listing {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Open):
			return m.open()
		case key.Matches(msg, m.keys.Up):
			m.move(-1)
			return nil
		case key.Matches(msg, m.keys.Down):
			m.move(1)
			return nil
		case key.Matches(msg, m.keys.Clear):
			m.input.SetValue("")
			m.idProblem = ""
			m.refilter()
			return nil
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.idProblem = ""
		m.cursor = 0
		m.refilter()
	}
	return cmd
}

func (m *lookupScreen) move(d int) {
	if len(m.items) == 0 {
		return
	}
	m.cursor = (m.cursor + d + len(m.items)) % len(m.items)
}

// idShaped matches input that looks like an id attempt: hex digits and
// dashes only, with at least one dash or 16 characters.
var idShaped = regexp.MustCompile(`^[0-9a-fA-F-]{8,}$`)

// open opens the pasted id, or the selected row.
func (m *lookupScreen) open() tea.Cmd {
	q := strings.TrimSpace(m.input.Value())
	if api.ValidID(q) {
		return navigate(openContactMsg{id: strings.ToLower(q)})
	}
	if idShaped.MatchString(q) && (strings.Contains(q, "-") || len(q) >= 16) {
		m.idProblem = "Not a valid contact id: ids look like 660e8400-e29b-41d4-a716-446655440001 (36 characters). Nothing was sent."
		return nil
	}
	if m.cursor < len(m.items) {
		return navigate(openContactMsg{id: m.items[m.cursor].id})
	}
	if q != "" {
		m.idProblem = "No contact matches. Paste a contact id, or try part of a name, email or phone number."
	}
	return nil
}

// refilter recomputes the rows: recent contacts matching the query, then
// search matches not already listed.
func (m *lookupScreen) refilter() {
	q := strings.TrimSpace(m.input.Value())
	m.items = m.items[:0]
	seen := map[string]bool{}
	terms := strings.Fields(fold(q))
	for _, r := range m.recent {
		hay := fold(r.Name) + "\x00" + fold(r.Email) + "\x00" + strings.ToLower(r.ID)
		if !containsAll(hay, terms) {
			continue
		}
		m.items = append(m.items, lookupItem{id: r.ID, name: r.Name, email: r.Email, recent: true})
		seen[r.ID] = true
	}
	m.total = 0
	if q != "" && m.index != nil {
		room := max(m.rows(), 1) + len(seen)
		pq := parseQuery(q)
		var within []int32
		if pq.narrows(m.last) {
			within = m.lastMatches
			if within == nil {
				within = []int32{}
			}
		}
		all := m.index.Match(pq, within)
		m.last, m.lastMatches = pq, all
		m.total = len(all)
		for _, i := range all[:min(room, len(all))] {
			e := m.index.entries[i]
			if seen[e.ID] {
				continue
			}
			m.items = append(m.items, lookupItem{id: e.ID, name: e.Name, email: e.Email, phone: e.Phone})
		}
	}
	if m.cursor >= len(m.items) {
		m.cursor = max(0, len(m.items)-1)
	}
}

func containsAll(hay string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}

// rows is how many list rows fit under the input.
func (m *lookupScreen) rows() int { return m.height - 6 }

func (m *lookupScreen) view() string {
	t := m.s.theme
	var b strings.Builder
	b.WriteString(t.Title.Render("Open a contact") + "\n")
	b.WriteString(m.input.View() + "\n")
	switch {
	case m.idProblem != "":
		b.WriteString(t.Bad.Render(sanitize.Truncate("✗ "+m.idProblem, m.width)) + "\n")
	case m.listing:
		b.WriteString(t.Subtle.Render(m.spinner.View()+" loading the workspace's contacts for search…") + "\n")
	case m.listErr != nil:
		b.WriteString(t.Warn.Render(sanitize.Truncate("Search is unavailable: "+errorText(m.listErr)+" You can still paste a contact id.", m.width)) + "\n")
	default:
		b.WriteString(t.Subtle.Render(fmt.Sprintf("%d contacts searchable by name, email, phone or id", m.index.Len())) + "\n")
	}
	b.WriteString("\n")

	rows := m.rows()
	start := 0
	if m.cursor >= rows {
		start = m.cursor - rows + 1
	}
	q := strings.TrimSpace(m.input.Value())
	lastSection := ""
	lines := 0
	for i := start; i < len(m.items) && lines < rows; i++ {
		it := m.items[i]
		section := "Matches"
		if it.recent {
			section = "Recent"
		}
		if section != lastSection {
			if lines+2 > rows {
				break
			}
			label := section
			if section == "Matches" && m.total > 0 {
				label = fmt.Sprintf("Matches (%d)", m.total)
			}
			b.WriteString(t.Subtle.Render(label) + "\n")
			lastSection = section
			lines++
		}
		b.WriteString(m.itemView(it, i == m.cursor) + "\n")
		lines++
	}
	if len(m.items) == 0 {
		switch {
		case q == "" && len(m.recent) == 0:
			b.WriteString(t.Subtle.Render("Paste a contact id, or type part of a name, email or phone number.") + "\n")
		case q != "" && !m.listing && m.idProblem == "":
			b.WriteString(t.Subtle.Render("No contact matches “"+sanitize.Fit(q, 30)+"”.") + "\n")
		}
	}
	return b.String()
}

func (m *lookupScreen) itemView(it lookupItem, selected bool) string {
	t := m.s.theme
	marker := "  "
	if selected {
		marker = "› "
	}
	name := sanitize.Text(it.name)
	if name == "" {
		name = "(no name)"
	}
	rest := sanitize.Text(it.email)
	if it.phone != "" {
		rest += " · " + sanitize.Text(it.phone)
	}
	rest += " · " + api.ShortID(it.id)
	w := max(m.width-2, 10)
	nameW := min(sanitize.Width(name), max(w/2, 12))
	line := sanitize.Truncate(name, nameW)
	restW := w - sanitize.Width(line) - 3
	if restW > 4 {
		line += "   " + t.Subtle.Render(sanitize.Truncate(rest, restW))
	}
	if selected {
		return t.Selected.Render(marker) + t.Selected.Render(sanitize.Truncate(name, nameW)) + strings.TrimPrefix(line, sanitize.Truncate(name, nameW))
	}
	return marker + line
}

// navigate returns a command that sends a navigation message to the root.
func navigate(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
