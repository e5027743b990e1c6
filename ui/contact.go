package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// contactScreen shows one contact with its addresses, and starts edits.
type contactScreen struct {
	s       *session
	keys    contactKeys
	spinner spinner.Model
	vp      viewport.Model

	seq    int // ignores answers to requests made before the last (re)load
	cancel context.CancelFunc
	id     string

	loading  bool // the contact itself is being fetched
	loadErr  error
	contact  *api.Contact
	customer *api.Customer
	addrs    []addressSlot
	focus    int // 0: the contact; i+1: address i
	drafts   []state.Draft
	lastSave *edit.Result

	width, height int
	dirty         bool  // content must be re-rendered
	addrTop       []int // line where each address box starts
	addrHeight    []int
	lines         []string // the rendered content, line by line
	cache         renderCache
}

// addressSlot is one linked address and its own loading state.
type addressSlot struct {
	id      string
	address *api.Address
	err     error
	loading bool
}

func newContactScreen(s *session) *contactScreen {
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{} // keys are routed by the screen
	k := newContactKeys()
	return &contactScreen{s: s, keys: k, spinner: sp, vp: vp}
}

// ShortHelp lists the keys that work now: with no contact on screen (still
// loading, or failed), only reload, open another and quit.
func (m *contactScreen) ShortHelp() []key.Binding {
	if m.contact == nil {
		return []key.Binding{m.keys.Reload, m.keys.Open, m.keys.Back, m.keys.Quit}
	}
	return m.helpKeys().ShortHelp()
}

// helpKeys returns the key map with the help's conditions read from the
// screen's state.
func (m *contactScreen) helpKeys() contactKeys {
	k := m.keys
	k.readOnly = m.s.ReadOnly
	k.hasDraft = len(m.drafts) > 0 && !m.s.ReadOnly
	k.hasFailed = m.failedCount() > 0
	k.hasSummary = m.lastSave != nil
	k.onAddress = m.focus > 0
	return k
}

// FullHelp lists every key of the view.
func (m *contactScreen) FullHelp() [][]key.Binding {
	if m.contact == nil {
		return [][]key.Binding{m.ShortHelp()}
	}
	return m.helpKeys().FullHelp()
}

func (m *contactScreen) setSize(w, h int) {
	m.width, m.height = w, h
	m.vp.Width, m.vp.Height = w, max(h, 1)
	m.dirty = true
}

// open starts loading a contact. Anything still in flight for the previous
// one is canceled.
func (m *contactScreen) open(id string) tea.Cmd {
	m.stop()
	m.seq++
	m.id = id
	m.loading, m.loadErr = true, nil
	m.contact, m.customer, m.addrs, m.drafts, m.lastSave = nil, nil, nil, nil, nil
	m.focus = 0
	m.vp.GotoTop()
	m.dirty = true
	ctx, cancel := m.s.request()
	m.cancel = cancel
	return tea.Batch(fetchContact(ctx, m.s.API, m.seq, id), m.spinner.Tick)
}

// reload fetches the contact and its addresses again, keeping the current
// copy on screen meanwhile.
func (m *contactScreen) reload() tea.Cmd {
	m.stop()
	m.seq++
	m.loading = true
	m.dirty = true
	ctx, cancel := m.s.request()
	m.cancel = cancel
	return tea.Batch(fetchContact(ctx, m.s.API, m.seq, m.id), m.spinner.Tick)
}

// stop cancels the requests in flight.
func (m *contactScreen) stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// busy reports whether a request is running (the spinner turns).
func (m *contactScreen) busy() bool {
	if m.loading {
		return true
	}
	for _, a := range m.addrs {
		if a.loading {
			return true
		}
	}
	return false
}

func (m *contactScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case contactLoadedMsg:
		if msg.seq != m.seq {
			return nil
		}
		return m.loaded(msg.contact)
	case contactFailedMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.loading = false
		m.dirty = true
		if api.IsCanceled(msg.err) {
			return nil
		}
		m.loadErr = msg.err
		return nil
	case addressLoadedMsg:
		if msg.seq != m.seq {
			return nil
		}
		for i := range m.addrs {
			if m.addrs[i].id == msg.id && m.addrs[i].loading {
				m.addrs[i] = addressSlot{id: msg.id, address: msg.address, err: msg.err}
				if api.IsCanceled(msg.err) {
					m.addrs[i].err = errCanceledLoad
				}
				break
			}
		}
		m.dirty = true
		return nil
	case customerLoadedMsg:
		if msg.seq == m.seq && msg.err == nil {
			m.customer = msg.customer
			m.dirty = true
		}
		return nil
	case draftsFoundMsg:
		if msg.seq == m.seq {
			m.drafts = msg.drafts
			m.dirty = true
		}
		return nil
	case spinner.TickMsg:
		if !m.busy() {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.dirty = true
		return cmd
	case recordRefreshedMsg:
		m.refreshed(msg.result)
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

var errCanceledLoad = plainError("loading was canceled: press a to try again")

type plainError string

func (e plainError) Error() string { return string(e) }

// loaded takes a freshly fetched contact and starts everything that hangs
// off it at once: addresses (concurrently), the customer's name, drafts and
// the recent list.
func (m *contactScreen) loaded(c *api.Contact) tea.Cmd {
	m.loading = false
	m.loadErr = nil
	prevAddrs := m.addrs
	m.contact = c
	m.dirty = true
	ctx, cancel := m.s.request()
	m.cancel = cancel
	var cmds []tea.Cmd
	m.addrs = make([]addressSlot, len(c.AddressIDs))
	for i, id := range c.AddressIDs {
		m.addrs[i] = addressSlot{id: id, loading: true}
		for _, p := range prevAddrs { // keep showing the old copy while reloading
			if p.id == id && p.address != nil {
				m.addrs[i].address = p.address
			}
		}
		cmds = append(cmds, fetchAddress(ctx, m.s.API, m.seq, id))
	}
	if m.focus > len(m.addrs) {
		m.focus = 0
	}
	if m.customer == nil || m.customer.ID != c.CustomerID {
		m.customer = nil
		if api.ValidID(c.CustomerID) {
			cmds = append(cmds, fetchCustomer(ctx, m.s.API, m.seq, c.CustomerID))
		}
	}
	if m.s.StateDir != "" {
		cmds = append(cmds, pushRecent(m.s.StateDir, m.s.recentList(), c))
	}
	if m.s.Writer != nil {
		cmds = append(cmds, findDrafts(m.s.Writer, m.seq, c.ID))
	}
	cmds = append(cmds, m.spinner.Tick)
	return tea.Batch(cmds...)
}

// refreshed takes the record a save (or a conflict check) brought back.
// After an address save only that address changes; the contact and the
// other addresses stay as they are.
func (m *contactScreen) refreshed(r edit.Result) {
	if r.Contact != nil && m.contact != nil && r.Contact.ID == m.contact.ID {
		c := *r.Contact
		c.KeepKnown(m.contact)
		m.contact = &c
	}
	if r.Address != nil {
		for i := range m.addrs {
			if m.addrs[i].id == r.Address.ID {
				a := *r.Address
				a.KeepKnown(m.addrs[i].address)
				m.addrs[i] = addressSlot{id: a.ID, address: &a}
			}
		}
	}
	if r.Landed() {
		m.lastSave = &r
		m.dropDraft(r.Edit.Kind, r.Edit.ID)
	}
	m.dirty = true
}

func (m *contactScreen) dropDraft(kind api.Kind, id string) {
	out := m.drafts[:0]
	for _, d := range m.drafts {
		if d.Kind != kind || d.ID != id {
			out = append(out, d)
		}
	}
	m.drafts = out
}

func (m *contactScreen) failedCount() int {
	n := 0
	for _, a := range m.addrs {
		if a.err != nil {
			n++
		}
	}
	return n
}

func (m *contactScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		if m.busy() && m.contact == nil {
			m.stop()
			return navigate(showLookupMsg{status: "Canceled: the contact was not loaded."})
		}
		if m.busy() {
			m.stop()
			m.loading = false
			for i := range m.addrs {
				if m.addrs[i].loading {
					m.addrs[i].loading, m.addrs[i].err = false, errCanceledLoad
				}
			}
			m.dirty = true
			return setStatus(statusWarn, "Canceled.")
		}
		return navigate(showLookupMsg{})
	case key.Matches(msg, k.Open):
		m.stop()
		return navigate(showLookupMsg{})
	case key.Matches(msg, k.Reload):
		if m.contact == nil {
			return m.open(m.id)
		}
		return m.reload()
	}
	if m.contact == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Retry):
		return m.retryFailed()
	case key.Matches(msg, k.Edit):
		return m.startEdit()
	case key.Matches(msg, k.Undo):
		return m.startUndo()
	case key.Matches(msg, k.Copy):
		return copyToClipboard(m.s.Clipboard, m.s.TermEnv, "the contact id", m.contact.ID)
	case key.Matches(msg, k.CopySummary):
		if m.lastSave == nil {
			return setStatus(statusInfo, "Nothing to copy yet: the summary of a change is offered after a save.")
		}
		return copyToClipboard(m.s.Clipboard, m.s.TermEnv, "the change summary", changeSummary(*m.lastSave, m.contact.FullName()))
	case key.Matches(msg, k.Restore):
		return m.restoreDraft()
	case key.Matches(msg, k.Discard):
		if len(m.drafts) == 0 || m.s.Writer == nil {
			return nil
		}
		d := m.drafts[0]
		m.dropDraft(d.Kind, d.ID)
		m.dirty = true
		return tea.Batch(discardDraft(m.s.Writer, d.Kind, d.ID), setStatus(statusInfo, "Draft discarded."))
	case key.Matches(msg, k.Next):
		m.moveFocus(1, true)
	case key.Matches(msg, k.Prev):
		m.moveFocus(-1, true)
	case key.Matches(msg, k.Down):
		if m.focus > 0 {
			m.moveFocus(1, false)
		} else {
			m.vp.ScrollDown(1)
		}
	case key.Matches(msg, k.Up):
		if m.focus > 0 {
			m.moveFocus(-1, false)
		} else {
			m.vp.ScrollUp(1)
		}
	case key.Matches(msg, k.PageDown):
		m.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
	}
	return nil
}

// moveFocus moves between the contact (0) and its addresses. wrap lets tab
// cycle back to the contact; arrows stay among the addresses.
func (m *contactScreen) moveFocus(d int, wrap bool) {
	n := len(m.addrs) + 1
	if wrap {
		m.focus = (m.focus + d + n) % n
	} else {
		m.focus = min(max(m.focus+d, 1), n-1)
	}
	m.dirty = true
	m.render()
	if m.focus == 0 {
		m.vp.GotoTop()
		return
	}
	top, h := m.addrTop[m.focus-1], m.addrHeight[m.focus-1]
	switch {
	case top < m.vp.YOffset:
		m.vp.SetYOffset(top)
	case top+h > m.vp.YOffset+m.vp.Height:
		m.vp.SetYOffset(top + h - m.vp.Height)
	}
}

func (m *contactScreen) retryFailed() tea.Cmd {
	if m.failedCount() == 0 {
		return nil
	}
	ctx, cancel := m.s.request()
	prev := m.cancel
	m.cancel = func() { cancel(); callIf(prev) }
	var cmds []tea.Cmd
	for i := range m.addrs {
		if m.addrs[i].err != nil {
			m.addrs[i].err, m.addrs[i].loading = nil, true
			cmds = append(cmds, fetchAddress(ctx, m.s.API, m.seq, m.addrs[i].id))
		}
	}
	m.dirty = true
	return tea.Batch(append(cmds, m.spinner.Tick)...)
}

func callIf(f func()) {
	if f != nil {
		f()
	}
}

// focused returns the record the keys act on: the contact, or the focused
// address once it is loaded.
func (m *contactScreen) focused() (edit.Target, bool) {
	if m.focus == 0 {
		return edit.Target{Kind: api.KindContact, ID: m.contact.ID, ContactID: m.contact.ID}, true
	}
	slot := m.addrs[m.focus-1]
	if slot.address == nil || slot.loading {
		return edit.Target{}, false
	}
	return edit.Target{Kind: api.KindAddress, ID: slot.id, ContactID: m.contact.ID}, true
}

const notLoaded = "This address is not loaded: wait for it, or press a to retry."

func (m *contactScreen) startEdit() tea.Cmd {
	if m.s.ReadOnly {
		return setStatus(statusWarn, "Read-only: this session cannot change data.")
	}
	t, ok := m.focused()
	if !ok {
		return setStatus(statusWarn, notLoaded)
	}
	values, _ := m.recordValues(t)
	e := edit.Edit{Target: t, Base: values, After: api.Values{}, Source: m.s.Source}
	return navigate(startEditMsg{edit: e, values: values, title: m.recordTitle(t)})
}

func (m *contactScreen) startUndo() tea.Cmd {
	if m.s.ReadOnly {
		return setStatus(statusWarn, "Read-only: this session cannot undo changes.")
	}
	t, ok := m.focused()
	if !ok {
		return setStatus(statusWarn, notLoaded)
	}
	return findUndo(m.s.Writer, t)
}

// restoreDraft re-opens the form on the first draft: the fresh copy with the
// draft's edits on top, still checked against the copy the draft started
// from.
func (m *contactScreen) restoreDraft() tea.Cmd {
	if len(m.drafts) == 0 || m.s.ReadOnly {
		return nil
	}
	d := m.drafts[0]
	t := edit.Target{Kind: d.Kind, ID: d.ID, ContactID: m.contact.ID}
	values, ok := m.recordValues(t)
	if !ok {
		return setStatus(statusWarn, "The draft's address is not loaded yet: wait for it, or press a to retry.")
	}
	e := edit.Edit{Target: t, Base: d.Base, After: d.Edited, Reason: d.Reason, Source: m.s.Source}
	return navigate(startEditMsg{edit: e, values: e.Overlay(values), title: m.recordTitle(t) + " (restored draft)"})
}

// view shows the visible window of the rendered content. The lines are
// already cut to the width, so nothing is measured or padded per frame
// (the viewport keeps the scroll position).
func (m *contactScreen) view() string {
	if m.dirty {
		m.render()
	}
	y := min(max(m.vp.YOffset, 0), len(m.lines))
	end := min(y+m.vp.Height, len(m.lines))
	return strings.Join(m.lines[y:end], "\n")
}

// render rebuilds the content; the viewport keeps it until the data, the
// size or the focus change.
func (m *contactScreen) render() {
	m.dirty = false
	t := m.s.theme
	w := max(m.width, 20)
	if m.contact == nil {
		var body string
		switch {
		case m.loading:
			body = m.spinner.View() + " Loading contact " + m.id + "…  " + t.Subtle.Render("(esc cancels)")
		case m.loadErr != nil:
			body = t.Bad.Render(wrap("✗ "+errorText(m.loadErr), w)) + "\n\n" + t.Subtle.Render("r: try again · o: open another contact")
		}
		m.setContent(body)
		m.addrTop, m.addrHeight = nil, nil
		return
	}
	head := m.headerView(w)
	var body string
	if w >= 110 {
		left := m.fieldsView(52)
		right, tops, heights := m.addressesView(w - 54)
		body = joinColumns(left, right, 54)
		m.addrTop = offsetAll(tops, lineCount(head))
		m.addrHeight = heights
	} else {
		fields := m.fieldsView(w)
		right, tops, heights := m.addressesView(w)
		body = fields + "\n" + right
		m.addrTop = offsetAll(tops, lineCount(head)+lineCount(fields)+1)
		m.addrHeight = heights
	}
	m.setContent(head + body)
}

// setContent hands the rendered content to the viewport (for scrolling)
// and keeps its lines for view.
func (m *contactScreen) setContent(content string) {
	m.vp.SetContent(content)
	m.lines = strings.Split(content, "\n")
}

func (m *contactScreen) headerView(w int) string {
	t := m.s.theme
	c := m.contact
	var b strings.Builder
	name := sanitize.Fit(c.FullName(), w-4)
	marker := ""
	if m.focus == 0 && len(m.addrs) > 0 {
		marker = t.Selected.Render("› ")
	}
	title := marker + t.Title.Render(name)
	if m.loading {
		title += "  " + m.spinner.View() + t.Subtle.Render(" reloading…")
	}
	b.WriteString(title + "\n")
	customer := api.ShortID(c.CustomerID)
	if m.customer != nil && m.customer.Name != "" {
		customer = sanitize.Text(m.customer.Name)
		if m.customer.Type != "" {
			customer += " (" + sanitize.Text(m.customer.Type) + ")"
		}
	} else if c.CustomerID != "" {
		customer = sanitize.Text(c.CustomerID)
	}
	b.WriteString(t.Subtle.Render(sanitize.Truncate("contact "+sanitize.Text(c.ID)+" · customer "+customer, w)) + "\n")
	if len(m.drafts) > 0 && !m.s.ReadOnly {
		b.WriteString(m.draftBanner(w))
	}
	b.WriteString("\n")
	return b.String()
}

// draftBanner offers the first draft, with its diff against the server's
// current copy.
func (m *contactScreen) draftBanner(w int) string {
	t := m.s.theme
	d := m.drafts[0]
	var current api.Values
	what := "this contact"
	if d.Kind == api.KindContact {
		current = m.contact.Values()
	} else {
		what = "address " + api.ShortID(d.ID)
		for _, a := range m.addrs {
			if a.id == d.ID && a.address != nil {
				current = a.address.Values()
			}
		}
	}
	var b strings.Builder
	b.WriteString(t.Warn.Render(sanitize.Truncate(fmt.Sprintf("Unsaved edit of %s from %s: R restore · D discard", what, m.s.when(d.SavedAt)), w)) + "\n")
	for _, f := range api.SchemaFor(d.Kind).Names() {
		v, ok := d.Edited[f]
		if !ok {
			continue
		}
		now := "(loading)"
		if current != nil {
			now = valueText(current[f])
		}
		b.WriteString(t.Subtle.Render(sanitize.Truncate(fmt.Sprintf("  %s: server now %s → draft %s", f, now, valueText(v)), w)) + "\n")
	}
	return b.String()
}

const labelWidth = 15

func (m *contactScreen) fieldsView(w int) string {
	key := fieldsKey{contact: m.contact, width: w}
	if m.cache.fieldsKey == key {
		return m.cache.fields
	}
	m.cache.fieldsKey, m.cache.fields = key, m.renderFields(w)
	return m.cache.fields
}

func (m *contactScreen) renderFields(w int) string {
	t := m.s.theme
	c := m.contact
	vals := c.Values()
	var b strings.Builder
	row := func(label, value string) {
		b.WriteString(t.Label.Render(padRight(label, labelWidth)) + value + "\n")
	}
	vw := max(w-labelWidth, 8)
	for _, f := range api.ContactSchema.Fields {
		row(f.Label, t.valueView(vals[f.Name], vw))
	}
	row("Created", t.Value.Render(sanitize.Truncate(m.s.when(c.CreatedAt), vw)))
	row("Updated", t.Value.Render(sanitize.Truncate(m.s.when(c.UpdatedAt), vw)))
	return b.String()
}

// addressesView renders the addresses panel: boxes in as many columns as
// fit. It returns the line where each box starts and its height.
func (m *contactScreen) addressesView(w int) (string, []int, []int) {
	t := m.s.theme
	var b strings.Builder
	title := fmt.Sprintf("Addresses (%d)", len(m.addrs))
	if n := m.failedCount(); n > 0 {
		title += t.Bad.Render(fmt.Sprintf(" · %d failed, press a to retry", n))
	}
	b.WriteString(t.Title.Render(title) + "\n")
	if !m.contact.HasAddressIDs() {
		b.WriteString(t.Subtle.Render("The server did not list this contact's addresses: press r to reload.") + "\n")
		return b.String(), nil, nil
	}
	if len(m.addrs) == 0 {
		b.WriteString(t.Subtle.Render("No addresses are linked to this contact.") + "\n")
		return b.String(), nil, nil
	}
	cols := min(max(w/38, 1), 3)
	boxW := w/cols - 1
	line := 1
	tops := make([]int, len(m.addrs))
	heights := make([]int, len(m.addrs))
	for start := 0; start < len(m.addrs); start += cols {
		end := min(start+cols, len(m.addrs))
		boxes := make([]string, 0, cols)
		rowH := 0
		for i := start; i < end; i++ {
			box := m.cachedBox(i, boxW)
			boxes = append(boxes, box)
			rowH = max(rowH, lineCount(box))
		}
		for i := start; i < end; i++ {
			tops[i], heights[i] = line, rowH
		}
		b.WriteString(joinBoxes(boxes, boxW+1) + "\n")
		line += rowH
	}
	return b.String(), tops, heights
}

// addressBox renders one address (or its loading state, or its error).
func (m *contactScreen) addressBox(i, w int) string {
	t := m.s.theme
	slot := m.addrs[i]
	focused := m.focus == i+1
	style := t.Panel
	if focused {
		style = t.PanelFocused
	}
	inner := max(w-4, 8)
	var lines []string
	marker := ""
	if focused {
		marker = "› "
	}
	switch {
	case slot.address != nil:
		a := slot.address
		badge := t.Billing.Render("[" + sanitize.Text(a.Type) + "]")
		if a.Type == "shipping" {
			badge = t.Shipping.Render("[shipping]")
		}
		name := ""
		if a.Name.Valid {
			name = " " + t.Title.Render(sanitize.Text(a.Name.String))
		}
		lines = append(lines, marker+badge+name)
		lines = append(lines, sanitize.Text(a.AddressLine1))
		if a.AddressLine2.Valid && a.AddressLine2.String != "" {
			lines = append(lines, sanitize.Text(a.AddressLine2.String))
		}
		lines = append(lines, strings.TrimSpace(sanitize.Text(a.PostalCode)+" "+sanitize.Text(a.City)))
		if a.State.Valid && a.State.String != "" {
			lines = append(lines, sanitize.Text(a.State.String))
		}
		country := sanitize.Text(a.Country)
		if n := api.CountryName(a.Country); n != "" {
			country += " · " + n
		}
		lines = append(lines, country)
		if a.Comment.Valid && a.Comment.String != "" {
			lines = append(lines, t.Subtle.Render("“"+sanitize.Text(a.Comment.String)+"”"))
		}
		if slot.loading {
			lines = append(lines, t.Subtle.Render(m.spinner.View()+" refreshing…"))
		}
	case slot.loading:
		lines = append(lines, marker+m.spinner.View()+t.Subtle.Render(" loading address "+api.ShortID(slot.id)+"…"))
	case slot.err != nil:
		style = t.PanelFailed
		msg := strings.Split(wrap("✗ "+errorText(slot.err), inner-len(marker)), "\n")
		if len(msg) > 3 {
			msg = append(msg[:2], sanitize.Truncate(strings.Join(msg[2:], " "), inner))
		}
		for j, l := range msg {
			if j == 0 {
				l = marker + l
			}
			lines = append(lines, t.Bad.Render(l))
		}
	}
	for j := range lines {
		lines[j] = truncateStyled(lines[j], inner)
	}
	return style.Width(w - 2).Render(strings.Join(lines, "\n"))
}

// recordValues returns the values of the contact or one of its loaded
// addresses, as on screen.
func (m *contactScreen) recordValues(t edit.Target) (api.Values, bool) {
	if t.Kind == api.KindContact && m.contact != nil && m.contact.ID == t.ID {
		return m.contact.Values(), true
	}
	for _, a := range m.addrs {
		if a.id == t.ID && a.address != nil {
			return a.address.Values(), true
		}
	}
	return api.Values{}, false
}

// recordTitle names a record for titles: the contact's name, or the
// address's name.
func (m *contactScreen) recordTitle(t edit.Target) string {
	if t.Kind == api.KindContact && m.contact != nil {
		return m.contact.FullName()
	}
	for _, a := range m.addrs {
		if a.id == t.ID && a.address != nil && a.address.Name.Valid && a.address.Name.String != "" {
			return a.address.Name.String
		}
	}
	return string(t.Kind) + " " + api.ShortID(t.ID)
}
