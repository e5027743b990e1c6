package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// hashUUID derives a UUID-shaped id (version 4 bits, RFC variant) from s.
func hashUUID(s string) string { return uuidFrom(sha256.Sum256([]byte(s))) }

// uuidFrom formats the first 16 bytes of h as a version 4, RFC variant UUID.
func uuidFrom(h [32]byte) string {
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

type synthName struct{ display, slug string }

var synthFirst = []synthName{
	{"Anna", "anna"}, {"Bruno", "bruno"}, {"Chloé", "chloe"}, {"Dmitri", "dmitri"},
	{"Élise", "elise"}, {"Farid", "farid"}, {"Greta", "greta"}, {"Hiroshi", "hiroshi"},
	{"Inès", "ines"}, {"Jonas", "jonas"}, {"Katarzyna", "katarzyna"}, {"Luca", "luca"},
	{"Maëlle", "maelle"}, {"Nikolaj", "nikolaj"}, {"Olga", "olga"}, {"Pierre", "pierre"},
	{"Quentin", "quentin"}, {"Rania", "rania"}, {"Sven", "sven"}, {"Tomás", "tomas"},
	{"Ursula", "ursula"}, {"Valentina", "valentina"}, {"Wei", "wei"}, {"Yusuf", "yusuf"},
	{"Zoë", "zoe"}, {"さくら", "sakura"}, {"Алексей", "aleksei"}, {"Fátima", "fatima"},
}

var synthLast = []synthName{
	{"Andersson", "andersson"}, {"Bernard", "bernard"}, {"Costa", "costa"}, {"Dubois", "dubois"},
	{"Eriksen", "eriksen"}, {"Fischer", "fischer"}, {"García", "garcia"}, {"Horváth", "horvath"},
	{"Ivanov", "ivanov"}, {"Jansen", "jansen"}, {"Kowalski", "kowalski"}, {"Laurent", "laurent"},
	{"Müller", "mueller"}, {"Nakamura", "nakamura"}, {"O'Connor", "oconnor"}, {"Petit", "petit"},
	{"Rossi", "rossi"}, {"Schmidt", "schmidt"}, {"Tanaka", "tanaka"}, {"Ünal", "uenal"},
	{"Van den Berg", "vandenberg"}, {"Weiß", "weiss"}, {"Yılmaz", "yilmaz"}, {"Zieliński", "zielinski"},
	{"佐々木", "sasaki"}, {"Смирнова", "smirnova"}, {"Haddad", "haddad"}, {"Nguyễn", "nguyen"},
}

var synthDomains = []string{"example.com", "example.org", "example.net", "example.fr", "example.de"}

// AddSyntheticContacts adds n generated contacts for search and memory
// benchmarks: names, emails, phones and roles derive from seed and the
// index (the same seed gives the same contacts, and the same ids, so a second
// call replaces them). They have no addresses and belong to one synthetic
// customer whose id derives from seed.
func (s *Server) AddSyntheticContacts(n int, seed string) {
	if n <= 0 {
		return
	}
	custID := hashUUID("synthetic-customer/" + seed)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	contacts := make([]Contact, n)
	ids := make([]string, n)
	for i := range contacts {
		h := sha256.Sum256(fmt.Appendf(nil, "synthetic-contact/%s/%d", seed, i))
		id := uuidFrom(h)
		first := synthFirst[int(h[16])%len(synthFirst)]
		last := synthLast[int(h[17])%len(synthLast)]
		c := Contact{
			ID: id, CustomerID: custID, FirstName: first.display, LastName: last.display,
			Email: fmt.Sprintf("%s.%s.%d@%s", first.slug, last.slug, i, synthDomains[int(h[18])%len(synthDomains)]),
			Role:  []string{},
		}
		switch p := binary.BigEndian.Uint32(h[20:24]); p % 10 {
		case 0:
			c.Phone = nil
		case 1:
			c.Phone = ptr("")
		default:
			c.Phone = ptr(fmt.Sprintf("+33 6 %02d %02d %02d %02d", p/10%100, p/1000%100, p/100000%100, p/10000000%100))
		}
		// 0, 1 or 2 distinct roles.
		r1 := int(h[26]) % len(allowedRoles)
		if k := h[19] % 3; k >= 1 {
			c.Role = append(c.Role, allowedRoles[r1])
			if k == 2 {
				c.Role = append(c.Role, allowedRoles[(r1+1+int(h[27])%(len(allowedRoles)-1))%len(allowedRoles)])
			}
		}
		if h[24]%4 == 0 {
			c.IDCRM = ptr(fmt.Sprintf("SYN-%06d", i))
		}
		c.CreatedAt = base.Add(time.Duration(i) * time.Minute)
		c.UpdatedAt = c.CreatedAt.Add(time.Duration(h[25]) * time.Hour)
		contacts[i], ids[i] = c, id
	}
	cust := Customer{ID: custID, Name: "Synthetic customers (" + seed + ")", Type: "company",
		ContactIDs: ids, CreatedAt: base, UpdatedAt: base}
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	s.fillCustomer(&cust)
	s.data.customers[key(custID)] = &cust
	for _, c := range contacts {
		s.addContactLocked(c, false)
	}
}

// AddManyAddressesContact adds a contact with n generated addresses (for
// the benchmarks of big contacts) and returns its id: the same seed gives
// the same contact, addresses and ids. It belongs to Acme.
func (s *Server) AddManyAddressesContact(n int, seed string) string {
	id := hashUUID("many-addresses-contact/" + seed)
	created := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	s.AddContact(Contact{ID: id, CustomerID: AcmeCustomerID, FirstName: "Mara", LastName: "Vielfach",
		Email: "mara.vielfach@acme.com", Phone: ptr("+33 1 40 00 00 00"), Role: []string{"buyer"}, AddressIDs: []string{},
		CreatedAt: created, UpdatedAt: created})
	cities := []struct{ postal, city, country string }{{"75008", "Paris", "FR"}, {"80687", "München", "DE"}, {"28028", "Madrid", "ES"}, {"20124", "Milano", "IT"}, {"2030", "Antwerpen", "BE"}}
	for i := range n {
		c := cities[i%len(cities)]
		typ := "shipping"
		if i%7 == 0 {
			typ = "billing"
		}
		s.AddAddress(Address{ID: hashUUID(fmt.Sprintf("many-addresses/%s/%d", seed, i)), CustomerID: AcmeCustomerID, Type: typ,
			Name: ptr(fmt.Sprintf("Site %03d", i+1)), AddressLine1: fmt.Sprintf("%d Rue du Dépôt %d", i+1, i%40+1),
			PostalCode: c.postal, City: c.city, Country: c.country, ContactID: ptr(id), CreatedAt: created, UpdatedAt: created})
	}
	return id
}
