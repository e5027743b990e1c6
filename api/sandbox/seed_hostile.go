package sandbox

import "encoding/json"

// Hostile records: the data a tool for fixing bad data meets. Their fields
// hold what imports and other systems leave behind: values of an
// unexpected JSON shape (served through Contact.Wire), timestamps in
// another ISO 8601 form, roles the docs do not list or list twice, names
// holding U+FFFD or control characters, an address listed by an upper-case
// id. Everything else about them follows the docs.
const (
	ImportsCustomerID = "666b5333-2f1e-48ce-9399-43d27114d475" // Altdaten Import GmbH, company, DE

	PhoneNumberContactID  = "70b1d37b-56a9-4b07-9cdc-e28063716c43" // Paul Numeric: phone sent as a JSON number
	OffsetStampsContactID = "0c4415c7-caea-4412-a39b-df45bc69b9e5" // Olivia Offset: timestamps like 2026-01-15T10:30:00+0200
	UnknownRoleContactID  = "2bd62193-e516-4967-891f-41f0df11c39b" // Owen Owner: roles ["buyer","owner"]
	DoubleRoleContactID   = "4c0d76e4-a5f7-4895-9bf8-484466340437" // Dora Double: roles ["buyer","buyer","legal"]
	ReplacementContactID  = "c709ff58-af31-4546-8d7d-8d0cf778e635" // Ren\uFFFD M\uFFFDller: names after a bad import
	ControlCharsContactID = "66856f76-08b6-45d3-a156-73fda925bf15" // names and ids holding control characters
	UpperAddressContactID = "81cc6c37-da19-4b21-9152-805b28e2f287" // Ulla Upper: an address listed by an upper-case id, one with a numeric postal code

	UpperListedAddressID   = "d71db779-5986-4617-84b0-60f47bbecdee" // listed in upper case by Ulla Upper
	NumericPostalAddressID = "c66060e1-cb6f-44a1-a2d9-35395a2dbb72" // its postal_code is the JSON number 10115
)

// HostileContactIDs lists the hostile contacts, for tests that try each.
var HostileContactIDs = []string{
	PhoneNumberContactID, OffsetStampsContactID, UnknownRoleContactID, DoubleRoleContactID,
	ReplacementContactID, ControlCharsContactID, UpperAddressContactID,
}

func seedHostileCustomer() Customer {
	return Customer{ID: ImportsCustomerID, Name: "Altdaten Import GmbH", Type: "company",
		CreatedAt: at("2025-12-01T09:00:00Z"), UpdatedAt: at("2025-12-01T09:00:00Z")}
}

func seedHostileContacts() []Contact {
	co := func(id, first, last, email string, phone *string, roles ...string) Contact {
		return Contact{ID: id, CustomerID: ImportsCustomerID, FirstName: first, LastName: last, Email: email,
			Phone: phone, Role: roles, CreatedAt: at("2025-12-01T09:30:00Z"), UpdatedAt: at("2026-01-15T08:30:00Z")}
	}
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	paul := co(PhoneNumberContactID, "Paul", "Numeric", "paul.numeric@altdaten-import.de", nil, "billing")
	paul.Wire = map[string]json.RawMessage{"phone": raw(`4930901820`)}
	olivia := co(OffsetStampsContactID, "Olivia", "Offset", "olivia.offset@altdaten-import.de", ptr("+49 30 901820"), "signer")
	olivia.Wire = map[string]json.RawMessage{"created_at": raw(`"2025-12-01T10:30:00+0100"`), "updated_at": raw(`"2026-01-15T10:30:00+0200"`)}
	ctl := co(ControlCharsContactID, "Bell\x07e", "Tab\tStop", "control.chars@altdaten-import.de", ptr("+49 30 5550\x1b[31m123"), "buyer")
	ctl.IDCRM = ptr("CRM\r\n42")
	return []Contact{
		paul,
		olivia,
		co(UnknownRoleContactID, "Owen", "Owner", "owen.owner@altdaten-import.de", ptr("+1 555 0100"), "buyer", "owner"),
		co(DoubleRoleContactID, "Dora", "Double", "dora.double@altdaten-import.de", ptr("+1 555 0102"), "buyer", "buyer", "legal"),
		co(ReplacementContactID, "Ren\uFFFD", "M\uFFFDller", "rene.mueller@altdaten-import.de", ptr("+49 30 555 0101"), "shipping"),
		ctl,
		co(UpperAddressContactID, "Ulla", "Upper", "ulla.upper@altdaten-import.de", ptr("+49 30 555 0199"), "shipping"),
	}
}

func seedHostileAddresses() []Address {
	listed := seedAddr{id: UpperListedAddressID, customer: ImportsCustomerID, contact: UpperAddressContactID, typ: "shipping",
		name: "Lager Spandau", line1: "Am Juliusturm 12", city: "Berlin", postal: "13599", cc: "DE", created: "2025-12-01T09:40:00Z"}.address()
	numeric := seedAddr{id: NumericPostalAddressID, customer: ImportsCustomerID, contact: UpperAddressContactID, typ: "billing",
		name: "Buchhaltung", line1: "Invalidenstraße 117", city: "Berlin", postal: "10115", cc: "DE", created: "2025-12-01T09:45:00Z"}.address()
	numeric.Wire = map[string]json.RawMessage{"postal_code": json.RawMessage(`10115`)}
	return []Address{listed, numeric}
}
