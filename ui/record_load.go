package ui

import (
	"maps"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
)

// Loading a record. Everything known to be needed is asked for at once:
// opened from the list, the contact, its addresses and its customer go
// out together (the list carries the address and customer ids), and the
// fresh contact is then reconciled with what the list said, fetching an
// address it gained and dropping one it lost. A reload does the same with
// the copy on screen.

// open starts loading the contact afresh; anything still in flight for the
// previous load is canceled.
func (r *record) open(s *session) tea.Cmd {
	r.stop()
	r.contact, r.customer, r.customerID, r.addrs, r.drafts, r.lastSave = nil, nil, "", nil, nil, nil
	var ids []string
	var customer string
	if l := r.listed; l != nil {
		if l.HasAddressIDs {
			ids = l.AddressIDs
		}
		customer = l.CustomerID
	}
	return r.fetch(s, ids, customer)
}

// reload fetches the contact, its addresses and its customer again,
// keeping the current copy on screen meanwhile.
func (r *record) reload(s *session) tea.Cmd {
	if r.contact == nil {
		return r.open(s)
	}
	r.stop()
	return r.fetch(s, r.contact.AddressIDs, "")
}

// fetch asks for the contact and, at the same time, for the addresses ids
// and the customer (when not "").
func (r *record) fetch(s *session, ids []string, customer string) tea.Cmd {
	r.seq++
	r.loading, r.err = true, nil
	ctx, cancel := s.request()
	r.cancel = cancel
	cmds := []tea.Cmd{fetchContact(ctx, s.API, r.seq, r.id)}
	if ids != nil {
		prev := r.addrs
		r.addrs = make([]addressSlot, len(ids))
		for i, id := range ids {
			r.addrs[i] = addressSlot{id: id, loading: true, seq: r.seq, address: knownAddress(prev, id)}
		}
		cmds = append(cmds, fetchAddresses(ctx, s.API, r.seq, ids))
	}
	if api.ValidID(customer) {
		r.customerID, r.custSeq = customer, r.seq
		cmds = append(cmds, fetchCustomer(ctx, s.API, r.seq, customer))
	}
	return tea.Batch(cmds...)
}

// knownAddress returns the copy of address id among slots, if any.
func knownAddress(slots []addressSlot, id string) *api.Address {
	for _, p := range slots {
		if api.SameID(p.id, id) && p.address != nil {
			return p.address
		}
	}
	return nil
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

// addCancel adds a context's cancel to the ones stop calls.
func (r *record) addCancel(cancel func()) {
	prev := r.cancel
	r.cancel = func() {
		cancel()
		if prev != nil {
			prev()
		}
	}
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
	case addressesLoadedMsg:
		if msg.seq != r.seq {
			return nil, true
		}
		for _, res := range msg.results {
			r.addressArrived(res)
		}
		return msg.more, true
	case customerLoadedMsg:
		if msg.seq == r.seq && msg.err == nil && api.SameID(msg.id, r.customerID) {
			r.customer = msg.customer
		}
	case draftsFoundMsg:
		if msg.seq == r.seq {
			r.drafts = msg.drafts
		}
	case fieldNotesMsg:
		if api.SameID(msg.contactID, r.id) {
			r.setNotes(msg.notes)
		}
	case saveFinishedMsg:
		r.refreshed(msg.result)
		var cmds []tea.Cmd
		if t := msg.result.Edit.Target; t.Kind == api.KindContact && r.contact != nil && api.SameID(t.ID, r.contact.ID) &&
			msg.result.Landed() && s.Writer != nil && s.Writer.Audit != nil {
			cmds = append(cmds, loadBlame(s.Writer, r.contact.ID, s.Now)) // the save is the newest change now
		}
		if c := msg.result.Contact; c != nil && r.contact != nil && api.SameID(c.ID, r.contact.ID) {
			saved := *r.contact
			cmds = append(cmds, publishSaved(s.Contacts, &saved))
		}
		return tea.Batch(cmds...), true
	case draftDiscardedMsg:
		if msg.err == nil {
			r.dropDraft(msg.kind, msg.id)
		}
	default:
		return nil, false
	}
	return nil, true
}

// addressArrived takes one address's answer.
func (r *record) addressArrived(res api.AddressResult) {
	for i := range r.addrs {
		if a := &r.addrs[i]; api.SameID(a.id, res.ID) && a.loading && a.seq == r.seq {
			*a = addressSlot{id: a.id, address: res.Address, err: res.Err, seq: a.seq}
			if res.Address == nil && res.Err == nil {
				a.err = errCanceledLoad
			}
			if api.IsCanceled(res.Err) {
				a.err = errCanceledLoad
			}
			return
		}
	}
}

// loaded takes a freshly fetched contact and reconciles what hangs off it:
// an address already asked for in this load is kept as it is (arrived, or
// on its way), one the contact gained is fetched, one it lost is dropped;
// the customer is fetched unless it is the one already asked for. Drafts
// and the recent list are looked at too.
func (r *record) loaded(s *session, c *api.Contact) tea.Cmd {
	r.loading, r.err = false, nil
	if c.ID == "" {
		c.ID = r.id
	}
	prev := r.addrs
	r.contact, r.listed = c, nil
	var missing []string
	r.addrs = make([]addressSlot, len(c.AddressIDs))
	for i, id := range c.AddressIDs {
		j := slices.IndexFunc(prev, func(p addressSlot) bool { return api.SameID(p.id, id) })
		if j >= 0 && prev[j].seq == r.seq {
			r.addrs[i] = prev[j]
			r.addrs[i].id = id
			continue
		}
		r.addrs[i] = addressSlot{id: id, loading: true, seq: r.seq, address: knownAddress(prev, id)}
		missing = append(missing, id)
	}
	ctx, cancel := s.request()
	r.addCancel(cancel)
	var cmds []tea.Cmd
	if len(missing) > 0 {
		cmds = append(cmds, fetchAddresses(ctx, s.API, r.seq, missing))
	}
	if !api.SameID(r.customerID, c.CustomerID) || (r.customer == nil && r.custSeq != r.seq) {
		if !api.SameID(r.customerID, c.CustomerID) {
			r.customer = nil
		}
		r.customerID, r.custSeq = c.CustomerID, r.seq
		if api.ValidID(c.CustomerID) {
			cmds = append(cmds, fetchCustomer(ctx, s.API, r.seq, c.CustomerID))
		}
	}
	if s.StateDir != "" {
		cmds = append(cmds, pushRecent(s.StateDir, s.recentList(), c))
	}
	if s.Writer != nil {
		cmds = append(cmds, findDrafts(s.Writer, r.seq, c.ID))
		if s.Writer.Audit != nil {
			cmds = append(cmds, loadBlame(s.Writer, c.ID, s.Now))
		}
	}
	return tea.Batch(cmds...)
}

// retryFailed fetches again the addresses that failed.
func (r *record) retryFailed(s *session) tea.Cmd {
	var ids []string
	for i := range r.addrs {
		if r.addrs[i].err != nil {
			r.addrs[i].err, r.addrs[i].loading, r.addrs[i].seq = nil, true, r.seq
			ids = append(ids, r.addrs[i].id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := s.request()
	r.addCancel(cancel)
	return fetchAddresses(ctx, s.API, r.seq, ids)
}

// setNotes replaces the notes drawn beside the fields.
func (r *record) setNotes(notes map[string]string) {
	if len(notes) == 0 {
		r.notes = nil
		return
	}
	r.notes = &fieldNotes{byField: maps.Clone(notes)}
}
