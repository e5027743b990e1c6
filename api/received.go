package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"time"
)

// Records are decoded tolerantly: a field the server sent in a shape the
// API does not document (a number where a string belongs, an object, a
// timestamp in another ISO 8601 form) never stops the record from being
// read. Such a field is kept, as received, in the record's Unexpected map;
// Values gives it as a raw Value, which compares by its bytes and is never
// sent back. Every other field decodes as usual.
//
// The common case costs nothing extra: the strict decoding is tried first,
// and the field-by-field one only runs when it fails.

// contactFields, addressFields and customerFields decode without the
// types' own UnmarshalJSON.
type (
	contactFields  Contact
	addressFields  Address
	customerFields Customer
)

// UnmarshalJSON decodes a contact, keeping fields of an unexpected shape in
// Unexpected instead of failing.
func (c *Contact) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, (*contactFields)(c)) == nil {
		return nil
	}
	*c = Contact{}
	return decodeTolerant(b, map[string]any{
		"id": &c.ID, "workspace_id": &c.WorkspaceID, "customer_id": &c.CustomerID,
		"first_name": &c.FirstName, "last_name": &c.LastName, "email": &c.Email,
		"phone": &c.Phone, "role": &c.Role, "id_crm": &c.IDCRM, "id_erp": &c.IDERP,
		"id_accounting": &c.IDAccounting, "address_ids": &c.AddressIDs,
		"created_at": &c.CreatedAt, "updated_at": &c.UpdatedAt,
	}, &c.Unexpected)
}

// UnmarshalJSON decodes an address, keeping fields of an unexpected shape
// in Unexpected instead of failing.
func (a *Address) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, (*addressFields)(a)) == nil {
		return nil
	}
	*a = Address{}
	return decodeTolerant(b, map[string]any{
		"id": &a.ID, "workspace_id": &a.WorkspaceID, "customer_id": &a.CustomerID,
		"type": &a.Type, "name": &a.Name, "address_line1": &a.AddressLine1,
		"address_line2": &a.AddressLine2, "city": &a.City, "state": &a.State,
		"postal_code": &a.PostalCode, "country": &a.Country, "contact_id": &a.ContactID,
		"comment": &a.Comment, "id_crm": &a.IDCRM, "id_erp": &a.IDERP,
		"id_accounting": &a.IDAccounting, "created_at": &a.CreatedAt, "updated_at": &a.UpdatedAt,
	}, &a.Unexpected)
}

// UnmarshalJSON decodes a customer; fields of an unexpected shape are
// left empty instead of failing (the customer only names the contact's
// company).
func (c *Customer) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, (*customerFields)(c)) == nil {
		return nil
	}
	*c = Customer{}
	var ignored map[string]json.RawMessage
	return decodeTolerant(b, map[string]any{
		"id": &c.ID, "name": &c.Name, "type": &c.Type, "contact_ids": &c.ContactIDs,
		"address_ids": &c.AddressIDs, "created_at": &c.CreatedAt, "updated_at": &c.UpdatedAt,
	}, &ignored)
}

// errNoID: a record whose own id is not a string is not a record this tool
// can work with.
var errNoID = errors.New(`the record's "id" is not a string`)

// decodeTolerant decodes the object b field by field into targets (JSON
// name → pointer). A field that does not decode keeps its zero value and
// its JSON goes to unexpected; a timestamp in another ISO 8601 form is
// parsed leniently and also noted there. Only b not being an object, or its
// "id" not being a string, is an error.
func decodeTolerant(b []byte, targets map[string]any, unexpected *map[string]json.RawMessage) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	if raw, ok := fields["id"]; ok && json.Unmarshal(raw, new(string)) != nil {
		return errNoID
	}
	note := func(name string, raw json.RawMessage) {
		if *unexpected == nil {
			*unexpected = map[string]json.RawMessage{}
		}
		(*unexpected)[name] = append(json.RawMessage(nil), bytes.TrimSpace(raw)...)
	}
	for name, raw := range fields {
		target, ok := targets[name]
		if !ok {
			continue
		}
		if stamp, ok := target.(*time.Time); ok {
			if json.Unmarshal(raw, stamp) != nil {
				*stamp = parseStamp(raw)
				note(name, raw)
			}
			continue
		}
		fresh := reflect.New(reflect.TypeOf(target).Elem())
		if json.Unmarshal(raw, fresh.Interface()) != nil {
			note(name, raw)
			continue
		}
		reflect.ValueOf(target).Elem().Set(fresh.Elem())
	}
	return nil
}

// stampLayouts are the ISO 8601 forms read besides RFC 3339.
var stampLayouts = []string{
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"20060102T150405Z0700",
	"20060102T150405Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseStamp reads a timestamp in any of the ISO 8601 forms above (a space
// for the T, lower-case t and z accepted); the zero time when it is none.
// A time without a zone is taken as UTC, as the API documents; every time
// is returned in UTC.
func parseStamp(raw json.RawMessage) time.Time {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	for _, layout := range append([]string{time.RFC3339Nano}, stampLayouts...) {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// ReceivedText renders a field kept as received for people: a JSON
// string's text, or the JSON itself (a number, an object...). The result is
// NOT sanitized.
func ReceivedText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// overlayUnexpected replaces, in vs, each field kept as received with its
// raw Value.
func overlayUnexpected(vs Values, unexpected map[string]json.RawMessage) Values {
	for name, raw := range unexpected {
		if _, ok := vs[name]; ok {
			vs[name] = Raw(raw)
		}
	}
	return vs
}
