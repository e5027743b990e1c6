package sandbox

import (
	"encoding/json"
	"slices"
	"time"
)

// Contact is a contact record as the sandbox stores it. Nullable fields are
// nil when unset.
type Contact struct {
	ID           string
	WorkspaceID  string
	CustomerID   string
	FirstName    string
	LastName     string
	Email        string
	Phone        *string
	Role         []string
	IDCRM        *string
	IDERP        *string
	IDAccounting *string
	AddressIDs   []string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Wire overrides members of the contact's JSON answers with raw JSON
	// (data of an unexpected shape, see wire.go); nil for none.
	Wire map[string]json.RawMessage
}

// Address is an address record as the sandbox stores it. Nullable fields are
// nil when unset.
type Address struct {
	ID           string
	WorkspaceID  string
	CustomerID   string
	Type         string // "billing" or "shipping"
	Name         *string
	AddressLine1 string
	AddressLine2 *string
	City         string
	State        *string
	PostalCode   string
	Country      string // ISO 3166-1 alpha-2
	ContactID    *string
	Comment      *string
	IDCRM        *string
	IDERP        *string
	IDAccounting *string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Wire overrides members of the address's JSON answers, as for Contact.
	Wire map[string]json.RawMessage
}

// Customer is a customer record as the sandbox stores it.
type Customer struct {
	ID          string
	WorkspaceID string
	Name        string
	Type        string // "company" or "individual"
	ContactIDs  []string
	AddressIDs  []string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// clone returns a deep copy of c.
func (c Contact) clone() Contact {
	c.Phone = cloneStr(c.Phone)
	c.Role = slices.Clone(c.Role)
	c.IDCRM = cloneStr(c.IDCRM)
	c.IDERP = cloneStr(c.IDERP)
	c.IDAccounting = cloneStr(c.IDAccounting)
	c.AddressIDs = slices.Clone(c.AddressIDs)
	c.Wire = cloneWire(c.Wire)
	return c
}

// clone returns a deep copy of a.
func (a Address) clone() Address {
	for _, p := range []**string{&a.Name, &a.AddressLine2, &a.State, &a.ContactID,
		&a.Comment, &a.IDCRM, &a.IDERP, &a.IDAccounting} {
		*p = cloneStr(*p)
	}
	a.Wire = cloneWire(a.Wire)
	return a
}

// clone returns a deep copy of c.
func (c Customer) clone() Customer {
	c.ContactIDs = slices.Clone(c.ContactIDs)
	c.AddressIDs = slices.Clone(c.AddressIDs)
	return c
}

func cloneStr(p *string) *string {
	if p == nil {
		return nil
	}
	s := *p
	return &s
}

// ptr returns a pointer to a copy of s.
func ptr(s string) *string { return &s }
