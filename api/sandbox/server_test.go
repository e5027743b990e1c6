package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// docsGetContact is the Get Contact page's example answer, verbatim.
const docsGetContact = `{
"success": true,
"data": {
"id": "660e8400-e29b-41d4-a716-446655440001",
"workspace_id": "706eb564-6c4a-4e18-841c-bdd79be6bca7",
"customer_id": "550e8400-e29b-41d4-a716-446655440000",
"first_name": "Jean",
"last_name": "Dupont",
"email": "jean.dupont@acme.com",
"phone": "+33 6 12 34 56 78",
"role": ["buyer", "signer"],
"id_crm": null,
"id_erp": null,
"id_accounting": null,
"address_ids": ["c3d4e5f6-a7b8-9012-cdef-123456789012"],
"created_at": "2026-01-15T10:30:00Z",
"updated_at": "2026-01-15T10:30:00Z"
}
}`

func TestDocsContactIsByteEqual(t *testing.T) {
	e := newEnv(t, New(Options{}))
	r := e.do("GET", "/contacts/"+DocsContactID, "")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if got, want := compact(t, r.body), compact(t, []byte(docsGetContact)); got != want {
		t.Fatalf("GET contact differs from the docs\n got: %s\nwant: %s", got, want)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestAuth(t *testing.T) {
	e := newEnv(t, New(Options{}))
	path := "/contacts/" + DocsContactID
	tests := []struct {
		name   string
		opt    reqOpt
		status int
	}{
		{"default token", nil, 200},
		{"lower-case scheme", header("Authorization", "bearer "+DefaultToken), 200},
		{"missing", noHeader("Authorization"), 401},
		{"wrong token", header("Authorization", "Bearer qwoty_wrong"), 401},
		{"token prefix only", header("Authorization", "Bearer "+DefaultToken[:10]), 401},
		{"token with suffix", header("Authorization", "Bearer "+DefaultToken+"x"), 401},
		{"no scheme", header("Authorization", DefaultToken), 401},
		{"basic scheme", header("Authorization", "Basic "+DefaultToken), 401},
		{"double space", header("Authorization", "Bearer  "+DefaultToken), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []reqOpt
			if tt.opt != nil {
				opts = append(opts, tt.opt)
			}
			r := e.do("GET", path, "", opts...)
			if tt.status == 200 {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			r.wantErr(t, 401, "unauthorized", "")
			if r.header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		})
	}
	t.Run("unauthorized on unknown route and PATCH too", func(t *testing.T) {
		e.do("GET", "/nope", "", noHeader("Authorization")).wantErr(t, 401, "unauthorized", "")
		e.do("PATCH", path, `{"phone":null}`, noHeader("Authorization")).wantErr(t, 401, "unauthorized", "")
		if c, _ := e.s.Contact(DocsContactID); c.Phone == nil {
			t.Error("unauthorized PATCH was applied")
		}
	})
	t.Run("custom token", func(t *testing.T) {
		e2 := newEnv(t, New(Options{Token: "qwt_prod_custom"}))
		e2.do("GET", path, "").wantErr(t, 401, "unauthorized", "")
		if r := e2.do("GET", path, "", header("Authorization", "Bearer qwt_prod_custom")); r.status != 200 {
			t.Fatalf("status %d", r.status)
		}
	})
}

func TestRoutingAndIDs(t *testing.T) {
	e := newEnv(t, New(Options{}))
	tests := []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{"GET", "/contacts/" + NoAddressesContactID, 200, "", ""},
		{"GET", "/addresses/" + DocsAddressID, 200, "", ""},
		{"GET", "/customers/" + AcmeCustomerID, 200, "", ""},
		{"GET", "/contacts/" + strings.ToUpper(DocsContactID), 200, "", ""},
		{"GET", "/contacts/" + MissingAddressID, 404, "not_found", ""},
		{"GET", "/addresses/" + MissingAddressID, 404, "not_found", ""},
		{"GET", "/addresses/" + DocsContactID, 404, "not_found", ""},
		{"GET", "/customers/" + DocsContactID, 404, "not_found", ""},
		{"GET", "/contacts/42", 400, "invalid_id", ""},
		{"GET", "/contacts/" + DocsContactID + "x", 400, "invalid_id", ""},
		{"GET", "/contacts/660e8400e29b41d4a716446655440001", 400, "invalid_id", ""},
		{"GET", "/addresses/not-a-uuid", 400, "invalid_id", ""},
		{"GET", "/customers/zzzzzzzz-e29b-41d4-a716-446655440000", 400, "invalid_id", ""},
		{"PATCH", "/contacts/nope", 400, "invalid_id", ""},
		{"GET", "/contacts/", 404, "not_found", ""},
		{"GET", "/contacts/" + DocsContactID + "/addresses", 404, "not_found", ""},
		{"GET", "/customers", 404, "not_found", ""},
		{"GET", "/invoices", 404, "not_found", ""},
		{"GET", "", 404, "not_found", ""},
		{"POST", "/contacts", 405, "method_not_allowed", "GET"},
		{"DELETE", "/contacts/" + DocsContactID, 405, "method_not_allowed", "GET, PATCH"},
		{"PUT", "/addresses/" + DocsAddressID, 405, "method_not_allowed", "GET, PATCH"},
		{"PATCH", "/customers/" + AcmeCustomerID, 405, "method_not_allowed", "GET"},
		{"PATCH", "/addresses", 405, "method_not_allowed", "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.do(tt.method, tt.path, "")
			if tt.status == 200 {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			r.wantErr(t, tt.status, tt.code, "")
			if got := r.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
		})
	}
	t.Run("outside /api", func(t *testing.T) {
		res, err := http.Get(e.srv.URL + "/contacts/" + DocsContactID)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 {
			t.Fatalf("status %d, want 401 (no token)", res.StatusCode)
		}
	})
	t.Run("not found messages", func(t *testing.T) {
		for path, msg := range map[string]string{
			"/contacts/" + MissingAddressID:  "Contact not found",
			"/addresses/" + MissingAddressID: "Address not found",
			"/customers/" + MissingAddressID: "Customer not found",
		} {
			if got := e.do("GET", path, "").apiErr(t).Message; got != msg {
				t.Errorf("%s: message %q, want %q", path, got, msg)
			}
		}
	})
}

func TestGetShapes(t *testing.T) {
	e := newEnv(t, New(Options{}))
	contactKeys := "id workspace_id customer_id first_name last_name email phone role id_crm id_erp id_accounting address_ids created_at updated_at"
	addressKeys := "id workspace_id customer_id type name address_line1 address_line2 city state postal_code country contact_id comment id_crm id_erp id_accounting created_at updated_at"
	customerKeys := "id workspace_id name type contact_ids address_ids created_at updated_at"
	tests := []struct{ path, keys string }{
		{"/contacts/" + NoAddressesContactID, contactKeys},
		{"/addresses/" + DocsAddressID, addressKeys},
		{"/customers/" + AcmeCustomerID, customerKeys},
	}
	for _, tt := range tests {
		r := e.do("GET", tt.path, "")
		if got := strings.Join(keys(t, r.data(t)), " "); got != tt.keys {
			t.Errorf("%s keys:\n got %s\nwant %s", tt.path, got, tt.keys)
		}
	}
	// Empty lists are [], never null; HTML-like text is not escaped.
	r := e.do("GET", "/contacts/"+NoAddressesContactID, "")
	if !strings.Contains(string(r.body), `"address_ids":[]`) || !strings.Contains(string(r.body), `"phone":null`) {
		t.Errorf("unexpected body %s", r.body)
	}
	r = e.do("GET", "/customers/"+MuellerCustomerID, "")
	if !strings.Contains(string(r.body), `"name":"Müller & Söhne GmbH"`) {
		t.Errorf("name escaped or missing: %s", r.body)
	}
	// The docs' address.
	want := `{"id":"c3d4e5f6-a7b8-9012-cdef-123456789012","workspace_id":"706eb564-6c4a-4e18-841c-bdd79be6bca7",` +
		`"customer_id":"550e8400-e29b-41d4-a716-446655440000","type":"billing","name":"Head office",` +
		`"address_line1":"12 Rue de la Paix","address_line2":null,"city":"Paris","state":null,"postal_code":"75002",` +
		`"country":"FR","contact_id":"660e8400-e29b-41d4-a716-446655440001","comment":null,"id_crm":null,"id_erp":null,` +
		`"id_accounting":null,"created_at":"2026-01-15T10:30:00Z","updated_at":"2026-01-15T10:30:00Z"}`
	if got := compact(t, e.do("GET", "/addresses/"+DocsAddressID, "").data(t)); got != want {
		t.Errorf("docs address\n got %s\nwant %s", got, want)
	}
}
