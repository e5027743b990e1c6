package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// lookupScreen takes a contact id or search text, and lists the recently
// opened contacts and the search matches. The list scrolls: the
// highlighted row is always on screen, and the lines above and below say
// how many rows they hide. Enter opens the highlighted row.
type lookupScreen struct {
	s       *session
	ks      lookupKeys
	input   textinput.Model
	spinner spinner.Model
	started bool

	index         *searchIndex
	listErr       error
	listing       bool
	listRequested bool // needList asked for the list
	recent        []state.RecentContact
	drafted       map[string]bool // lower-case ids of contacts with a draft waiting

	// The rows: the recent contacts matching the query, then the matches
	// not already among them (positions in the index).
	recentRows []state.RecentContact
	matches    []int32
	prefix     bool // the query is the start of an id: rows are the ids it starts
	// last and lastMatches remember the previous search, so typing one
	// more letter only searches among its matches.
	last        query
	lastMatches []int32
	cursor      int // the highlighted row
	top         int // the first row on screen
	problem     string

	width, height int
}

// lookupItem is one row of the list.
type lookupItem struct {
	id, name, email, phone string
	recent                 bool
}

func newLookupScreen(s *session) *lookupScreen {
	in := textinput.New()
	in.Placeholder = "[contact id, name, email or phone]"
	in.Prompt = "› "
	in.CharLimit = 200
	in.Cursor.SetMode(cursor.CursorStatic) // no blinking redraws over SSH
	in.PromptStyle = s.theme.Accent
	in.Cursor.Style = s.theme.Cursor
	in.Focus()
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	if s.SpinnerFrame > 0 {
		sp.Spinner.FPS = s.SpinnerFrame
	}
	return &lookupScreen{s: s, ks: lookupKeyMap, input: in, spinner: sp, listing: true}
}

// activate starts the list and the recent contacts the first time; coming
// back, it clears the input. The drafts' marks are read again each time.
func (m *lookupScreen) activate() tea.Cmd {
	cmds := []tea.Cmd{m.input.Focus()}
	if !m.started {
		m.started = true
		if m.s.OpenID == "" { // a contact opened at start does not need the list (openTextMsg)
			cmds = append(cmds, m.needList())
		}
	} else {
		m.input.SetValue("")
		m.problem = ""
		cmds = append(cmds, m.needList())
		m.refilter()
	}
	if m.s.StateDir != "" {
		cmds = append(cmds, loadRecent(m.s.StateDir, m.s.recentList()))
	}
	if m.s.Writer != nil {
		cmds = append(cmds, listDrafted(m.s.Writer))
	}
	return tea.Batch(cmds...)
}

func (m *lookupScreen) setSize(w, h int) {
	m.width, m.height = w, h
	m.input.Width = max(10, w-4)
	m.scroll()
}

// keys lists what works now: enter with something to open, the arrows
// with rows to move through, the pages when they do not all fit, esc with
// text to clear.
func (m *lookupScreen) keys() help.KeyMap {
	k := m.ks
	text := strings.TrimSpace(m.input.Value()) != ""
	k.Open.SetEnabled(text || m.rows() > 0)
	k.Up.SetEnabled(m.rows() > 1)
	k.PageUp.SetEnabled(m.rows() > m.window())
	k.Clear.SetEnabled(m.input.Value() != "")
	return k
}

func (m *lookupScreen) typing() bool               { return true }
func (m *lookupScreen) crumb() string              { return "" }
func (m *lookupScreen) pending() (edit.Edit, bool) { return edit.Edit{}, false }

func (m *lookupScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case contactsListedMsg:
		m.listing = false
		m.index, m.listErr = msg.index, msg.err
		if msg.err != nil {
			m.listRequested = false // the next visit tries again
		}
		m.last, m.lastMatches = query{}, nil
		m.refilter()
	case recentLoadedMsg:
		m.recent = msg.recent
		m.refilter()
	case draftsListedMsg:
		m.drafted = msg.contacts
	case openTextMsg: // an id opens (or is refused); other text is searched for
		m.input.SetValue(strings.TrimSpace(msg.text))
		m.refilter()
		_, err := api.ParseID(msg.text)
		if err == nil {
			return m.open() // the list is fetched when the lookup is seen again
		}
		var bad *api.IDError
		if errors.As(err, &bad) && bad.Malformed() {
			return tea.Batch(m.open(), m.needList())
		}
		return m.needList()
	case spinner.TickMsg:
		if !m.listing || msg.ID != m.spinner.ID() {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

func (m *lookupScreen) key(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.ks.Open):
		return m.open()
	case key.Matches(msg, m.ks.Up):
		m.move(-1, true)
		return nil
	case key.Matches(msg, m.ks.Down):
		m.move(1, true)
		return nil
	case key.Matches(msg, m.ks.PageUp):
		m.move(-m.window(), false)
		return nil
	case key.Matches(msg, m.ks.PageDown):
		m.move(m.window(), false)
		return nil
	case key.Matches(msg, m.ks.Clear):
		m.input.SetValue("")
		m.problem = ""
		m.refilter()
		return nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.problem = ""
		m.refilter()
	}
	return cmd
}

// rows is how many rows the list holds.
func (m *lookupScreen) rows() int { return len(m.recentRows) + len(m.matches) }

// item returns row i.
func (m *lookupScreen) item(i int) lookupItem {
	if i < len(m.recentRows) {
		r := m.recentRows[i]
		return lookupItem{id: r.ID, name: r.Name, email: r.Email, recent: true}
	}
	e := m.index.entry(int(m.matches[i-len(m.recentRows)]))
	return lookupItem{id: e.ID, name: e.Name, email: e.Email, phone: e.Phone}
}

// needList fetches the contact list for search, the first time it is
// needed; the list (the session's own, or the one a server shares) is
// then kept up to date by its holder, and refilter takes its latest copy.
func (m *lookupScreen) needList() tea.Cmd {
	if m.listRequested || m.s.Contacts == nil {
		return nil
	}
	m.listRequested, m.listing = true, true
	return tea.Batch(loadIndex(m.s.ctx, m.s.Contacts), m.spinner.Tick)
}

// latest is the newest index, when there is one.
func (m *lookupScreen) latest() *ContactIndex {
	if m.s.Contacts == nil {
		return nil
	}
	return m.s.Contacts.Latest()
}

// listed returns what the list knows of the contact at row i, to show and
// fetch at once when it opens; nil when the list does not hold it.
func (m *lookupScreen) listed(id string, i int) *api.ListedContact {
	if m.index == nil {
		return nil
	}
	var p int
	if i >= len(m.recentRows) && i < m.rows() {
		p = int(m.matches[i-len(m.recentRows)])
	} else {
		p = m.index.find(id)
	}
	if p < 0 {
		return nil
	}
	return m.index.listed(p)
}

// move moves the highlight by d rows; wrap goes round from the last row
// to the first and back.
func (m *lookupScreen) move(d int, wrap bool) {
	n := m.rows()
	if n == 0 {
		return
	}
	switch {
	case wrap:
		m.cursor = (m.cursor + d + n) % n
	default:
		m.cursor = min(max(m.cursor+d, 0), n-1)
	}
	m.scroll()
}

// window is how many rows fit on screen: what the title, the input, the
// info lines and a blank line leave, less a heading per section and the
// "more above / below" lines, which are always allowed for.
func (m *lookupScreen) window() int {
	sections := 0
	if len(m.recentRows) > 0 {
		sections++
	}
	if len(m.matches) > 0 {
		sections++
	}
	return max(m.height-3-len(m.info())-2-sections, 1)
}

// scroll moves the window so that the highlighted row is in it.
func (m *lookupScreen) scroll() {
	k, n := m.window(), m.rows()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	m.top = min(max(m.top, m.cursor-k+1), m.cursor)
	m.top = max(min(m.top, n-k), 0)
}

// open opens the id typed or pasted, or the highlighted row.
func (m *lookupScreen) open() tea.Cmd {
	q := strings.TrimSpace(m.input.Value())
	id, err := api.ParseID(q)
	if err == nil {
		return m.s.push(newContactScreen(m.s, id, m.listed(id, -1)))
	}
	var bad *api.IDError
	switch {
	case errors.As(err, &bad) && bad.Malformed():
		m.problem = "Not a valid contact id: " + bad.Problem() + ". Nothing was sent."
	case m.rows() > 0:
		id := strings.ToLower(m.item(m.cursor).id)
		return m.s.push(newContactScreen(m.s, id, m.listed(id, m.cursor)))
	case m.prefix:
		m.problem = "No known contact has an id starting with " + q + ": paste the whole id (36 characters). Nothing was sent."
	case q != "":
		m.problem = "No contact matches. Paste a contact id, or try part of a name, email or phone number."
	}
	return nil
}

// refilter recomputes the rows for the query: the start of an id lists the
// contacts whose id starts so; other text lists the recent contacts that
// match, then the search matches not already listed.
func (m *lookupScreen) refilter() {
	q := strings.TrimSpace(m.input.Value())
	if x := m.latest(); x != nil && x.ix != m.index { // refreshed, or a save
		m.index, m.listErr, m.listing = x.ix, nil, false
		m.last, m.lastMatches = query{}, nil
	}
	m.cursor, m.top = 0, 0
	m.recentRows, m.matches = m.recentRows[:0], m.matches[:0]
	prefix, isPrefix := api.IDPrefix(q)
	m.prefix = isPrefix
	seen := map[string]bool{}
	terms := strings.Fields(fold(q))
	for _, r := range m.recent {
		if isPrefix && !api.HasIDPrefix(r.ID, prefix) {
			continue
		}
		hay := fold(r.Name) + "\x00" + fold(r.Email) + "\x00" + strings.ToLower(r.ID)
		if !isPrefix && !containsAll(hay, terms) {
			continue
		}
		m.recentRows = append(m.recentRows, r)
		seen[strings.ToLower(r.ID)] = true
	}
	defer m.scroll()
	if q == "" || m.index == nil {
		return
	}
	var all []int32
	if isPrefix {
		all = m.index.IDPrefix(prefix)
		m.last, m.lastMatches = query{}, nil
	} else {
		pq := parseQuery(q)
		var within []int32
		if pq.narrows(m.last) {
			within = m.lastMatches
			if within == nil {
				within = []int32{}
			}
		}
		all = m.index.Match(pq, within)
		m.last, m.lastMatches = pq, all
	}
	for _, i := range all {
		if len(seen) == 0 || !seen[m.index.foldedID(int(i))] {
			m.matches = append(m.matches, i)
		}
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

func (m *lookupScreen) view() string {
	t := m.s.theme
	var b strings.Builder
	b.WriteString(t.Title.Render("Open a contact") + "\n")
	b.WriteString(m.input.View() + "\n")
	b.WriteString(strings.Join(m.info(), "\n") + "\n\n")
	b.WriteString(m.listView())
	if m.rows() == 0 {
		q := strings.TrimSpace(m.input.Value())
		switch {
		case q == "" && len(m.recent) == 0:
			b.WriteString(t.Subtle.Render("Paste a contact id, or type part of a name, email or phone number.") + "\n")
		case q != "" && !m.listing && m.problem == "":
			b.WriteString(t.Subtle.Render("No contact matches “"+sanitize.Fit(q, 30)+"”.") + "\n")
		}
	}
	return b.String()
}

// info is the line (or lines, wrapped) under the input: what went wrong,
// or what can be searched.
func (m *lookupScreen) info() []string {
	t := m.s.theme
	switch {
	case m.problem != "":
		return styleLines(t.Bad, wrapLines("✗ "+m.problem, m.width, "  "))
	case m.listing:
		return []string{t.Subtle.Render(m.spinner.View() + " loading the workspace's contacts for search…")}
	case m.listErr != nil:
		return styleLines(t.Warn, wrapLines("Search is unavailable: "+errorText(m.listErr)+" You can still paste a contact id.", m.width, ""))
	case m.prefix && m.rows() == 1:
		return styleLines(t.Subtle, wrapLines("One known contact has an id starting like this: enter opens it.", m.width, ""))
	}
	return []string{t.Subtle.Render(fmt.Sprintf("%d contacts searchable by name, email, phone or id", m.index.Len()))}
}

// listView draws the rows in the window, with their section headings and
// how many rows lie above and below it.
func (m *lookupScreen) listView() string {
	t := m.s.theme
	n := m.rows()
	if n == 0 {
		return ""
	}
	var b strings.Builder
	if m.top > 0 {
		b.WriteString(t.Subtle.Render(fmt.Sprintf("↑ %d more above", m.top)) + "\n")
	}
	end := min(m.top+m.window(), n)
	section := ""
	for i := m.top; i < end; i++ {
		it := m.item(i)
		heading := fmt.Sprintf("Matches (%d)", len(m.matches))
		if it.recent {
			heading = fmt.Sprintf("Recent (%d)", len(m.recentRows))
		}
		if heading != section {
			b.WriteString(t.Subtle.Render(heading) + "\n")
			section = heading
		}
		b.WriteString(m.itemView(it, i == m.cursor) + "\n")
	}
	if end < n {
		b.WriteString(t.Subtle.Render(fmt.Sprintf("↓ %d more below", n-end)) + "\n")
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
	draft := ""
	if m.drafted[strings.ToLower(it.id)] {
		draft = " " + t.Warn.Render("[draft]")
	}
	rest := sanitize.Text(it.email)
	if it.phone != "" {
		rest += " · " + sanitize.Text(it.phone)
	}
	rest += " · " + api.ShortID(sanitize.Text(it.id))
	w := max(m.width-2-widthOf(draft), 10)
	nameW := min(sanitize.Width(name), max(w/2, 12))
	shown := sanitize.Truncate(name, nameW)
	line := shown + draft
	if restW := w - sanitize.Width(shown) - 3; restW > 4 {
		line += "   " + t.Subtle.Render(sanitize.Truncate(rest, restW))
	}
	if selected {
		return t.Selected.Render(marker) + t.Selected.Render(shown) + strings.TrimPrefix(line, shown)
	}
	return marker + line
}
