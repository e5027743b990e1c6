package edit

import (
	"context"
	"errors"

	"github.com/qwoty/qwoty-contacts/api"
)

// Record is the server's current copy of a record an edit starts from.
type Record struct {
	Target Target
	Values api.Values
	// Title names the record for people (unsanitized): the contact's name,
	// or the address's label.
	Title   string
	Contact *api.Contact
	Address *api.Address
}

// Read fetches a contact or an address as the base of an edit. For an
// address, the target's ContactID is the address's contact, when it has
// one.
func (w *Writer) Read(ctx context.Context, kind api.Kind, id string) (*Record, error) {
	switch kind {
	case api.KindContact:
		c, err := w.API.GetContact(ctx, id)
		if err != nil {
			return nil, err
		}
		return &Record{Target: Target{Kind: kind, ID: id, ContactID: id}, Values: c.Values(), Title: c.FullName(), Contact: c}, nil
	case api.KindAddress:
		a, err := w.API.GetAddress(ctx, id)
		if err != nil {
			return nil, err
		}
		t := Target{Kind: kind, ID: id}
		if a.ContactID.Valid {
			t.ContactID = a.ContactID.String
		}
		return &Record{Target: t, Values: a.Values(), Title: addressTitle(a), Address: a}, nil
	}
	return nil, errors.New("unknown kind of record: " + string(kind))
}

// Applied reports whether an apply line with that fingerprint reached the
// server in an earlier run, so a resumed batch skips it.
func (w *Writer) Applied() (map[string]bool, error) {
	if w.Audit == nil {
		return map[string]bool{}, nil
	}
	return w.Audit.AppliedSet()
}
