package cmd

import (
	"context"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
)

// record is the server's current copy of the record an edit starts from.
type record struct {
	Target edit.Target
	Values api.Values
	// Title names the record for people (unsanitized): the contact's name
	// or the address's label.
	Title string
}

// fetchRecord GETs the contact or address id (as schema s says) and
// returns it as the base of an edit. For an address, the target's
// ContactID is the address's contact_id, when it has one.
func fetchRecord(ctx context.Context, client edit.API, s *api.Schema, id string) (*record, error) {
	if s.Kind == api.KindAddress {
		a, err := client.GetAddress(ctx, id)
		if err != nil {
			return nil, err
		}
		t := edit.Target{Kind: api.KindAddress, ID: id}
		if a.ContactID.Valid {
			t.ContactID = a.ContactID.String
		}
		title := a.Name.String
		if title == "" {
			title = a.AddressLine1 + ", " + a.City
		}
		return &record{Target: t, Values: a.Values(), Title: title}, nil
	}
	c, err := client.GetContact(ctx, id)
	if err != nil {
		return nil, err
	}
	t := edit.Target{Kind: api.KindContact, ID: id, ContactID: id}
	return &record{Target: t, Values: c.Values(), Title: c.FullName()}, nil
}
