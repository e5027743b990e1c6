package ui

import (
	"context"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// Commands do the I/O, off the UI goroutine.

func fetchContact(ctx context.Context, a API, seq int, id string) tea.Cmd {
	return func() tea.Msg {
		c, err := a.GetContact(ctx, id)
		if err != nil {
			return contactFailedMsg{seq: seq, id: id, err: err}
		}
		return contactLoadedMsg{seq: seq, contact: c}
	}
}

// fetchAddresses fetches addresses, all at once (the client bounds how
// many are in flight), and brings their answers back as they come:
// whatever arrived while the app was busy, together.
func fetchAddresses(ctx context.Context, a API, seq int, ids []string) tea.Cmd {
	if len(ids) == 0 {
		return nil
	}
	ids = slices.Clone(ids)
	return func() tea.Msg {
		ch := make(chan api.AddressResult, len(ids))
		next := make(chan string, len(ids))
		for _, id := range ids {
			next <- id
		}
		close(next)
		// In order, so the boxes at the top of the screen come first; as
		// many at a time as the client lets one session have in flight.
		for range min(len(ids), api.DefaultSessionConcurrency) {
			go func() {
				for id := range next {
					addr, err := a.GetAddress(ctx, id)
					ch <- api.AddressResult{ID: id, Address: addr, Err: err}
				}
			}()
		}
		return collectAddresses(seq, ch, len(ids))()
	}
}

// collectAddresses waits for the next answer, then takes every other one
// already there.
func collectAddresses(seq int, ch <-chan api.AddressResult, left int) tea.Cmd {
	return func() tea.Msg {
		batch := []api.AddressResult{<-ch}
	more:
		for len(batch) < left {
			select {
			case r := <-ch:
				batch = append(batch, r)
			default:
				break more
			}
		}
		msg := addressesLoadedMsg{seq: seq, results: batch}
		if rest := left - len(batch); rest > 0 {
			msg.more = collectAddresses(seq, ch, rest)
		}
		return msg
	}
}

func fetchCustomer(ctx context.Context, a API, seq int, id string) tea.Cmd {
	return func() tea.Msg {
		c, err := a.GetCustomer(ctx, id)
		return customerLoadedMsg{seq: seq, id: id, customer: c, err: err}
	}
}

// loadIndex gets the contact index for search: at once when it exists,
// else once the list has streamed in.
func loadIndex(ctx context.Context, c Contacts) tea.Cmd {
	return func() tea.Msg {
		x, err := c.Index(ctx)
		if err != nil {
			return contactsListedMsg{err: err}
		}
		return contactsListedMsg{index: x.ix}
	}
}

// publishSaved gives the contact index the contact a save brought back,
// so that search finds it as it is now.
func publishSaved(c Contacts, contact *api.Contact) tea.Cmd {
	if c == nil || contact == nil {
		return nil
	}
	return func() tea.Msg { c.Saved(contact); return nil }
}

func loadRecent(dir, profile string) tea.Cmd {
	return func() tea.Msg {
		recent, _ := state.LoadRecent(dir, profile) // a damaged list is replaced on the next open
		return recentLoadedMsg{recent: recent}
	}
}

func pushRecent(dir, profile string, c *api.Contact) tea.Cmd {
	entry := state.RecentContact{ID: c.ID, Name: c.FullName(), Email: c.Email}
	return func() tea.Msg {
		recent, err := state.PushRecent(dir, profile, entry)
		if err != nil {
			return nil
		}
		return recentLoadedMsg{recent: recent}
	}
}

// findDrafts looks for unsaved edits of a contact or of its addresses.
func findDrafts(w *edit.Writer, seq int, contactID string) tea.Cmd {
	return func() tea.Msg {
		all, _ := w.ListDrafts() // damaged drafts are skipped, the rest offered
		var mine []state.Draft
		for _, d := range all {
			if api.SameID(d.ID, contactID) || api.SameID(d.ContactID, contactID) {
				mine = append(mine, d)
			}
		}
		return draftsFoundMsg{seq: seq, drafts: mine}
	}
}

// Every call into the write path (edit.Writer) is below: undo, save,
// drafts. The UI words what comes back in words.go.

func findUndo(w *edit.Writer, t edit.Target) tea.Cmd {
	return func() tea.Msg {
		u, err := w.LastChange(t.Kind, t.ID, t.ContactID)
		return undoFoundMsg{target: t, proposal: u, err: err}
	}
}

// saveEdit runs the write path; it keeps the edit as a draft whenever the
// edit did not reach the server.
func saveEdit(ctx context.Context, w *edit.Writer, e edit.Edit) tea.Cmd {
	return func() tea.Msg { return saveFinishedMsg{result: w.Save(ctx, e)} }
}

// startChecks runs, at the start of the local app, what the write path
// checks once: the writes an earlier session left in flight, then the
// audit log's hash chain. Each says what it found in the status line (a
// broken chain last, so it stays).
func startChecks(s *session) tea.Cmd {
	if !s.ResolveAtStart || s.Writer == nil {
		return nil
	}
	w, ctx := s.Writer, s.ctx
	return tea.Sequence(
		func() tea.Msg {
			rs, _ := w.ResolvePending(ctx)
			if len(rs) == 0 {
				return nil
			}
			kind, text := resolvedStatus(rs)
			return status{kind: kind, text: text}
		},
		func() tea.Msg {
			if w.Audit == nil {
				return nil
			}
			v, err := w.Audit.Verify()
			if err != nil || v.Break == nil {
				return nil
			}
			return status{kind: statusError, text: chainBrokenWords(v.Break)}
		},
	)
}

func writeDraft(w *edit.Writer, e edit.Edit) tea.Cmd {
	return func() tea.Msg {
		if len(e.Changes()) == 0 {
			return draftWrittenMsg{err: w.DiscardDraft(e.Kind, e.ID)}
		}
		return draftWrittenMsg{err: w.SaveDraft(e)}
	}
}

func discardDraft(w *edit.Writer, kind api.Kind, id string) tea.Cmd {
	if w == nil {
		return nil
	}
	return func() tea.Msg { return draftDiscardedMsg{kind: kind, id: id, err: w.DiscardDraft(kind, id)} }
}

// saveDraftThenQuit keeps the edit as a draft, then ends the program.
func saveDraftThenQuit(w *edit.Writer, e edit.Edit) tea.Cmd {
	if w == nil {
		return tea.Quit
	}
	return tea.Sequence(func() tea.Msg { return draftWrittenMsg{err: keepDraft(w, e)} }, tea.Quit)
}

// keepDraft saves an edit as a draft, right away (the program is ending).
func keepDraft(w *edit.Writer, e edit.Edit) error {
	if w == nil {
		return nil
	}
	return w.SaveDraft(e)
}

// describe returns the PATCH an edit would be sent as, for a dry run.
func describe(s *session, e edit.Edit) (*edit.Request, error) {
	p, err := e.Patch()
	if err != nil {
		return nil, err
	}
	return edit.Describe(s.Writer.BaseURL, e.Target, p), nil
}

// copyCurl copies the curl command of a dry run's PATCH.
func copyCurl(s *session, e edit.Edit) tea.Cmd {
	req, err := describe(s, e)
	if err != nil {
		return nil
	}
	return copyToClipboard(s, "the curl command", req.Curl())
}

// listDrafted lists the contacts with a draft waiting (for themselves or
// one of their addresses), for the lookup's marks.
func listDrafted(w *edit.Writer) tea.Cmd {
	return func() tea.Msg {
		all, _ := w.ListDrafts() // damaged drafts are skipped
		ids := map[string]bool{}
		for _, d := range all {
			if d.Kind == api.KindContact {
				ids[strings.ToLower(d.ID)] = true
			}
			if d.ContactID != "" {
				ids[strings.ToLower(d.ContactID)] = true
			}
		}
		return draftsListedMsg{contacts: ids}
	}
}
