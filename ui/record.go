package ui

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// record is the contact on screen and what hangs off it: its addresses
// (each with its own loading state), its customer, the drafts waiting for
// it, and the last save. It is plain data, shared by the screens that show
// or edit it (contact, form, review, conflict); it changes only through
// apply, from the messages its own commands bring back. How it looks is
// record_view.go's business.
type record struct {
	id     string
	seq    int // ignores answers to requests made before the last (re)load
	cancel context.CancelFunc

	loading  bool // the contact itself is being fetched
	err      error
	contact  *api.Contact
	customer *api.Customer
	addrs    []addressSlot
	drafts   []state.Draft
	lastSave *edit.Result
}

// addressSlot is one linked address and its own loading state.
type addressSlot struct {
	id      string
	address *api.Address
	err     error
	loading bool
}

var errCanceledLoad = plainError("loading was canceled: press a to try again")

type plainError string

func (e plainError) Error() string { return string(e) }

// open starts loading the contact afresh; anything still in flight for the
// previous load is canceled.
func (r *record) open(s *session) tea.Cmd {
	r.stop()
	r.seq++
	r.loading, r.err = true, nil
	r.contact, r.customer, r.addrs, r.drafts, r.lastSave = nil, nil, nil, nil, nil
	ctx, cancel := s.request()
	r.cancel = cancel
	return fetchContact(ctx, s.API, r.seq, r.id)
}

// reload fetches the contact and its addresses again, keeping the current
// copy meanwhile.
func (r *record) reload(s *session) tea.Cmd {
	if r.contact == nil {
		return r.open(s)
	}
	r.stop()
	r.seq++
	r.loading = true
	ctx, cancel := s.request()
	r.cancel = cancel
	return fetchContact(ctx, s.API, r.seq, r.id)
}

// stop cancels the requests in flight.
func (r *record) stop() {
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
}

// cancelLoads stops the requests in flight and marks what they were
// loading as canceled.
func (r *record) cancelLoads() {
	r.stop()
	r.loading = false
	for i := range r.addrs {
		if r.addrs[i].loading {
			r.addrs[i].loading, r.addrs[i].err = false, errCanceledLoad
		}
	}
}

// busy reports whether a request is running.
func (r *record) busy() bool {
	return r.loading || slices.ContainsFunc(r.addrs, func(a addressSlot) bool { return a.loading })
}

// apply takes a message about the record: a load's answer, a save's, a
// discarded draft. It reports whether the message was one of those.
func (r *record) apply(s *session, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case contactLoadedMsg:
		if msg.seq != r.seq {
			return nil, true
		}
		return r.loaded(s, msg.contact), true
	case contactFailedMsg:
		if msg.seq == r.seq {
			r.loading = false
			if !api.IsCanceled(msg.err) {
				r.err = msg.err
			}
		}
	case addressLoadedMsg:
		if msg.seq != r.seq {
			return nil, true
		}
		for i := range r.addrs {
			if api.SameID(r.addrs[i].id, msg.id) && r.addrs[i].loading {
				r.addrs[i] = addressSlot{id: r.addrs[i].id, address: msg.address, err: msg.err}
				if api.IsCanceled(msg.err) {
					r.addrs[i].err = errCanceledLoad
				}
				break
			}
		}
	case customerLoadedMsg:
		if msg.seq == r.seq && msg.err == nil {
			r.customer = msg.customer
		}
	case draftsFoundMsg:
		if msg.seq == r.seq {
			r.drafts = msg.drafts
		}
	case saveFinishedMsg:
		r.refreshed(msg.result)
	case draftDiscardedMsg:
		if msg.err == nil {
			r.dropDraft(msg.kind, msg.id)
		}
	default:
		return nil, false
	}
	return nil, true
}

// loaded takes a freshly fetched contact and starts everything that hangs
// off it at once: addresses (concurrently), the customer's name, drafts and
// the recent list.
func (r *record) loaded(s *session, c *api.Contact) tea.Cmd {
	r.loading, r.err = false, nil
	if c.ID == "" {
		c.ID = r.id
	}
	prev := r.addrs
	r.contact = c
	ctx, cancel := s.request()
	r.cancel = cancel
	var cmds []tea.Cmd
	r.addrs = make([]addressSlot, len(c.AddressIDs))
	for i, id := range c.AddressIDs {
		r.addrs[i] = addressSlot{id: id, loading: true}
		for _, p := range prev { // keep showing the old copy while reloading
			if api.SameID(p.id, id) && p.address != nil {
				r.addrs[i].address = p.address
			}
		}
		cmds = append(cmds, fetchAddress(ctx, s.API, r.seq, id))
	}
	if r.customer == nil || !api.SameID(r.customer.ID, c.CustomerID) {
		r.customer = nil
		if api.ValidID(c.CustomerID) {
			cmds = append(cmds, fetchCustomer(ctx, s.API, r.seq, c.CustomerID))
		}
	}
	if s.StateDir != "" {
		cmds = append(cmds, pushRecent(s.StateDir, s.recentList(), c))
	}
	if s.Writer != nil {
		cmds = append(cmds, findDrafts(s.Writer, r.seq, c.ID))
	}
	return tea.Batch(cmds...)
}

// refreshed takes the record a save (or a conflict check) brought back.
// After an address save only that address changes.
func (r *record) refreshed(res edit.Result) {
	if res.Contact != nil && r.contact != nil && api.SameID(res.Contact.ID, r.contact.ID) {
		c := *res.Contact
		c.KeepKnown(r.contact)
		r.contact = &c
	}
	if res.Address != nil {
		for i := range r.addrs {
			if api.SameID(r.addrs[i].id, res.Address.ID) {
				a := *res.Address
				a.KeepKnown(r.addrs[i].address)
				r.addrs[i] = addressSlot{id: r.addrs[i].id, address: &a}
			}
		}
	}
	if res.Landed() && r.holds(res.Edit.Target) {
		r.lastSave = &res
		r.dropDraft(res.Edit.Kind, res.Edit.ID)
	}
}

func (r *record) dropDraft(kind api.Kind, id string) {
	r.drafts = slices.DeleteFunc(r.drafts, func(d state.Draft) bool { return d.Kind == kind && api.SameID(d.ID, id) })
}

// holds reports whether t is the contact or one of its addresses.
func (r *record) holds(t edit.Target) bool {
	if r.contact == nil {
		return false
	}
	if t.Kind == api.KindContact {
		return api.SameID(t.ID, r.contact.ID)
	}
	return slices.ContainsFunc(r.addrs, func(a addressSlot) bool { return api.SameID(a.id, t.ID) })
}

func (r *record) failedCount() int {
	n := 0
	for _, a := range r.addrs {
		if a.err != nil {
			n++
		}
	}
	return n
}

// retryFailed fetches again the addresses that failed.
func (r *record) retryFailed(s *session) tea.Cmd {
	if r.failedCount() == 0 {
		return nil
	}
	ctx, cancel := s.request()
	prev := r.cancel
	r.cancel = func() { cancel(); callIf(prev) }
	var cmds []tea.Cmd
	for i := range r.addrs {
		if r.addrs[i].err != nil {
			r.addrs[i].err, r.addrs[i].loading = nil, true
			cmds = append(cmds, fetchAddress(ctx, s.API, r.seq, r.addrs[i].id))
		}
	}
	return tea.Batch(cmds...)
}

func callIf(f func()) {
	if f != nil {
		f()
	}
}

// target returns the record at focus (0: the contact; i+1: address i),
// once it is loaded.
func (r *record) target(focus int) (edit.Target, bool) {
	if r.contact == nil {
		return edit.Target{}, false
	}
	if focus == 0 || focus > len(r.addrs) {
		return edit.Target{Kind: api.KindContact, ID: r.contact.ID, ContactID: r.contact.ID}, true
	}
	slot := r.addrs[focus-1]
	if slot.address == nil || slot.loading {
		return edit.Target{}, false
	}
	return edit.Target{Kind: api.KindAddress, ID: slot.id, ContactID: r.contact.ID}, true
}

// values returns the values of the contact or one of its loaded addresses.
func (r *record) values(t edit.Target) (api.Values, bool) {
	if t.Kind == api.KindContact && r.contact != nil && api.SameID(r.contact.ID, t.ID) {
		return r.contact.Values(), true
	}
	for _, a := range r.addrs {
		if api.SameID(a.id, t.ID) && a.address != nil {
			return a.address.Values(), true
		}
	}
	return api.Values{}, false
}

// name is the contact's name, for breadcrumbs ("" until it is loaded).
func (r *record) name() string {
	if r.contact == nil {
		return ""
	}
	return r.contact.FullName()
}

// title names one of the record's parts: the contact's name, or the
// address's name.
func (r *record) title(t edit.Target) string {
	if t.Kind == api.KindContact && r.contact != nil {
		return r.contact.FullName()
	}
	for _, a := range r.addrs {
		if api.SameID(a.id, t.ID) && a.address != nil && a.address.Name.Valid && a.address.Name.String != "" {
			return a.address.Name.String
		}
	}
	return string(t.Kind) + " " + api.ShortID(t.ID)
}

// draftValues returns the record values a draft applies to: the contact's
// or its address's, and whether they are loaded.
func (r *record) draftValues(d state.Draft) (api.Values, bool) {
	if d.Kind == api.KindContact {
		if r.contact == nil {
			return nil, false
		}
		return r.contact.Values(), true
	}
	return r.values(edit.Target{Kind: d.Kind, ID: d.ID})
}
