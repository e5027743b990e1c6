package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSeed(t *testing.T) {
	s := New(Options{})
	count := func(id string) (existing, missing int) {
		c, ok := s.Contact(id)
		if !ok {
			t.Fatalf("contact %s missing", id)
		}
		for _, a := range c.AddressIDs {
			if addr, ok := s.Address(a); ok {
				if addr.ContactID == nil || *addr.ContactID != id {
					t.Errorf("address %s does not point back to %s", a, id)
				}
				existing++
			} else {
				missing++
			}
		}
		return
	}
	for _, tt := range []struct {
		id                string
		existing, missing int
	}{
		{DocsContactID, 1, 0}, {TenAddressesContactID, 10, 0}, {ThreeAddressesContactID, 3, 0},
		{NoAddressesContactID, 0, 0}, {DanglingAddressContactID, 2, 1},
		{JapaneseContactID, 2, 0}, {ArabicContactID, 2, 0}, {CyrillicContactID, 1, 0}, {EmptyPhoneContactID, 0, 0},
	} {
		if ex, mi := count(tt.id); ex != tt.existing || mi != tt.missing {
			t.Errorf("%s: %d existing, %d missing addresses; want %d, %d", tt.id, ex, mi, tt.existing, tt.missing)
		}
	}
	if c, _ := s.Contact(DanglingAddressContactID); !slices.Contains(c.AddressIDs, MissingAddressID) {
		t.Error("dangling id not listed")
	}
	if _, ok := s.Address(MissingAddressID); ok {
		t.Error("MissingAddressID exists")
	}
	if c, _ := s.Contact(EmptyPhoneContactID); c.Phone == nil || *c.Phone != "" {
		t.Error("EmptyPhoneContactID phone is not \"\"")
	}
	if c, _ := s.Contact(NoAddressesContactID); c.Phone != nil {
		t.Error("NoAddressesContactID phone is not null")
	}
	ids := s.ContactIDs()
	if len(ids) < 20 {
		t.Fatalf("%d contacts", len(ids))
	}
	// Every record is valid by the PATCH rules, and consistent with its customer.
	for _, id := range ids {
		c, _ := s.Contact(id)
		if strings.TrimSpace(c.FirstName) == "" || strings.TrimSpace(c.LastName) == "" || !validEmail(c.Email) || !validUUID(c.ID) {
			t.Errorf("bad seed contact %+v", c)
		}
		cu, ok := s.Customer(c.CustomerID)
		if !ok || !slices.Contains(cu.ContactIDs, id) || c.WorkspaceID != WorkspaceID {
			t.Errorf("contact %s not listed by its customer", id)
		}
		if c.UpdatedAt.Before(c.CreatedAt) {
			t.Errorf("contact %s updated before created", id)
		}
	}
	e := newEnv(t, s)
	var addrs []struct {
		ID, Type, Country, AddressLine1, City, PostalCode, CustomerID string
	}
	json.Unmarshal(e.do("GET", "/addresses", "").data(t), &addrs)
	countries := map[string]bool{}
	for _, a := range addrs {
		full, _ := s.Address(a.ID)
		if (full.Type != "billing" && full.Type != "shipping") || !validCountry(full.Country) ||
			full.AddressLine1 == "" || full.City == "" || full.PostalCode == "" {
			t.Errorf("bad seed address %+v", full)
		}
		countries[full.Country] = true
	}
	if len(addrs) < 25 || len(countries) < 8 {
		t.Errorf("%d addresses in %d countries", len(addrs), len(countries))
	}
	// Sorted by last name, then first name.
	var last []string
	for _, id := range ids {
		c, _ := s.Contact(id)
		last = append(last, strings.ToLower(c.LastName))
	}
	if !slices.IsSorted(last) {
		t.Errorf("ContactIDs not sorted: %v", last)
	}
	if empty := NewEmpty(Options{}); len(empty.ContactIDs()) != 0 {
		t.Error("NewEmpty has contacts")
	}
}

func TestLists(t *testing.T) {
	e := newEnv(t, New(Options{}))
	ids := func(raw json.RawMessage) []string {
		var l []struct{ ID string }
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatalf("%v: %s", err, raw)
		}
		out := []string{}
		for _, x := range l {
			out = append(out, x.ID)
		}
		return out
	}
	all := ids(e.do("GET", "/contacts", "").data(t))
	if len(all) != len(e.s.ContactIDs()) || all[0] != DocsContactID {
		t.Fatalf("all contacts: %d, first %s", len(all), all[0])
	}
	mueller := ids(e.do("GET", "/contacts?customer_id="+MuellerCustomerID, "").data(t))
	cu, _ := e.s.Customer(MuellerCustomerID)
	if !slices.Equal(mueller, cu.ContactIDs) || len(mueller) != 4 {
		t.Fatalf("Müller contacts %v, customer lists %v", mueller, cu.ContactIDs)
	}
	acmeAddr := ids(e.do("GET", "/addresses?customer_id="+AcmeCustomerID, "").data(t))
	acme, _ := e.s.Customer(AcmeCustomerID)
	if !slices.Equal(acmeAddr, acme.AddressIDs) || len(acmeAddr) != 13 || !slices.Contains(acmeAddr, DocsPatchAddressID) {
		t.Fatalf("Acme addresses %v", acmeAddr)
	}
	if r := e.do("GET", "/contacts?customer_id="+MissingAddressID, ""); compact(t, r.body) != `{"success":true,"data":[]}` {
		t.Fatalf("unknown customer: %s", r.body)
	}
	e.do("GET", "/contacts?customer_id=acme", "").wantErr(t, 400, "invalid_id", "")
	e.do("GET", "/addresses?customer_id=", "").wantErr(t, 400, "invalid_id", "")
	e.do("GET", "/contacts?customer_id="+AcmeCustomerID+"&customer_id="+MuellerCustomerID, "").wantErr(t, 400, "invalid_id", "")
	// Unknown parameters are ignored.
	if got := ids(e.do("GET", "/contacts?page=2", "").data(t)); len(got) != len(all) {
		t.Fatalf("page=2 gave %d", len(got))
	}
	// Customer.
	var c struct {
		Name, Type string
		ContactIDs []string `json:"contact_ids"`
	}
	json.Unmarshal(e.do("GET", "/customers/"+IvanovaCustomerID, "").data(t), &c)
	if c.Name != "Мария Иванова" || c.Type != "individual" || len(c.ContactIDs) != 1 {
		t.Fatalf("customer %+v", c)
	}
}

func TestRequestRecording(t *testing.T) {
	e := newEnv(t, New(Options{}))
	body := "{\"first_name\" : \"Zoë\",\n \"role\":[]}"
	e.do("PATCH", "/contacts/"+DocsContactID, body, header("Content-Type", "application/json; charset=utf-8"))
	e.do("GET", "/contacts?customer_id="+AcmeCustomerID, "", header("Authorization", "Bearer secret-guess"))
	reqs := e.s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	want0 := Request{Method: "PATCH", Path: "/contacts/" + DocsContactID, Body: []byte(body),
		ContentType: "application/json; charset=utf-8", Authorized: true}
	if got := reqs[0]; got.Method != want0.Method || got.Path != want0.Path || string(got.Body) != body ||
		got.ContentType != want0.ContentType || !got.Authorized || got.RawQuery != "" {
		t.Errorf("request 0: %+v", got)
	}
	if got := reqs[1]; got.Path != "/contacts" || got.RawQuery != "customer_id="+AcmeCustomerID || got.Authorized || got.Body != nil {
		t.Errorf("request 1: %+v", got)
	}
	if dump := fmt.Sprintf("%+v", reqs); strings.Contains(dump, DefaultToken) || strings.Contains(dump, "secret-guess") {
		t.Error("a token was recorded")
	}
	reqs[0].Body[0] = 'X'
	if e.s.Requests()[0].Body[0] != '{' {
		t.Error("Requests does not copy bodies")
	}
	if e.s.CountRequests("", "/contacts") != 2 || e.s.CountRequests("patch", "/contacts/") != 1 || e.s.CountRequests("GET", "/addresses") != 0 {
		t.Error("CountRequests")
	}
	e.s.ResetRequests()
	if len(e.s.Requests()) != 0 {
		t.Error("ResetRequests")
	}
	// Edits behind the client's back are not recorded.
	e.s.EditAddress(DocsAddressID, func(a *Address) { a.City = "Lyon" })
	if len(e.s.Requests()) != 0 {
		t.Error("EditAddress was recorded")
	}
}

func TestEditAndAdd(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	s := New(Options{Now: clock.Now})
	if err := s.EditContact(MissingAddressID, func(*Contact) {}); err == nil {
		t.Error("EditContact on unknown id")
	}
	if err := s.EditAddress(MissingAddressID, func(*Address) {}); err == nil {
		t.Error("EditAddress on unknown id")
	}
	c, _ := s.Contact(DocsContactID)
	c.Role[0] = "admin" // a copy
	if again, _ := s.Contact(DocsContactID); again.Role[0] != "buyer" {
		t.Fatal("Contact returned shared data")
	}
	s.EditContact(DocsContactID, func(c *Contact) { c.ID = "other"; c.Email = "new@acme.com" })
	if c, ok := s.Contact(DocsContactID); !ok || c.Email != "new@acme.com" || stampJSON(c.UpdatedAt) != "2026-04-01T09:00:00Z" {
		t.Fatalf("after edit: %+v", c)
	}
	set := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s.EditAddress(DocsAddressID, func(a *Address) { a.UpdatedAt = set })
	if a, _ := s.Address(DocsAddressID); !a.UpdatedAt.Equal(set) {
		t.Fatal("explicit UpdatedAt not kept")
	}

	// Hostile data comes back byte for byte.
	const custID, contactID, addrID = "0b0b0b0b-0000-4000-8000-000000000001", "0b0b0b0b-0000-4000-8000-000000000002", "0b0b0b0b-0000-4000-8000-000000000003"
	s.AddCustomer(Customer{ID: custID, Name: "Evil <Corp>", Type: "company"})
	hostile := "\x1b[2J\x1b[31mRED\u202e\U0001F600"
	s.AddContact(Contact{ID: contactID, CustomerID: custID, FirstName: hostile, LastName: "O'Brien & <Sons>", Email: "x@y.zz"})
	s.AddAddress(Address{ID: addrID, CustomerID: custID, Type: "shipping", AddressLine1: hostile, City: "C", PostalCode: "P", Country: "FR", ContactID: ptr(contactID)})
	e := newEnv(t, s)
	var got struct {
		FirstName  string   `json:"first_name"`
		LastName   string   `json:"last_name"`
		AddressIDs []string `json:"address_ids"`
		Workspace  string   `json:"workspace_id"`
		CreatedAt  string   `json:"created_at"`
	}
	r := e.do("GET", "/contacts/"+contactID, "")
	json.Unmarshal(r.data(t), &got)
	if got.FirstName != hostile || !strings.Contains(string(r.body), `"O'Brien & <Sons>"`) ||
		!slices.Equal(got.AddressIDs, []string{addrID}) || got.Workspace != WorkspaceID || got.CreatedAt != "2026-04-01T09:00:00Z" {
		t.Fatalf("hostile contact: %s", r.body)
	}
	cu, _ := s.Customer(custID)
	if !slices.Equal(cu.ContactIDs, []string{contactID}) || !slices.Equal(cu.AddressIDs, []string{addrID}) {
		t.Fatalf("customer links %+v", cu)
	}
	// Replacing keeps a single entry.
	s.AddContact(Contact{ID: contactID, CustomerID: custID, FirstName: "A", LastName: "B", Email: "a@b.cd"})
	if cu, _ := s.Customer(custID); len(cu.ContactIDs) != 1 || strings.Count(strings.Join(s.ContactIDs(), " "), contactID) != 1 {
		t.Fatal("replacing a contact duplicated it")
	}
}

func TestSyntheticContacts(t *testing.T) {
	a, b := NewEmpty(Options{}), NewEmpty(Options{})
	a.AddSyntheticContacts(500, "bench")
	b.AddSyntheticContacts(500, "bench")
	ea, eb := newEnv(t, a), newEnv(t, b)
	ra, rb := ea.do("GET", "/contacts", ""), eb.do("GET", "/contacts", "")
	if string(ra.body) != string(rb.body) {
		t.Fatal("synthetic contacts are not deterministic")
	}
	var list []struct {
		ID, Email string
		Phone     *string
	}
	json.Unmarshal(ra.data(t), &list)
	if len(list) != 500 {
		t.Fatalf("%d contacts", len(list))
	}
	emails, nulls := map[string]bool{}, 0
	for _, c := range list {
		full, _ := a.Contact(c.ID)
		if !validEmail(full.Email) || emails[full.Email] || len(full.AddressIDs) != 0 {
			t.Fatalf("bad synthetic contact %+v", full)
		}
		emails[full.Email] = true
		if full.Phone == nil {
			nulls++
		}
	}
	if nulls == 0 || nulls == 500 {
		t.Errorf("%d null phones", nulls)
	}
	a.AddSyntheticContacts(500, "bench")
	if n := len(a.ContactIDs()); n != 500 {
		t.Errorf("same seed twice: %d contacts", n)
	}
	a.AddSyntheticContacts(10, "other")
	if n := len(a.ContactIDs()); n != 510 {
		t.Errorf("another seed: %d contacts", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	e := newEnv(t, New(Options{}))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				switch j % 5 {
				case 0:
					e.do("PATCH", "/contacts/"+DocsContactID, fmt.Sprintf(`{"id_crm":"w%d-%d","role":["admin"]}`, i, j))
				case 1:
					e.do("GET", "/contacts", "")
				case 2:
					to := DocsContactID
					if (i+j)%2 == 0 {
						to = NoAddressesContactID
					}
					e.do("PATCH", "/addresses/"+DocsAddressID, `{"contact_id":"`+to+`"}`)
				case 3:
					e.s.EditContact(DocsContactID, func(c *Contact) { c.Role = append(c.Role, "legal") })
					e.s.InjectFault(Fault{Times: 1, Status: 503, Path: "/customers/{id}"})
				default:
					e.do("GET", "/customers/"+AcmeCustomerID, "")
					e.s.Requests()
					e.s.SetLatency(0)
				}
			}
		}()
	}
	wg.Wait()
	// The address is linked from exactly one contact.
	jean, _ := e.s.Contact(DocsContactID)
	elodie, _ := e.s.Contact(NoAddressesContactID)
	if n := len(jean.AddressIDs) + len(elodie.AddressIDs); n != 1 {
		t.Fatalf("address linked %d times", n)
	}
}

func BenchmarkList50k(b *testing.B) {
	s := New(Options{})
	s.AddSyntheticContacts(50_000, "bench")
	e := newEnv(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", e.base+"/contacts", nil)
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		b.SetBytes(n)
	}
}
