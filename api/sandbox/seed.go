package sandbox

import (
	"strings"
	"time"
)

// Ids of the seeded dataset (New). The workspace, Acme, Jean Dupont and his
// address are the documentation's own example values.
const (
	WorkspaceID        = "706eb564-6c4a-4e18-841c-bdd79be6bca7"
	AcmeCustomerID     = "550e8400-e29b-41d4-a716-446655440000" // company, FR
	DocsContactID      = "660e8400-e29b-41d4-a716-446655440001" // Jean Dupont, as in the Get Contact page
	DocsAddressID      = "c3d4e5f6-a7b8-9012-cdef-123456789012" // Jean Dupont's only address
	DocsPatchAddressID = "770e8400-e29b-41d4-a716-446655440002" // Acme's head office, no contact (the docs' PATCH address example)

	MuellerCustomerID = "157b4ac8-52c0-40a8-b0be-b839cf4afe4d" // Müller & Söhne GmbH, company, DE
	YamadaCustomerID  = "897c6bf4-8860-4bc7-a806-a3436cd3e722" // 山田商事株式会社, company, JP
	NordlysCustomerID = "ae3ab476-5c09-47f8-8247-36eef09ee08d" // Nordlys AB, company, SE
	IvanovaCustomerID = "71e8ba41-b353-4a96-b801-ad1021320b8d" // Мария Иванова, individual, BG
	AlAminCustomerID  = "1386fcdc-16d9-4437-bdb1-62d6faf98cd2" // Al-Amin Trading L.L.C., company, AE
	OBrienCustomerID  = "feb5d23d-eccc-43b6-b425-ae3afd9213ac" // Siobhán O'Brien, individual, IE

	TenAddressesContactID    = "46208178-5cd4-4a91-9cf4-8fbf9b5b1c60" // Camille Lefèvre (Acme): 10 addresses
	ThreeAddressesContactID  = "f6af1f9d-5e3f-40c9-b63c-c9feab7f15ab" // José Müller-Lüdenscheidt: 3 addresses, all external ids set
	NoAddressesContactID     = "5cc6b506-48fb-4164-b930-1cf5015f9490" // Élodie Martin (Acme): no address, null phone
	DanglingAddressContactID = "8dd86bbe-6efa-430b-83ed-d3e048188f6e" // Anke Schröder: 2 addresses and MissingAddressID
	MissingAddressID         = "bb37486a-1c73-41fa-b936-58842f64a9d2" // listed by Anke Schröder, does not exist

	EmptyPhoneContactID = "c1ba07dd-6f29-4346-b9ea-6f068f2b0c22" // Thomas Bernard (Acme): phone "", no roles
	JapaneseContactID   = "1f211dc9-4e31-420e-8c99-ac4e29010bdc" // 山田 太郎: 2 addresses
	CyrillicContactID   = "51764c1c-c646-45de-a425-ae5598a2cc2b" // Мария Иванова
	ArabicContactID     = "8bb792fe-0cb7-4b0a-b3a4-234f946b80fa" // محمد الأمين: 2 addresses
)

// at parses a seed timestamp.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// opt is nil for "" and a pointer to s otherwise.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// seed loads the demo dataset.
func (s *Server) seed() {
	s.data.mu.Lock()
	defer s.data.mu.Unlock()
	for _, c := range append(seedCustomers(), seedHostileCustomer()) {
		s.fillCustomer(&c)
		s.data.customers[key(c.ID)] = &c
	}
	for _, c := range append(seedContacts(), seedHostileContacts()...) {
		s.addContactLocked(c, true)
	}
	for _, a := range append(seedAddresses(), seedHostileAddresses()...) {
		s.addAddressLocked(a)
	}
	anke := s.data.contacts[key(DanglingAddressContactID)].clone()
	anke.AddressIDs = []string{anke.AddressIDs[0], MissingAddressID, anke.AddressIDs[1]}
	s.data.contacts[key(anke.ID)] = &anke

	ulla := s.data.contacts[key(UpperAddressContactID)].clone()
	ulla.AddressIDs = []string{strings.ToUpper(UpperListedAddressID), NumericPostalAddressID}
	s.data.contacts[key(ulla.ID)] = &ulla
}

func seedCustomers() []Customer {
	cu := func(id, name, typ, created string) Customer {
		return Customer{ID: id, Name: name, Type: typ, CreatedAt: at(created), UpdatedAt: at(created)}
	}
	return []Customer{
		cu(AcmeCustomerID, "Acme", "company", "2025-06-02T08:00:00Z"),
		cu(MuellerCustomerID, "Müller & Söhne GmbH", "company", "2025-07-14T09:30:00Z"),
		cu(YamadaCustomerID, "山田商事株式会社", "company", "2025-08-01T01:15:00Z"),
		cu(NordlysCustomerID, "Nordlys AB", "company", "2025-09-10T12:00:00Z"),
		cu(IvanovaCustomerID, "Мария Иванова", "individual", "2025-10-05T16:20:00Z"),
		cu(AlAminCustomerID, "Al-Amin Trading L.L.C.", "company", "2025-10-20T06:45:00Z"),
		cu(OBrienCustomerID, "Siobhán O'Brien", "individual", "2025-11-11T14:05:00Z"),
	}
}

func seedContacts() []Contact {
	type ext struct{ crm, erp, acc string }
	co := func(id, cust, first, last, email string, phone *string, roles []string, x ext, created, updated string) Contact {
		return Contact{ID: id, CustomerID: cust, FirstName: first, LastName: last, Email: email,
			Phone: phone, Role: roles, IDCRM: opt(x.crm), IDERP: opt(x.erp), IDAccounting: opt(x.acc),
			CreatedAt: at(created), UpdatedAt: at(updated)}
	}
	r := func(roles ...string) []string { return append([]string{}, roles...) }
	none := ext{}
	return []Contact{
		co(DocsContactID, AcmeCustomerID, "Jean", "Dupont", "jean.dupont@acme.com", ptr("+33 6 12 34 56 78"),
			r("buyer", "signer"), none, "2026-01-15T10:30:00Z", "2026-01-15T10:30:00Z"),
		co(TenAddressesContactID, AcmeCustomerID, "Camille", "Lefèvre", "camille.lefevre@acme.com", ptr("+33 1 42 68 53 00"),
			r("shipping"), ext{crm: "HS-20931"}, "2025-06-03T09:00:00Z", "2026-02-02T16:41:09Z"),
		co(NoAddressesContactID, AcmeCustomerID, "Élodie", "Martin", "elodie.martin@acme.com", nil,
			r("legal"), none, "2025-06-03T09:05:00Z", "2025-06-03T09:05:00Z"),
		co(EmptyPhoneContactID, AcmeCustomerID, "Thomas", "Bernard", "t.bernard@acme.com", ptr(""),
			r(), ext{crm: "HS-10442"}, "2025-06-20T13:37:00Z", "2025-12-01T08:00:00Z"),
		co("ad432dee-c678-49ee-805b-94f68d1dac01", AcmeCustomerID, "Léa", "Fontaine", "lea.fontaine@acme.com", ptr("+33 4 72 10 30 30"),
			r("billing"), ext{erp: "SAP-100233", acc: "411ACME02"}, "2025-07-01T07:30:00Z", "2026-01-09T11:12:13Z"),
		co("b240e10e-9247-49b5-b824-410e3ce61429", AcmeCustomerID, "Văn An", "Nguyễn", "an.nguyen@acme.com", ptr("+84 28 3822 1234"),
			r("buyer"), none, "2025-09-15T02:00:00Z", "2025-09-15T02:00:00Z"),

		co(ThreeAddressesContactID, MuellerCustomerID, "José", "Müller-Lüdenscheidt", "jose.mueller-luedenscheidt@mueller-soehne.de", ptr("+49 89 2180 4410"),
			r("buyer", "billing"), ext{crm: "SF-003Ab00000kLmN", erp: "SAP-0004711", acc: "DEB-70012"}, "2025-07-14T10:00:00Z", "2026-03-02T09:15:00Z"),
		co("d065bc41-f69b-4cae-aad4-aba94419c511", MuellerCustomerID, "Jürgen", "Weiß", "juergen.weiss@mueller-soehne.de", ptr("+49 30 1234567"),
			r("signer", "admin"), none, "2025-07-14T10:05:00Z", "2025-08-30T17:45:00Z"),
		co(DanglingAddressContactID, MuellerCustomerID, "Anke", "Schröder", "anke.schroeder@mueller-soehne.de", nil,
			r("shipping"), none, "2025-07-15T08:20:00Z", "2025-11-19T10:00:00Z"),
		co("e190a721-0e1a-4014-bf16-86301fae984c", MuellerCustomerID, "Friedrich-Wilhelm", "von Hohenzollern-Sigmaringen", "fw.hohenzollern@mueller-soehne.de", ptr("+49 7571 729 0"),
			r("admin"), none, "2025-07-16T12:00:00Z", "2025-07-16T12:00:00Z"),

		co(JapaneseContactID, YamadaCustomerID, "太郎", "山田", "taro.yamada@yamada-shoji.co.jp", ptr("+81 3-1234-5678"),
			r("buyer", "signer"), none, "2025-08-01T01:20:00Z", "2026-02-14T03:00:00Z"),
		co("e730917c-be76-4b24-b47a-c86e08d1cfae", YamadaCustomerID, "花子", "佐藤", "hanako.sato@yamada-shoji.co.jp", ptr("+81 6-6345-6789"),
			r("billing"), ext{acc: "YS-KAIKEI-0042"}, "2025-08-01T01:25:00Z", "2025-08-01T01:25:00Z"),
		co("1a844358-c322-41f3-b1fb-0255d51fad2b", YamadaCustomerID, "Kenji", "Watanabe", "k.watanabe@yamada-shoji.co.jp", nil,
			r(), none, "2025-08-04T05:10:00Z", "2025-08-04T05:10:00Z"),

		co("a7652ec3-fba2-4444-a54e-615f5e6e3b04", NordlysCustomerID, "Zoë", "Ålander", "zoe.alander@nordlys.se", ptr("+46 8 123 456 78"),
			r("signer", "legal"), none, "2025-09-10T12:10:00Z", "2025-12-24T09:00:00Z"),
		co("e8857a2c-72f5-4491-8d45-a1c5207cd0f4", NordlysCustomerID, "Øystein", "Nygård", "oystein.nygard@nordlys.no", ptr("+47 22 12 34 56"),
			r("shipping"), none, "2025-09-11T07:00:00Z", "2025-09-11T07:00:00Z"),
		co("4e1578cd-0b6a-4e0e-ac66-3859daf7743c", NordlysCustomerID, "Åsa", "Lindqvist", "asa.lindqvist@nordlys.se", ptr(""),
			r("buyer"), none, "2025-09-12T13:30:00Z", "2025-10-01T10:00:00Z"),
		co("15bac60c-5f57-4cb3-af31-dc55a90d85e0", NordlysCustomerID, "Mikael", "Kärkkäinen", "mikael.karkkainen@nordlys.fi", ptr("+358 9 876 5432"),
			r("billing"), ext{acc: "FI-ACC-5521"}, "2025-09-20T06:00:00Z", "2026-01-05T08:30:00Z"),

		co(CyrillicContactID, IvanovaCustomerID, "Мария", "Иванова", "maria.ivanova@example.org", ptr("+359 2 987 6543"),
			r("buyer", "signer", "billing"), none, "2025-10-05T16:20:00Z", "2025-10-05T16:20:00Z"),

		co(ArabicContactID, AlAminCustomerID, "محمد", "الأمين", "m.alamin@alamin-trading.ae", ptr("+971 4 123 4567"),
			r("buyer", "admin"), ext{crm: "ZOHO-88213"}, "2025-10-20T07:00:00Z", "2026-03-10T12:00:00Z"),
		co("833c318e-21b1-44a8-aae9-03ef502d17bb", AlAminCustomerID, "Fatima Zahra", "Benali", "fz.benali@alamin-trading.ae", nil,
			r("billing"), none, "2025-10-21T09:00:00Z", "2025-10-21T09:00:00Z"),
		co("6f9237ee-9759-47ea-b6a3-3e625f81fe03", AlAminCustomerID, "Omar", "Haddad", "omar.haddad@alamin-trading.ae", ptr("+961 1 234 567"),
			r("shipping"), ext{erp: "ERP-LB-0091"}, "2025-10-22T11:00:00Z", "2025-11-02T15:30:00Z"),

		co("37e3262c-eb36-4e6c-89b6-1d0ea714fd6d", OBrienCustomerID, "Siobhán", "O'Brien", "siobhan.obrien@example.ie", ptr("+353 1 555 0199"),
			r("buyer", "billing", "shipping"), none, "2025-11-11T14:05:00Z", "2025-11-11T14:05:00Z"),
	}
}
