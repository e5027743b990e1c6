package ui

import (
	"context"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
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

func fetchAddress(ctx context.Context, a API, seq int, id string) tea.Cmd {
	return func() tea.Msg {
		addr, err := a.GetAddress(ctx, id)
		return addressLoadedMsg{seq: seq, id: id, address: addr, err: err}
	}
}

func fetchCustomer(ctx context.Context, a API, seq int, id string) tea.Cmd {
	return func() tea.Msg {
		c, err := a.GetCustomer(ctx, id)
		return customerLoadedMsg{seq: seq, customer: c, err: err}
	}
}

// listContacts streams the workspace's contacts into the search index.
func listContacts(ctx context.Context, a API) tea.Cmd {
	return func() tea.Msg {
		var b indexBuilder
		if err := a.EachContact(ctx, "", func(c *api.Contact) error { b.add(c); return nil }); err != nil {
			return contactsListedMsg{err: err}
		}
		return contactsListedMsg{index: b.build()}
	}
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
			if strings.EqualFold(d.ID, contactID) || strings.EqualFold(d.ContactID, contactID) {
				mine = append(mine, d)
			}
		}
		return draftsFoundMsg{seq: seq, drafts: mine}
	}
}

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

// checkChain verifies the audit log's hash chain.
func checkChain(a *state.AuditLog) tea.Cmd {
	return func() tea.Msg {
		v, err := a.Verify()
		if err != nil {
			return nil
		}
		return chainCheckedMsg{broken: v.Break}
	}
}

// resolvePending checks the writes an earlier session left in flight.
func resolvePending(ctx context.Context, w *edit.Writer) tea.Cmd {
	return func() tea.Msg {
		rs, err := w.ResolvePending(ctx)
		return pendingResolvedMsg{resolved: rs, err: err}
	}
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
	return func() tea.Msg { return draftWrittenMsg{err: w.DiscardDraft(kind, id)} }
}

// copyToClipboard writes text to the terminal's clipboard with OSC 52,
// which works over SSH and, wrapped, inside tmux and screen.
func copyToClipboard(out interface{ Write([]byte) (int, error) }, env []string, what, text string) tea.Cmd {
	if out == nil {
		return nil
	}
	e := environ(env)
	return func() tea.Msg {
		seq := osc52.New(text)
		switch {
		case e.Getenv("TMUX") != "":
			seq = seq.Tmux()
		case e.Getenv("STY") != "":
			seq = seq.Screen()
		}
		if _, err := seq.WriteTo(out); err != nil {
			return nil
		}
		return copiedMsg{what: what}
	}
}
