package sandbox

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPatchContactDocsExample(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 3, 24, 14, 0, 0, 0, time.UTC)}
	e := newEnv(t, New(Options{Now: clock.Now}))
	r := e.do("PATCH", "/contacts/"+DocsContactID, `{"phone": "+33 6 99 88 77 66", "role": ["buyer", "billing"]}`)
	// The Update Contact page's example answer.
	want := `{"success":true,"data":{"id":"660e8400-e29b-41d4-a716-446655440001",` +
		`"customer_id":"550e8400-e29b-41d4-a716-446655440000","first_name":"Jean","last_name":"Dupont",` +
		`"email":"jean.dupont@acme.com","phone":"+33 6 99 88 77 66","role":["buyer","billing"],` +
		`"id_crm":null,"id_erp":null,"id_accounting":null,"created_at":"2026-01-15T10:30:00Z",` +
		`"updated_at":"2026-03-24T14:00:00Z"}}`
	if got := compact(t, r.body); got != want {
		t.Fatalf("PATCH answer\n got %s\nwant %s", got, want)
	}
	// GET still has workspace_id and address_ids.
	c := e.do("GET", "/contacts/"+DocsContactID, "").data(t)
	if !strings.Contains(string(c), `"address_ids":["c3d4e5f6-a7b8-9012-cdef-123456789012"]`) ||
		!strings.Contains(string(c), `"phone":"+33 6 99 88 77 66"`) {
		t.Fatalf("GET after PATCH: %s", c)
	}
}

func TestPatchAddressDocsExample(t *testing.T) {
	e := newEnv(t, New(Options{}))
	r := e.do("PATCH", "/addresses/"+DocsPatchAddressID,
		`{"name": "Nouveau siège", "address_line1": "42 Avenue des Champs-Élysées", "postal_code": "75008"}`)
	d := r.data(t)
	want := "id customer_id type name address_line1 address_line2 city state postal_code country contact_id comment id_crm id_erp id_accounting created_at updated_at"
	if got := strings.Join(keys(t, d), " "); got != want {
		t.Fatalf("keys\n got %s\nwant %s", got, want)
	}
	var a struct{ Name, AddressLine1, PostalCode string }
	json.Unmarshal(d, &struct {
		Name         *string `json:"name"`
		AddressLine1 *string `json:"address_line1"`
		PostalCode   *string `json:"postal_code"`
	}{&a.Name, &a.AddressLine1, &a.PostalCode})
	if a.Name != "Nouveau siège" || a.AddressLine1 != "42 Avenue des Champs-Élysées" || a.PostalCode != "75008" {
		t.Fatalf("not applied: %s", d)
	}
}

func TestPatchContactShapeAndNullPhone(t *testing.T) {
	e := newEnv(t, New(Options{}))
	r := e.do("PATCH", "/contacts/"+TenAddressesContactID, `{"phone":null}`)
	d := r.data(t)
	want := "id customer_id first_name last_name email phone role id_crm id_erp id_accounting created_at updated_at"
	if got := strings.Join(keys(t, d), " "); got != want {
		t.Fatalf("keys\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(string(d), `"phone":null`) {
		t.Fatalf("phone not null: %s", d)
	}
	if c, _ := e.s.Contact(TenAddressesContactID); c.Phone != nil || len(c.AddressIDs) != 10 {
		t.Fatalf("stored phone %v, %d addresses", c.Phone, len(c.AddressIDs))
	}
}

func TestPatchRequestErrors(t *testing.T) {
	e := newEnv(t, New(Options{}))
	path := "/contacts/" + DocsContactID
	tests := []struct {
		name, body string
		opts       []reqOpt
		status     int
		code       string
	}{
		{"no content type", `{"phone":null}`, []reqOpt{noHeader("Content-Type")}, 415, "unsupported_media_type"},
		{"text/plain", `{"phone":null}`, []reqOpt{header("Content-Type", "text/plain")}, 415, "unsupported_media_type"},
		{"form", `phone=`, []reqOpt{header("Content-Type", "application/x-www-form-urlencoded")}, 415, "unsupported_media_type"},
		{"latin1 charset", `{"phone":null}`, []reqOpt{header("Content-Type", "application/json; charset=iso-8859-1")}, 415, "unsupported_media_type"},
		{"empty body", ``, []reqOpt{header("Content-Type", "application/json")}, 400, "invalid_json"},
		{"blank body", `   `, nil, 400, "invalid_json"},
		{"broken JSON", `{"phone":`, nil, 400, "invalid_json"},
		{"single quotes", `{'phone':null}`, nil, 400, "invalid_json"},
		{"null", `null`, nil, 400, "invalid_json"},
		{"array", `[{"phone":null}]`, nil, 400, "invalid_json"},
		{"string", `"phone"`, nil, 400, "invalid_json"},
		{"trailing data", `{"phone":null}{}`, nil, 400, "invalid_json"},
		{"trailing garbage", `{"phone":null} x`, nil, 400, "invalid_json"},
		{"duplicate key", `{"phone":null,"phone":"1"}`, nil, 400, "invalid_json"},
		{"empty object", `{}`, nil, 422, "validation_error"},
		{"unknown id with bad body", `{"phone":null}`, nil, 0, ""},
	}
	for _, tt := range tests[:len(tests)-1] {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("PATCH", path, tt.body, tt.opts...)
			er := r.wantErr(t, tt.status, tt.code, "")
			if tt.name == "empty object" && er.Message != "no fields to update" {
				t.Errorf("message %q", er.Message)
			}
		})
	}
	for _, ct := range []string{"application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON"} {
		if r := e.do("PATCH", path, `{"phone":null}`, header("Content-Type", ct)); r.status != 200 {
			t.Errorf("Content-Type %q: status %d: %s", ct, r.status, r.body)
		}
	}
	e.do("PATCH", "/contacts/"+MissingAddressID, `{"phone":null}`).wantErr(t, 404, "not_found", "")
	e.do("PATCH", "/addresses/"+MissingAddressID, `{"city":"Paris"}`).wantErr(t, 404, "not_found", "")
	if r := e.do("PATCH", path, strings.Repeat(" ", maxBody)+`{"phone":null}`); r.status != 400 {
		t.Errorf("huge body: status %d", r.status)
	}
}

func TestPatchContactValidation(t *testing.T) {
	tests := []struct {
		body, field, msg string // field "" = accepted
	}{
		{`{"first_name":""}`, "first_name", ""},
		{`{"first_name":"   "}`, "first_name", ""},
		{`{"first_name":"\t\n"}`, "first_name", ""},
		{`{"first_name":null}`, "first_name", ""},
		{`{"first_name":42}`, "first_name", ""},
		{`{"first_name":["Jean"]}`, "first_name", ""},
		{`{"last_name":""}`, "last_name", ""},
		{`{"last_name":null}`, "last_name", ""},
		{`{"last_name":{"x":1}}`, "last_name", ""},
		{`{"email":""}`, "email", ""},
		{`{"email":null}`, "email", ""},
		{`{"email":"jean"}`, "email", "email: must be a valid email address"},
		{`{"email":"jean@acme"}`, "email", ""},
		{`{"email":"@acme.com"}`, "email", ""},
		{`{"email":"jean@@acme.com"}`, "email", ""},
		{`{"email":"jean@acme@acme.com"}`, "email", ""},
		{`{"email":"jean dupont@acme.com"}`, "email", ""},
		{`{"email":" jean@acme.com"}`, "email", ""},
		{`{"email":"jean@acme..com"}`, "email", ""},
		{`{"email":"jean@acme.com."}`, "email", ""},
		{`{"email":true}`, "email", ""},
		{`{"phone":12345}`, "phone", "phone: must be a string or null, not number"},
		{`{"phone":{}}`, "phone", ""},
		{`{"phone":["+33"]}`, "phone", ""},
		{`{"id_crm":false}`, "id_crm", ""},
		{`{"id_erp":1}`, "id_erp", ""},
		{`{"id_accounting":{}}`, "id_accounting", ""},
		{`{"role":"buyer"}`, "role", ""},
		{`{"role":null}`, "role", ""},
		{`{"role":["boss"]}`, "role", ""},
		{`{"role":["Buyer"]}`, "role", ""},
		{`{"role":["buyer","buyer"]}`, "role", ""},
		{`{"role":[1]}`, "role", ""},
		{`{"role":[null]}`, "role", ""},
		{`{"customer_id":"` + MuellerCustomerID + `"}`, "customer_id", "customer_id cannot be changed after creation"},
		{`{"customer_id":"` + AcmeCustomerID + `"}`, "customer_id", "customer_id cannot be changed after creation"},
		{`{"id":"` + DocsContactID + `"}`, "id", ""},
		{`{"workspace_id":"` + WorkspaceID + `"}`, "workspace_id", ""},
		{`{"address_ids":[]}`, "address_ids", ""},
		{`{"created_at":"2026-01-15T10:30:00Z"}`, "created_at", ""},
		{`{"updated_at":"2026-01-15T10:30:00Z"}`, "updated_at", ""},
		{`{"nickname":"JD"}`, "nickname", "nickname: unknown field"},
		{`{"Phone":null}`, "Phone", ""},
		{`{"phone":"+1 555","email":"bad"}`, "email", ""},
		{`{"role":["admin"],"mystery":1}`, "mystery", ""},

		{`{"phone":null}`, "", ""},
		{`{"phone":""}`, "", ""},
		{`{"phone":"+81 3-1234-5678"}`, "", ""},
		{`{"role":[]}`, "", ""},
		{`{"role":["buyer","signer","billing","shipping","legal","admin"]}`, "", ""},
		{`{"email":"zoë@ålander.se"}`, "", ""},
		{`{"email":"first.last+tag@sub.example.co.uk"}`, "", ""},
		{`{"first_name":"山田","last_name":"محمد الأمين"}`, "", ""},
		{`{"id_crm":"HS-1","id_erp":null,"id_accounting":""}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			e := newEnv(t, New(Options{}))
			before, _ := e.s.Contact(DocsContactID)
			r := e.do("PATCH", "/contacts/"+DocsContactID, tt.body)
			after, _ := e.s.Contact(DocsContactID)
			if tt.field == "" {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				if !after.UpdatedAt.After(before.UpdatedAt) {
					t.Error("updated_at not bumped")
				}
				return
			}
			er := r.wantErr(t, 422, "validation_error", tt.field)
			if tt.msg != "" && er.Message != tt.msg {
				t.Errorf("message %q, want %q", er.Message, tt.msg)
			}
			if !strings.HasPrefix(er.Message, tt.field) {
				t.Errorf("message %q does not name the field", er.Message)
			}
			if compact(t, mustJSON(t, after)) != compact(t, mustJSON(t, before)) {
				t.Errorf("contact changed by a rejected PATCH")
			}
		})
	}
}

func TestPatchAddressValidation(t *testing.T) {
	tests := []struct {
		body, field string // field "" = accepted
	}{
		{`{"type":"home"}`, "type"},
		{`{"type":"Billing"}`, "type"},
		{`{"type":null}`, "type"},
		{`{"type":1}`, "type"},
		{`{"address_line1":""}`, "address_line1"},
		{`{"address_line1":null}`, "address_line1"},
		{`{"city":"  "}`, "city"},
		{`{"city":null}`, "city"},
		{`{"postal_code":""}`, "postal_code"},
		{`{"postal_code":75002}`, "postal_code"},
		{`{"country":"fr"}`, "country"},
		{`{"country":"Fr"}`, "country"},
		{`{"country":"FRA"}`, "country"},
		{`{"country":"250"}`, "country"},
		{`{"country":"France"}`, "country"},
		{`{"country":"UK"}`, "country"},
		{`{"country":"EU"}`, "country"},
		{`{"country":"ZZ"}`, "country"},
		{`{"country":"QQ"}`, "country"},
		{`{"country":""}`, "country"},
		{`{"country":null}`, "country"},
		{`{"name":5}`, "name"},
		{`{"address_line2":{}}`, "address_line2"},
		{`{"state":[]}`, "state"},
		{`{"comment":true}`, "comment"},
		{`{"id_crm":1}`, "id_crm"},
		{`{"contact_id":"nope"}`, "contact_id"},
		{`{"contact_id":"` + MissingAddressID + `"}`, "contact_id"},
		{`{"contact_id":"` + DocsAddressID + `"}`, "contact_id"},
		{`{"contact_id":7}`, "contact_id"},
		{`{"customer_id":"` + AcmeCustomerID + `"}`, "customer_id"},
		{`{"id":"` + DocsAddressID + `"}`, "id"},
		{`{"workspace_id":"x"}`, "workspace_id"},
		{`{"created_at":"x"}`, "created_at"},
		{`{"updated_at":"x"}`, "updated_at"},
		{`{"address_ids":[]}`, "address_ids"},
		{`{"zip":"75002"}`, "zip"},
		{`{"city":"Lyon","country":"XX"}`, "country"},

		{`{"type":"shipping"}`, ""},
		{`{"country":"DE"}`, ""},
		{`{"country":"JP","city":"東京","state":"東京都","postal_code":"100-0005"}`, ""},
		{`{"name":null,"address_line2":null,"state":null,"comment":null}`, ""},
		{`{"name":"","comment":"<b>ring twice</b>"}`, ""},
		{`{"contact_id":null}`, ""},
		{`{"contact_id":"` + DocsContactID + `"}`, ""},
		{`{"id_crm":"C","id_erp":"E","id_accounting":null}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			e := newEnv(t, New(Options{}))
			before, _ := e.s.Address(DocsAddressID)
			r := e.do("PATCH", "/addresses/"+DocsAddressID, tt.body)
			after, _ := e.s.Address(DocsAddressID)
			if tt.field == "" {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			er := r.wantErr(t, 422, "validation_error", tt.field)
			if !strings.HasPrefix(er.Message, tt.field) {
				t.Errorf("message %q does not name the field", er.Message)
			}
			if compact(t, mustJSON(t, after)) != compact(t, mustJSON(t, before)) {
				t.Errorf("address changed by a rejected PATCH")
			}
		})
	}
}

func TestPatchAddressMovesBetweenContacts(t *testing.T) {
	e := newEnv(t, New(Options{}))
	jean0, _ := e.s.Contact(DocsContactID)
	r := e.do("PATCH", "/addresses/"+DocsAddressID, `{"contact_id":"`+strings.ToUpper(NoAddressesContactID)+`"}`)
	if !strings.Contains(string(r.data(t)), `"contact_id":"`+NoAddressesContactID+`"`) {
		t.Fatalf("contact_id not stored canonically: %s", r.body)
	}
	jean, _ := e.s.Contact(DocsContactID)
	elodie, _ := e.s.Contact(NoAddressesContactID)
	if len(jean.AddressIDs) != 0 || len(elodie.AddressIDs) != 1 || elodie.AddressIDs[0] != DocsAddressID {
		t.Fatalf("links: jean %v, elodie %v", jean.AddressIDs, elodie.AddressIDs)
	}
	if !jean.UpdatedAt.After(jean0.UpdatedAt) {
		t.Error("old contact's updated_at not bumped")
	}
	e.do("PATCH", "/addresses/"+DocsAddressID, `{"contact_id":null}`).data(t)
	if elodie, _ = e.s.Contact(NoAddressesContactID); len(elodie.AddressIDs) != 0 {
		t.Fatalf("unset contact_id left %v", elodie.AddressIDs)
	}
	if a, _ := e.s.Address(DocsAddressID); a.ContactID != nil {
		t.Fatalf("contact_id %v", *a.ContactID)
	}
}

func TestUpdatedAtStrictlyIncreases(t *testing.T) {
	start := time.Date(2026, 3, 24, 14, 0, 0, 500_000_000, time.UTC)
	clock := &fakeClock{t: start}
	e := newEnv(t, New(Options{Now: clock.Now}))
	var stamps []string
	for i := 0; i < 4; i++ {
		var d struct {
			UpdatedAt string `json:"updated_at"`
		}
		json.Unmarshal(e.do("PATCH", "/contacts/"+DocsContactID, `{"id_crm":"X"}`).data(t), &d)
		stamps = append(stamps, d.UpdatedAt)
	}
	want := []string{"2026-03-24T14:00:00Z", "2026-03-24T14:00:01Z", "2026-03-24T14:00:02Z", "2026-03-24T14:00:03Z"}
	if strings.Join(stamps, " ") != strings.Join(want, " ") {
		t.Fatalf("stamps %v, want %v", stamps, want)
	}
	clock.Set(start.Add(time.Hour))
	if err := e.s.EditContact(DocsContactID, func(c *Contact) { c.FirstName = "Jeanne" }); err != nil {
		t.Fatal(err)
	}
	c, _ := e.s.Contact(DocsContactID)
	if got := stampJSON(c.UpdatedAt); got != "2026-03-24T15:00:00Z" || c.FirstName != "Jeanne" {
		t.Fatalf("after EditContact: %s %s", got, c.FirstName)
	}
	// A clock behind the record still moves forward.
	clock.Set(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	e.do("PATCH", "/addresses/"+DocsAddressID, `{"comment":"x"}`).data(t)
	if a, _ := e.s.Address(DocsAddressID); stampJSON(a.UpdatedAt) != "2026-01-15T10:30:01Z" {
		t.Fatalf("address updated_at %s", stampJSON(a.UpdatedAt))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestValidCountryCount(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if validCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	if n != 249 {
		t.Fatalf("%d valid codes, want the 249 of ISO 3166-1", n)
	}
}
