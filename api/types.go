package api

import (
	"encoding/json"
	"time"
)

// Contact is a Qwoty contact, with every documented field.
type Contact struct {
	ID           string     `json:"id"`
	WorkspaceID  string     `json:"workspace_id,omitempty"`
	CustomerID   string     `json:"customer_id"`
	FirstName    string     `json:"first_name"`
	LastName     string     `json:"last_name"`
	Email        string     `json:"email"`
	Phone        NullString `json:"phone"`
	Role         []string   `json:"role"`
	IDCRM        NullString `json:"id_crm"`
	IDERP        NullString `json:"id_erp"`
	IDAccounting NullString `json:"id_accounting"`
	// AddressIDs lists the linked addresses. PATCH responses leave the field
	// out: then AddressIDs is nil, while a sent empty list is non-nil. Use
	// HasAddressIDs rather than len() to tell "unknown" from "none".
	AddressIDs []string  `json:"address_ids,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Raw is the contact's JSON exactly as the server sent it (set by the
	// single-contact calls, not by ListContacts).
	Raw json.RawMessage `json:"-"`
	// Unexpected holds, by JSON name, each field the server sent in a shape
	// the API does not document (a number for the phone, a timestamp in
	// another ISO 8601 form), exactly as received; nil when there is none.
	// The typed field beside it holds its zero value (a timestamp: the time
	// read leniently, when it could be).
	Unexpected map[string]json.RawMessage `json:"-"`
}

// HasAddressIDs reports whether the server's answer included address_ids.
func (c *Contact) HasAddressIDs() bool { return c.AddressIDs != nil }

// FullName returns "First Last".
func (c *Contact) FullName() string { return FullName(c.FirstName, c.LastName) }

// FullName joins a first and a last name, either of which may be empty:
// "First Last".
func FullName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

// KeepKnown fills the fields that a PATCH response leaves out
// (workspace_id, address_ids) from prev, the copy known before the write.
func (c *Contact) KeepKnown(prev *Contact) {
	if prev == nil {
		return
	}
	if c.WorkspaceID == "" {
		c.WorkspaceID = prev.WorkspaceID
	}
	if !c.HasAddressIDs() && prev.HasAddressIDs() {
		c.AddressIDs = append([]string{}, prev.AddressIDs...)
	}
	for _, name := range []string{"workspace_id", "address_ids"} {
		if raw, ok := prev.Unexpected[name]; ok && c.Unexpected[name] == nil {
			if c.Unexpected == nil {
				c.Unexpected = map[string]json.RawMessage{}
			}
			c.Unexpected[name] = raw
		}
	}
}

// Values returns the contact's updatable fields, keyed by JSON name; a
// field kept as received is a raw Value.
func (c *Contact) Values() Values {
	return overlayUnexpected(Values{
		"first_name":    String(c.FirstName),
		"last_name":     String(c.LastName),
		"email":         String(c.Email),
		"phone":         FromNullString(c.Phone),
		"role":          List(c.Role...),
		"id_crm":        FromNullString(c.IDCRM),
		"id_erp":        FromNullString(c.IDERP),
		"id_accounting": FromNullString(c.IDAccounting),
	}, c.Unexpected)
}

// Address is a Qwoty address, with every documented field.
type Address struct {
	ID           string     `json:"id"`
	WorkspaceID  string     `json:"workspace_id,omitempty"`
	CustomerID   string     `json:"customer_id"`
	Type         string     `json:"type"`
	Name         NullString `json:"name"`
	AddressLine1 string     `json:"address_line1"`
	AddressLine2 NullString `json:"address_line2"`
	City         string     `json:"city"`
	State        NullString `json:"state"`
	PostalCode   string     `json:"postal_code"`
	Country      string     `json:"country"`
	ContactID    NullString `json:"contact_id"`
	Comment      NullString `json:"comment"`
	IDCRM        NullString `json:"id_crm"`
	IDERP        NullString `json:"id_erp"`
	IDAccounting NullString `json:"id_accounting"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`

	// Raw is the address's JSON exactly as the server sent it.
	Raw json.RawMessage `json:"-"`
	// Unexpected holds the fields of an unexpected shape, as for Contact.
	Unexpected map[string]json.RawMessage `json:"-"`
}

// Values returns the address's updatable fields, keyed by JSON name; a
// field kept as received is a raw Value.
func (a *Address) Values() Values {
	return overlayUnexpected(Values{
		"type":          String(a.Type),
		"name":          FromNullString(a.Name),
		"address_line1": String(a.AddressLine1),
		"address_line2": FromNullString(a.AddressLine2),
		"city":          String(a.City),
		"state":         FromNullString(a.State),
		"postal_code":   String(a.PostalCode),
		"country":       String(a.Country),
		"comment":       FromNullString(a.Comment),
		"id_crm":        FromNullString(a.IDCRM),
		"id_erp":        FromNullString(a.IDERP),
		"id_accounting": FromNullString(a.IDAccounting),
	}, a.Unexpected)
}

// KeepKnown fills the fields that a PATCH response leaves out
// (workspace_id) from prev, the copy known before the write.
func (a *Address) KeepKnown(prev *Address) {
	if prev == nil {
		return
	}
	if a.WorkspaceID == "" {
		a.WorkspaceID = prev.WorkspaceID
	}
	if raw, ok := prev.Unexpected["workspace_id"]; ok && a.Unexpected["workspace_id"] == nil {
		if a.Unexpected == nil {
			a.Unexpected = map[string]json.RawMessage{}
		}
		a.Unexpected["workspace_id"] = raw
	}
}

// Stamp returns the text to show for a record's timestamp field
// ("created_at", "updated_at") when it came in another form than the
// documented one, and whether it did.
func Stamp(unexpected map[string]json.RawMessage, name string) (string, bool) {
	raw, ok := unexpected[name]
	if !ok {
		return "", false
	}
	return ReceivedText(raw), true
}

// AddressResult is the outcome of fetching one address: the address, or
// why it could not be fetched.
type AddressResult struct {
	ID      string
	Address *Address
	Err     error
}

// Customer is a Qwoty customer: a company or a person that contacts and
// addresses belong to.
type Customer struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	ContactIDs []string  `json:"contact_ids,omitempty"`
	AddressIDs []string  `json:"address_ids,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}
