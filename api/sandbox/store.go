package sandbox

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// store holds the records. Stored records are never mutated in place: a
// write replaces the record (and any slice or pointer in it) wholesale, so
// values read under the read lock stay valid after it is released.
type store struct {
	mu           sync.RWMutex
	contacts     map[string]*Contact
	contactOrder []string
	addresses    map[string]*Address
	addressOrder []string
	customers    map[string]*Customer
}

func newStore() store {
	return store{
		contacts:  map[string]*Contact{},
		addresses: map[string]*Address{},
		customers: map[string]*Customer{},
	}
}

// key normalises an id for lookups: UUIDs are case-insensitive.
func key(id string) string { return strings.ToLower(id) }

// errNotFound is returned by EditContact and EditAddress for unknown ids.
var errNotFound = errors.New("sandbox: record not found")

// stamp returns the updated_at for a write on a record last updated at prev:
// now truncated to the second, and always strictly after prev.
func (s *Server) stamp(prev time.Time) time.Time {
	t := s.now().UTC().Truncate(time.Second)
	if !t.After(prev) {
		t = prev.UTC().Truncate(time.Second).Add(time.Second)
	}
	return t
}

// Contact returns a copy of the contact with that id.
func (s *Server) Contact(id string) (Contact, bool) {
	s.data.mu.RLock()
	defer s.data.mu.RUnlock()
	c, ok := s.data.contacts[key(id)]
	if !ok {
		return Contact{}, false
	}
	return c.clone(), true
}

// Address returns a copy of the address with that id.
func (s *Server) Address(id string) (Address, bool) {
	s.data.mu.RLock()
	defer s.data.mu.RUnlock()
	a, ok := s.data.addresses[key(id)]
	if !ok {
		return Address{}, false
	}
	return a.clone(), true
}

// Customer returns a copy of the customer with that id.
func (s *Server) Customer(id string) (Customer, bool) {
	s.data.mu.RLock()
	defer s.data.mu.RUnlock()
	c, ok := s.data.customers[key(id)]
	if !ok {
		return Customer{}, false
	}
	return c.clone(), true
}

// ContactIDs returns the ids of all contacts, sorted by last name, then
// first name (case-insensitively), then id.
func (s *Server) ContactIDs() []string {
	type entry struct{ last, first, id string }
	s.data.mu.RLock()
	list := make([]entry, 0, len(s.data.contactOrder))
	for _, k := range s.data.contactOrder {
		c := s.data.contacts[k]
		list = append(list, entry{strings.ToLower(c.LastName), strings.ToLower(c.FirstName), c.ID})
	}
	s.data.mu.RUnlock()
	slices.SortFunc(list, func(a, b entry) int {
		if r := strings.Compare(a.last, b.last); r != 0 {
			return r
		}
		if r := strings.Compare(a.first, b.first); r != 0 {
			return r
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.id
	}
	return ids
}

// AddCustomer stores a copy of c, replacing any customer with the same id.
// An empty WorkspaceID becomes WorkspaceID; zero timestamps become now.
// Its ContactIDs and AddressIDs are stored as given (they may be dangling);
// AddContact and AddAddress append to them.
func (s *Server) AddCustomer(c Customer) {
	c = c.clone()
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	s.fillCustomer(&c)
	s.data.customers[key(c.ID)] = &c
}

// AddContact stores a copy of c, replacing any contact with the same id, and
// appends its id to its customer's ContactIDs when that customer exists.
// Its AddressIDs are stored as given (they may be dangling). An empty
// WorkspaceID becomes WorkspaceID; zero timestamps become now.
func (s *Server) AddContact(c Contact) {
	c = c.clone()
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	s.addContactLocked(c, true)
}

// AddAddress stores a copy of a, replacing any address with the same id, and
// appends its id to its customer's AddressIDs and to its contact's
// AddressIDs when they exist. An empty WorkspaceID becomes WorkspaceID; zero
// timestamps become now.
func (s *Server) AddAddress(a Address) {
	a = a.clone()
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	s.addAddressLocked(a)
}

// EditContact changes a contact behind the client's back: fn gets a copy to
// modify, which then replaces the stored contact. updated_at is bumped as by
// a write unless fn changed it. The id cannot change. Links are not
// maintained (address_ids is stored as fn leaves it). The change is not
// recorded as a request.
func (s *Server) EditContact(id string, fn func(c *Contact)) error {
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	old, ok := s.data.contacts[key(id)]
	if !ok {
		return errNotFound
	}
	c := old.clone()
	fn(&c)
	c.ID = old.ID
	if c.UpdatedAt.Equal(old.UpdatedAt) {
		c.UpdatedAt = s.stamp(old.UpdatedAt)
	}
	s.data.contacts[key(id)] = &c
	return nil
}

// EditAddress changes an address behind the client's back, like EditContact.
// Moving it to another contact_id does not update the contacts' address_ids.
func (s *Server) EditAddress(id string, fn func(a *Address)) error {
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	old, ok := s.data.addresses[key(id)]
	if !ok {
		return errNotFound
	}
	a := old.clone()
	fn(&a)
	a.ID = old.ID
	if a.UpdatedAt.Equal(old.UpdatedAt) {
		a.UpdatedAt = s.stamp(old.UpdatedAt)
	}
	s.data.addresses[key(id)] = &a
	return nil
}

func (s *Server) fillTimes(created, updated *time.Time, workspace *string) {
	if *workspace == "" {
		*workspace = WorkspaceID
	}
	if created.IsZero() {
		*created = s.now().UTC().Truncate(time.Second)
	}
	if updated.IsZero() {
		*updated = *created
	}
}

func (s *Server) fillCustomer(c *Customer) {
	s.fillTimes(&c.CreatedAt, &c.UpdatedAt, &c.WorkspaceID)
}

// addContactLocked stores c (already a private copy). With link, its id is
// appended to its customer's ContactIDs if missing there.
func (s *Server) addContactLocked(c Contact, link bool) {
	s.fillTimes(&c.CreatedAt, &c.UpdatedAt, &c.WorkspaceID)
	k := key(c.ID)
	if _, exists := s.data.contacts[k]; !exists {
		s.data.contactOrder = append(s.data.contactOrder, k)
	}
	s.data.contacts[k] = &c
	if cu, ok := s.data.customers[key(c.CustomerID)]; link && ok && !containsID(cu.ContactIDs, c.ID) {
		n := cu.clone()
		n.ContactIDs = append(n.ContactIDs, c.ID)
		s.data.customers[key(c.CustomerID)] = &n
	}
}

// addAddressLocked stores a (already a private copy) and links it to its
// customer and contact.
func (s *Server) addAddressLocked(a Address) {
	s.fillTimes(&a.CreatedAt, &a.UpdatedAt, &a.WorkspaceID)
	k := key(a.ID)
	if _, exists := s.data.addresses[k]; !exists {
		s.data.addressOrder = append(s.data.addressOrder, k)
	}
	s.data.addresses[k] = &a
	if cu, ok := s.data.customers[key(a.CustomerID)]; ok && !containsID(cu.AddressIDs, a.ID) {
		n := cu.clone()
		n.AddressIDs = append(n.AddressIDs, a.ID)
		s.data.customers[key(a.CustomerID)] = &n
	}
	if a.ContactID != nil {
		s.linkAddress(*a.ContactID, a.ID, false)
	}
}

// linkAddress appends addressID to the contact's address_ids (if the contact
// exists and does not list it yet), bumping its updated_at when bump is set.
func (s *Server) linkAddress(contactID, addressID string, bump bool) {
	c, ok := s.data.contacts[key(contactID)]
	if !ok || containsID(c.AddressIDs, addressID) {
		return
	}
	n := c.clone()
	n.AddressIDs = append(n.AddressIDs, addressID)
	if bump {
		n.UpdatedAt = s.stamp(c.UpdatedAt)
	}
	s.data.contacts[key(contactID)] = &n
}

// unlinkAddress removes addressID from the contact's address_ids, bumping its
// updated_at when bump is set and something was removed.
func (s *Server) unlinkAddress(contactID, addressID string, bump bool) {
	c, ok := s.data.contacts[key(contactID)]
	if !ok || !containsID(c.AddressIDs, addressID) {
		return
	}
	n := c.clone()
	n.AddressIDs = slices.DeleteFunc(n.AddressIDs, func(id string) bool { return strings.EqualFold(id, addressID) })
	if bump {
		n.UpdatedAt = s.stamp(c.UpdatedAt)
	}
	s.data.contacts[key(contactID)] = &n
}

func containsID(ids []string, id string) bool {
	return slices.ContainsFunc(ids, func(x string) bool { return strings.EqualFold(x, id) })
}
