package sandbox

// seedAddr is an address of the dataset; "" means null for nullable fields.
type seedAddr struct {
	id, customer, contact, typ, name         string
	line1, line2, city, state, postal, cc    string
	comment, crm, erp, acc, created, updated string
}

func (a seedAddr) address() Address {
	updated := a.updated
	if updated == "" {
		updated = a.created
	}
	return Address{
		ID: a.id, CustomerID: a.customer, Type: a.typ, Name: opt(a.name),
		AddressLine1: a.line1, AddressLine2: opt(a.line2), City: a.city,
		State: opt(a.state), PostalCode: a.postal, Country: a.cc,
		ContactID: opt(a.contact), Comment: opt(a.comment),
		IDCRM: opt(a.crm), IDERP: opt(a.erp), IDAccounting: opt(a.acc),
		CreatedAt: at(a.created), UpdatedAt: at(updated),
	}
}

func seedAddresses() []Address {
	const (
		acme, mueller, yamada, nordlys = AcmeCustomerID, MuellerCustomerID, YamadaCustomerID, NordlysCustomerID
		camille, jose, anke            = TenAddressesContactID, ThreeAddressesContactID, DanglingAddressContactID
		juergen                        = "d065bc41-f69b-4cae-aad4-aba94419c511"
		lea                            = "ad432dee-c678-49ee-805b-94f68d1dac01"
	)
	list := []seedAddr{
		{id: DocsAddressID, customer: acme, contact: DocsContactID, typ: "billing", name: "Head office",
			line1: "12 Rue de la Paix", city: "Paris", postal: "75002", cc: "FR", created: "2026-01-15T10:30:00Z"},
		{id: DocsPatchAddressID, customer: acme, typ: "billing", name: "Siège social",
			line1: "8 Boulevard Haussmann", line2: "3e étage", city: "Paris", postal: "75009", cc: "FR",
			comment: "Accueil au 3e étage, badge visiteur requis", created: "2025-06-02T08:10:00Z"},

		// Camille Lefèvre: ten warehouses.
		{id: "4c9a95af-a6c3-4b4f-b530-63f131fada8d", customer: acme, contact: camille, typ: "shipping", name: "Entrepôt Nord",
			line1: "14 Rue Pasteur", line2: "ZI des Hauts de France", city: "Lille", postal: "59000", cc: "FR",
			erp: "SAP-ADR-1001", created: "2025-06-03T09:10:00Z"},
		{id: "8384eea8-b965-4126-9efe-0f4ef5517dbb", customer: acme, contact: camille, typ: "shipping", name: "Entrepôt Sud",
			line1: "255 Avenue du Prado", city: "Marseille", postal: "13008", cc: "FR",
			erp: "SAP-ADR-1002", created: "2025-06-03T09:11:00Z"},
		{id: "d1813ed7-b9ca-40db-ab79-2ed5d4455bd3", customer: acme, contact: camille, typ: "shipping", name: "Plateforme Lyon",
			line1: "40 Rue de la Villette", city: "Lyon", postal: "69003", cc: "FR", created: "2025-06-03T09:12:00Z"},
		{id: "7c01de04-c7f2-4637-a96b-365a6f80a53b", customer: acme, contact: camille, typ: "shipping", name: "Dépôt Bordeaux",
			line1: "3 Quai de Bacalan", city: "Bordeaux", postal: "33300", cc: "FR",
			comment: "Quai 4, accès poids lourds par la rue Lucien Faure", created: "2025-06-03T09:13:00Z"},
		{id: "f2d89f15-40b3-48b9-8a85-0f3274ca1020", customer: acme, contact: camille, typ: "shipping", name: "Warehouse Antwerp",
			line1: "Noorderlaan 147", city: "Antwerpen", state: "Antwerpen", postal: "2030", cc: "BE", created: "2025-06-04T10:00:00Z"},
		{id: "18a65c45-8b4f-4362-9e0f-57a239f770e3", customer: acme, contact: camille, typ: "shipping", name: "Lager München",
			line1: "Landsberger Str. 300", city: "München", state: "Bayern", postal: "80687", cc: "DE", created: "2025-06-04T10:05:00Z"},
		{id: "e44cbdea-16a8-4c12-ad22-88282ee5e09b", customer: acme, contact: camille, typ: "shipping", name: "Almacén Madrid",
			line1: "Calle de Alcalá 200", city: "Madrid", state: "Comunidad de Madrid", postal: "28028", cc: "ES", created: "2025-06-04T10:10:00Z"},
		{id: "093d1a93-1638-4893-a70f-a5f0b8a07fb5", customer: acme, contact: camille, typ: "shipping", name: "Magazzino Milano",
			line1: "Via Giovanni Battista Pirelli 27", city: "Milano", state: "MI", postal: "20124", cc: "IT", created: "2025-06-04T10:15:00Z"},
		{id: "5714e889-1806-4881-bf33-672383b6c0d6", customer: acme, contact: camille, typ: "shipping", name: "Warehouse Rotterdam",
			line1: "Waalhaven Z.z. 50", city: "Rotterdam", state: "Zuid-Holland", postal: "3089 JH", cc: "NL",
			created: "2025-06-04T10:20:00Z", updated: "2026-02-02T16:41:09Z"},
		{id: "09ded02e-3d9e-4fb6-89e1-c5953aa26a92", customer: acme, contact: camille, typ: "billing", name: "Facturation logistique",
			line1: "1 Place de la Bourse", city: "Nantes", postal: "44000", cc: "FR",
			comment: "Envoyer les factures en PDF uniquement", acc: "411ACME01", created: "2025-06-05T08:00:00Z"},
		{id: "8603f0cf-0a3a-4d9d-86d0-7286dca1c918", customer: acme, contact: lea, typ: "billing", name: "Agence Lyon",
			line1: "10 Place Bellecour", city: "Lyon", postal: "69002", cc: "FR", erp: "SAP-ADR-77", created: "2025-07-01T07:35:00Z"},

		// Müller & Söhne.
		{id: "70ae7080-8ff7-42a0-9a8f-d594b4b8d802", customer: mueller, contact: jose, typ: "billing", name: "Hauptsitz",
			line1: "Leopoldstraße 12", city: "München", state: "Bayern", postal: "80802", cc: "DE",
			crm: "SF-ADR-0001", erp: "SAP-ADR-4711-1", acc: "DEB-70012-R", created: "2025-07-14T10:01:00Z"},
		{id: "249b0a15-571d-4c70-8315-089609176e9b", customer: mueller, contact: jose, typ: "shipping", name: "Werk Augsburg",
			line1: "Haunstetter Str. 225", city: "Augsburg", state: "Bayern", postal: "86161", cc: "DE",
			erp: "SAP-ADR-4711-2", created: "2025-07-14T10:02:00Z"},
		{id: "adc7585b-87b2-4f29-aa00-028863100938", customer: mueller, contact: jose, typ: "shipping", name: "Lager Wien",
			line1: "Simmeringer Hauptstraße 101", city: "Wien", postal: "1110", cc: "AT",
			comment: "Anlieferung nur Mo–Fr 7–15 Uhr", erp: "SAP-ADR-4711-3", created: "2025-07-14T10:03:00Z", updated: "2026-03-02T09:15:00Z"},
		{id: "fc218690-fe59-48a5-be56-b27ed37b2747", customer: mueller, contact: juergen, typ: "billing", name: "Büro Berlin",
			line1: "Friedrichstraße 68", line2: "Aufgang B, 4. OG", city: "Berlin", state: "Berlin", postal: "10117", cc: "DE",
			created: "2025-07-14T10:06:00Z"},
		{id: "89ea1158-a05a-421a-8a1b-b482cba8f067", customer: mueller, contact: juergen, typ: "shipping", name: "Lager Zürich",
			line1: "Hardturmstrasse 161", city: "Zürich", state: "ZH", postal: "8005", cc: "CH", created: "2025-07-20T08:00:00Z"},
		{id: "d971e470-8a4a-415d-9520-485f4ebe8514", customer: mueller, contact: anke, typ: "shipping", name: "Lager Hamburg",
			line1: "Am Sandtorkai 50", city: "Hamburg", postal: "20457", cc: "DE", created: "2025-07-15T08:25:00Z"},
		{id: "0ceb2bcc-ac30-445b-bf6e-678ed842ba9d", customer: mueller, contact: anke, typ: "shipping", name: "Lager Köln",
			line1: "Deutz-Mülheimer Str. 30", city: "Köln", state: "Nordrhein-Westfalen", postal: "51063", cc: "DE",
			created: "2025-07-15T08:30:00Z"},

		// 山田商事.
		{id: "e68f26e9-f797-4c7e-9b2f-b5a5bf6b24b8", customer: yamada, contact: JapaneseContactID, typ: "billing", name: "本社",
			line1: "丸の内1-1-1", line2: "丸の内ビル 12階", city: "千代田区", state: "東京都", postal: "100-0005", cc: "JP",
			created: "2025-08-01T01:21:00Z"},
		{id: "f38dec29-4d6b-4672-86f6-5bf760f2fb77", customer: yamada, contact: JapaneseContactID, typ: "shipping", name: "横浜倉庫",
			line1: "神奈川区恵比須町8", city: "横浜市", state: "神奈川県", postal: "221-0024", cc: "JP",
			comment: "搬入は平日9時〜17時", created: "2025-08-01T01:22:00Z", updated: "2026-02-14T03:00:00Z"},
		{id: "b16c010e-bf5b-4d6b-97a0-f1485d30a059", customer: yamada, contact: "e730917c-be76-4b24-b47a-c86e08d1cfae", typ: "billing", name: "大阪支店",
			line1: "北区梅田3-1-3", city: "大阪市", state: "大阪府", postal: "530-0001", cc: "JP", created: "2025-08-01T01:26:00Z"},

		// Nordlys.
		{id: "fa837dc0-e1b4-4f11-a30c-a6be0f426050", customer: nordlys, contact: "a7652ec3-fba2-4444-a54e-615f5e6e3b04", typ: "billing", name: "Huvudkontor",
			line1: "Drottninggatan 53", city: "Stockholm", postal: "111 21", cc: "SE", created: "2025-09-10T12:15:00Z"},
		{id: "63ec89b4-d8c0-427d-a1a6-1e103fe9c37a", customer: nordlys, contact: "e8857a2c-72f5-4491-8d45-a1c5207cd0f4", typ: "shipping", name: "Lager Oslo",
			line1: "Karl Johans gate 22", city: "Oslo", postal: "0159", cc: "NO", created: "2025-09-11T07:05:00Z"},
		{id: "ed160db0-fcc1-4663-b5cc-a91d71d58ada", customer: nordlys, contact: "15bac60c-5f57-4cb3-af31-dc55a90d85e0", typ: "billing", name: "Pääkonttori",
			line1: "Mannerheimintie 12", line2: "B 5", city: "Helsinki", postal: "00100", cc: "FI", created: "2025-09-20T06:05:00Z"},

		// Individuals and Al-Amin.
		{id: "be1212fa-8f2a-41f3-b8c2-e82f0ae432ca", customer: IvanovaCustomerID, contact: CyrillicContactID, typ: "shipping",
			line1: "ул. Витоша 15", city: "София", postal: "1000", cc: "BG",
			comment: "Звънете преди доставка", created: "2025-10-05T16:25:00Z"},
		{id: "0c9fe359-9c38-4ec4-bc4e-bf305cf198aa", customer: AlAminCustomerID, contact: ArabicContactID, typ: "billing", name: "المكتب الرئيسي",
			line1: "Sheikh Zayed Road, Emirates Towers", line2: "Level 41", city: "Dubai", state: "Dubai", postal: "00000", cc: "AE",
			crm: "ZOHO-ADR-1", created: "2025-10-20T07:05:00Z"},
		{id: "287f1028-0e81-4380-8720-9d3a8a9bc866", customer: AlAminCustomerID, contact: ArabicContactID, typ: "shipping", name: "مستودع جبل علي",
			line1: "Jebel Ali Free Zone, Plot S30501", city: "Dubai", state: "Dubai", postal: "00000", cc: "AE",
			comment: "الاستلام من البوابة ٣", created: "2025-10-20T07:10:00Z", updated: "2026-03-10T12:00:00Z"},
		{id: "a1a641a4-a423-4dc4-9f0b-78fd4965e132", customer: AlAminCustomerID, contact: "833c318e-21b1-44a8-aae9-03ef502d17bb", typ: "billing", name: "Bureau Casablanca",
			line1: "123 Boulevard d'Anfa", city: "Casablanca", postal: "20000", cc: "MA", created: "2025-10-21T09:05:00Z"},
		{id: "1f1bfe87-5092-4bbe-b190-def2d5b6e0b0", customer: OBrienCustomerID, contact: "37e3262c-eb36-4e6c-89b6-1d0ea714fd6d", typ: "shipping", name: "Home",
			line1: "14 Merrion Square", line2: "Apartment 4B", city: "Dublin", state: "County Dublin", postal: "D02 XY45", cc: "IE",
			comment: "Leave with the concierge if out", created: "2025-11-11T14:10:00Z"},
	}
	out := make([]Address, len(list))
	for i, a := range list {
		out[i] = a.address()
	}
	return out
}
