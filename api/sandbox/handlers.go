package sandbox

import (
	"net/http"
	"strings"
)

func notFound(what string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: what + " not found"}
}

// customerFilter reads the optional customer_id query parameter.
func customerFilter(r *http.Request) (id string, filter bool, e *apiError) {
	q := r.URL.Query()
	vals, ok := q["customer_id"]
	if !ok {
		return "", false, nil
	}
	if len(vals) != 1 || !validUUID(vals[0]) {
		return "", false, badRequest("invalid_id", "invalid customer_id "+quote(strings.Join(vals, ","))+": must be a UUID")
	}
	return vals[0], true, nil
}

func (s *Server) getContact(w http.ResponseWriter, id string) {
	s.data.mu.RLock()
	c, ok := s.data.contacts[key(id)]
	var out any
	if ok {
		out = withWire(contactWire(c), c.Wire)
	}
	s.data.mu.RUnlock()
	if !ok {
		writeError(w, notFound("Contact"))
		return
	}
	writeData(w, out)
}

// listContacts answers all contacts, or those of one customer, in insertion
// order. An unknown customer gives an empty list.
func (s *Server) listContacts(w http.ResponseWriter, r *http.Request) {
	cust, filter, e := customerFilter(r)
	if e != nil {
		writeError(w, e)
		return
	}
	s.data.mu.RLock()
	out := make([]any, 0, len(s.data.contactOrder))
	for _, k := range s.data.contactOrder {
		c := s.data.contacts[k]
		if !filter || strings.EqualFold(c.CustomerID, cust) {
			out = append(out, withWire(contactWire(c), c.Wire))
		}
	}
	s.data.mu.RUnlock()
	writeData(w, out)
}

func (s *Server) patchContact(w http.ResponseWriter, id string, body []byte) {
	fields, e := parseObject(body)
	if e != nil {
		writeError(w, e)
		return
	}
	s.data.mu.Lock()
	old, ok := s.data.contacts[key(id)]
	if !ok {
		s.data.mu.Unlock()
		writeError(w, notFound("Contact"))
		return
	}
	c := old.clone()
	if e := patchContact(&c, fields); e != nil {
		s.data.mu.Unlock()
		writeError(w, e)
		return
	}
	c.UpdatedAt = s.stamp(old.UpdatedAt)
	c.Wire = clearWire(c.Wire, fields)
	s.data.contacts[key(id)] = &c
	out := withWire(contactPatchWire(&c), c.Wire)
	s.data.mu.Unlock()
	writeData(w, out)
}

func (s *Server) getAddress(w http.ResponseWriter, id string) {
	s.data.mu.RLock()
	a, ok := s.data.addresses[key(id)]
	var out any
	if ok {
		out = withWire(addressWire(a), a.Wire)
	}
	s.data.mu.RUnlock()
	if !ok {
		writeError(w, notFound("Address"))
		return
	}
	writeData(w, out)
}

// listAddresses answers all addresses, or those of one customer, in
// insertion order. An unknown customer gives an empty list.
func (s *Server) listAddresses(w http.ResponseWriter, r *http.Request) {
	cust, filter, e := customerFilter(r)
	if e != nil {
		writeError(w, e)
		return
	}
	s.data.mu.RLock()
	out := make([]any, 0, len(s.data.addressOrder))
	for _, k := range s.data.addressOrder {
		a := s.data.addresses[k]
		if !filter || strings.EqualFold(a.CustomerID, cust) {
			out = append(out, withWire(addressWire(a), a.Wire))
		}
	}
	s.data.mu.RUnlock()
	writeData(w, out)
}

// patchAddress updates an address; a changed contact_id moves the address
// from the old contact's address_ids to the new one's (both are bumped).
func (s *Server) patchAddress(w http.ResponseWriter, id string, body []byte) {
	fields, e := parseObject(body)
	if e != nil {
		writeError(w, e)
		return
	}
	s.data.mu.Lock()
	old, ok := s.data.addresses[key(id)]
	if !ok {
		s.data.mu.Unlock()
		writeError(w, notFound("Address"))
		return
	}
	a := old.clone()
	lookup := func(cid string) (string, bool) {
		c, ok := s.data.contacts[key(cid)]
		if !ok {
			return "", false
		}
		return c.ID, true
	}
	if e := patchAddress(&a, fields, lookup); e != nil {
		s.data.mu.Unlock()
		writeError(w, e)
		return
	}
	a.UpdatedAt = s.stamp(old.UpdatedAt)
	a.Wire = clearWire(a.Wire, fields)
	s.data.addresses[key(id)] = &a
	if from, to := deref(old.ContactID), deref(a.ContactID); !strings.EqualFold(from, to) {
		if from != "" {
			s.unlinkAddress(from, a.ID, true)
		}
		if to != "" {
			s.linkAddress(to, a.ID, true)
		}
	}
	out := withWire(addressPatchWire(&a), a.Wire)
	s.data.mu.Unlock()
	writeData(w, out)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) getCustomer(w http.ResponseWriter, id string) {
	s.data.mu.RLock()
	c, ok := s.data.customers[key(id)]
	var out customerJSON
	if ok {
		out = customerWire(c)
	}
	s.data.mu.RUnlock()
	if !ok {
		writeError(w, notFound("Customer"))
		return
	}
	writeData(w, out)
}
