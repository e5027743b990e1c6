package ui

import (
	"context"
	"slices"

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

	// listed is what the contact list knew when the contact was opened
	// from it: shown until the contact itself arrives.
	listed *api.ListedContact

	loading  bool // the contact itself is being fetched
	err      error
	contact  *api.Contact
	customer *api.Customer
	// customerID is the customer shown or being fetched, custSeq the load
	// that asked for it.
	customerID string
	custSeq    int
	addrs      []addressSlot
	drafts     []state.Draft
	lastSave   *edit.Result
	// notes are short words drawn beside the contact's fields ("alice, 2
	// days ago"), by field name; nil for none.
	notes *fieldNotes
}

// fieldNotes are the notes beside the fields; a new value for each change,
// so the view can tell.
type fieldNotes struct{ byField map[string]string }

// addressSlot is one linked address and its own loading state.
type addressSlot struct {
	id      string
	address *api.Address
	err     error
	loading bool
	seq     int // the load that last asked for it
}

var errCanceledLoad = plainError("loading was canceled: press a to try again")

type plainError string

func (e plainError) Error() string { return string(e) }

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
