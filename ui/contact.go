package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
)

// contactScreen shows one contact with its addresses, and starts edits of
// it. The record it shows is loaded and kept in a record value; this
// screen adds the keys, the focus (the contact or one address) and the
// scroll position.
type contactScreen struct {
	s       *session
	rec     *record
	ks      contactKeys
	spinner spinner.Model
	ticking bool // a spinner tick is on its way

	focus  int  // 0: the contact; i+1: address i
	offset int  // the first line on screen
	follow bool // the next frame brings the focused address into view
	rv     recordView
	dirty  bool // the record or the focus changed since the last render

	width, height int
}

// newContactScreen opens contact id; listed, when not nil, is what the
// contact list knows of it, shown (and its addresses and customer fetched)
// at once.
func newContactScreen(s *session, id string, listed *api.ListedContact) *contactScreen {
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	sp.Style = s.theme.Accent
	if s.SpinnerFrame > 0 {
		sp.Spinner.FPS = s.SpinnerFrame
	}
	return &contactScreen{s: s, rec: &record{id: id, listed: listed}, ks: newContactKeys(), spinner: sp, rv: recordView{s: s}, dirty: true}
}

// activate starts loading when the screen is first shown.
func (m *contactScreen) activate() tea.Cmd {
	if m.rec.contact != nil || m.rec.busy() || m.rec.err != nil {
		return nil
	}
	return m.spin(m.rec.open(m.s))
}

func (m *contactScreen) setSize(w, h int) {
	m.width, m.height = w, max(h, 1)
	m.dirty = true
}

func (m *contactScreen) typing() bool { return false }
func (m *contactScreen) crumb() string {
	return m.rec.name()
}

func (m *contactScreen) pending() (edit.Edit, bool) { return edit.Edit{}, false }

// keys returns the key map as the screen's state has it.
func (m *contactScreen) keys() help.KeyMap { return m.keyMap() }

// keyMap reads, in one place, which keys do something now: the help shows
// these, and update matches keys against them.
func (m *contactScreen) keyMap() contactHelp {
	k, r := m.ks, m.rec
	loaded := r.contact != nil
	what := "contact"
	if m.focus > 0 {
		what = "address"
	}
	k.Edit.SetHelp("e", "edit "+what)
	k.History.SetHelp("h", "history")
	_, editable := r.target(m.focus)
	k.History.SetEnabled(editable)
	editable = editable && !m.s.ReadOnly
	k.Edit.SetEnabled(editable)
	k.Undo.SetEnabled(editable)
	k.Copy.SetEnabled(loaded)
	k.CopySummary.SetEnabled(loaded && r.lastSave != nil)
	hasAddrs := loaded && len(r.addrs) > 0
	k.Next.SetEnabled(hasAddrs)
	k.Prev.SetEnabled(hasAddrs)
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(loaded)
	}
	k.Retry.SetEnabled(loaded && r.failedCount() > 0)
	drafts := loaded && len(r.drafts) > 0 && !m.s.ReadOnly
	k.Restore.SetEnabled(drafts)
	k.Discard.SetEnabled(drafts)
	return contactHelp{contactKeys: k, loaded: loaded}
}

// spin adds the spinner's tick to cmd while the record is busy.
func (m *contactScreen) spin(cmd tea.Cmd) tea.Cmd {
	m.dirty = true
	if !m.rec.busy() || m.ticking {
		return cmd
	}
	m.ticking = true
	return tea.Batch(cmd, m.spinner.Tick)
}

func (m *contactScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.rec.apply(m.s, msg); ok {
		if m.focus > len(m.rec.addrs) {
			m.focus = 0
		}
		return m.spin(cmd)
	}
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if msg.ID != m.spinner.ID() {
			return nil
		}
		if !m.rec.busy() {
			m.ticking = false
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.dirty = true
		return cmd
	case undoFoundMsg:
		return m.undoFound(msg)
	case tea.KeyMsg:
		return m.key(msg)
	}
	return nil
}

func (m *contactScreen) key(msg tea.KeyMsg) tea.Cmd {
	k, r := m.keyMap().contactKeys, m.rec
	switch {
	case key.Matches(msg, k.Back):
		if r.busy() && r.contact == nil {
			r.stop()
			return m.s.pop(status{kind: statusWarn, text: "Canceled: the contact was not loaded."})
		}
		if r.busy() {
			r.cancelLoads()
			m.dirty = true
			return m.s.say(statusWarn, "Canceled.")
		}
		r.stop()
		return m.s.pop()
	case key.Matches(msg, k.Open):
		r.stop()
		return m.s.pop()
	case key.Matches(msg, k.Reload):
		return m.spin(r.reload(m.s))
	}
	if r.contact == nil {
		// The list's copy may be on screen meanwhile: a key that needs the
		// server's copy says why it waits instead of doing nothing.
		if key.Matches(msg, m.ks.Edit, m.ks.Undo, m.ks.History, m.ks.Copy, m.ks.CopySummary, m.ks.Restore, m.ks.Discard) {
			return m.s.say(statusWarn, contactNotLoadedWords(r.loading, r.listed != nil, r.err))
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Retry):
		return m.spin(r.retryFailed(m.s))
	case key.Matches(msg, m.ks.Edit): // when off, it says why
		return m.startEdit()
	case key.Matches(msg, m.ks.Undo):
		return m.startUndo()
	case key.Matches(msg, m.ks.History): // when off, it says why
		t, ok := r.target(m.focus)
		if !ok {
			return m.s.say(statusWarn, m.notLoaded())
		}
		return m.s.push(newHistoryScreen(m.s, r, m, t))
	case key.Matches(msg, k.Copy):
		return copyToClipboard(m.s, "the contact id", r.contact.ID)
	case key.Matches(msg, m.ks.CopySummary):
		if r.lastSave == nil {
			return m.s.say(statusInfo, "Nothing to copy yet: the summary of a change is offered after a save.")
		}
		return copyToClipboard(m.s, "the change summary", changeSummary(*r.lastSave, r.contact.FullName()))
	case key.Matches(msg, k.Restore):
		return m.restoreDraft()
	case key.Matches(msg, k.Discard):
		if len(r.drafts) == 0 || m.s.ReadOnly {
			return nil
		}
		d := r.drafts[0]
		return tea.Batch(discardDraft(m.s.Writer, d.Kind, d.ID), m.s.say(statusInfo, draftDiscardedWords))
	case key.Matches(msg, k.Next):
		m.moveFocus(1, true)
	case key.Matches(msg, k.Prev):
		m.moveFocus(-1, true)
	case key.Matches(msg, k.Down):
		if m.focus > 0 {
			m.moveFocus(1, false)
		} else {
			m.offset++
		}
	case key.Matches(msg, k.Up):
		if m.focus > 0 {
			m.moveFocus(-1, false)
		} else {
			m.offset--
		}
	case key.Matches(msg, k.PageDown):
		m.offset += m.height
	case key.Matches(msg, k.PageUp):
		m.offset -= m.height
	}
	return nil
}

// moveFocus moves between the contact (0) and its addresses. wrap lets tab
// cycle back to the contact; arrows stay among the addresses. The next
// frame scrolls the focused one into view.
func (m *contactScreen) moveFocus(d int, wrap bool) {
	n := len(m.rec.addrs) + 1
	if wrap {
		m.focus = (m.focus + d + n) % n
	} else {
		m.focus = min(max(m.focus+d, 1), n-1)
	}
	m.follow, m.dirty = true, true
}

// notLoaded says why the focused address cannot be edited, and what
// helps.
func (m *contactScreen) notLoaded() string {
	if m.focus == 0 || m.focus > len(m.rec.addrs) {
		return contactNotLoadedWords(m.rec.loading, m.rec.listed != nil, m.rec.err)
	}
	slot := m.rec.addrs[m.focus-1]
	return addressNotLoadedWords(slot.loading, slot.err)
}

func (m *contactScreen) startEdit() tea.Cmd {
	if m.s.ReadOnly {
		return m.s.say(statusWarn, "Read-only: this session cannot change data.")
	}
	t, ok := m.rec.target(m.focus)
	if !ok {
		return m.s.say(statusWarn, m.notLoaded())
	}
	values, _ := m.rec.values(t)
	e := edit.Edit{Target: t, Base: values, After: api.Values{}, Source: m.s.Source}
	return m.s.push(newFormScreen(m.s, m.rec, m, e, values, m.rec.title(t)))
}

func (m *contactScreen) startUndo() tea.Cmd {
	if m.s.ReadOnly {
		return m.s.say(statusWarn, "Read-only: this session cannot undo changes.")
	}
	t, ok := m.rec.target(m.focus)
	if !ok {
		return m.s.say(statusWarn, m.notLoaded())
	}
	return findUndo(m.s.Writer, t)
}

// undoFound opens the review of the inverse of the last recorded change.
func (m *contactScreen) undoFound(msg undoFoundMsg) tea.Cmd {
	if !m.rec.holds(msg.target) {
		return nil
	}
	if msg.err != nil || msg.proposal == nil {
		return m.s.say(undoWords(msg))
	}
	undo := msg.proposal.Edit
	undo.Source = m.s.Source
	title := m.rec.title(msg.target) + ", " + m.s.undoTitle(msg.proposal.Of)
	// The copy on screen decides at once: a change overwritten since is a
	// conflict, a change already reverted is nothing to do.
	if current, ok := m.rec.values(msg.target); ok {
		conflicts, send, already, _ := undo.Compare(current)
		switch {
		case len(conflicts) > 0:
			r := edit.Result{Outcome: edit.Conflicted, Edit: undo, Conflicts: conflicts, Fresh: current}
			return tea.Batch(m.s.push(newConflictScreen(m.s, m.rec, m, beneathContact, r, title)), m.s.say(statusWarn, conflictSummary(conflicts)))
		case len(send) == 0 && len(already) > 0:
			return m.s.say(statusInfo, undoneAlreadyWords(msg.target.Kind))
		}
	}
	return m.s.push(newReviewScreen(m.s, m.rec, m, beneathContact, undo, title))
}

// restoreDraft re-opens the form on the first draft: the fresh copy with the
// draft's edits on top, still checked against the copy the draft started
// from.
func (m *contactScreen) restoreDraft() tea.Cmd {
	if len(m.rec.drafts) == 0 || m.s.ReadOnly {
		return nil
	}
	d := m.rec.drafts[0]
	t := edit.Target{Kind: d.Kind, ID: d.ID, ContactID: m.rec.contact.ID}
	values, ok := m.rec.draftValues(d)
	if !ok {
		for _, a := range m.rec.addrs {
			if api.SameID(a.id, d.ID) {
				return m.s.say(statusWarn, "The draft's address cannot be restored yet. "+addressNotLoadedWords(a.loading, a.err))
			}
		}
		return m.s.say(statusWarn, "The draft's address is no longer listed by this contact: D discards the draft.")
	}
	e := edit.Edit{Target: t, Base: d.Base, After: d.Edited, Reason: d.Reason, Source: m.s.Source}
	return m.s.push(newFormScreen(m.s, m.rec, m, e, e.Overlay(values), m.rec.title(t)+" (restored draft)"))
}

// view shows the visible window of the rendered record; the lines are
// already cut to the width.
func (m *contactScreen) view() string {
	if m.dirty {
		m.rv.render(m.rec, viewState{focus: m.focus, frame: m.spinner.View(), width: m.width})
		m.dirty = false
	}
	lines := m.rv.lines
	if m.follow {
		m.follow = false
		m.offset = m.reveal(m.offset)
	}
	m.offset = min(max(m.offset, 0), max(len(lines)-m.height, 0))
	end := min(m.offset+m.height, len(lines))
	return strings.Join(lines[m.offset:end], "\n")
}

// reveal returns the scroll offset that shows the focused part: the top
// for the contact, the whole box for an address.
func (m *contactScreen) reveal(offset int) int {
	if m.focus == 0 || m.focus > len(m.rv.tops) {
		return 0
	}
	top, h := m.rv.tops[m.focus-1], m.rv.heights[m.focus-1]
	switch {
	case top < offset:
		return top
	case top+h > offset+m.height:
		return top + h - m.height
	}
	return offset
}
