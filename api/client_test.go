package api_test

// Table tests of every api.Client method against the in-memory sandbox,
// through a real HTTP server (httptest). The error paths live in
// errors_sandbox_test.go.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// env is one sandbox behind one httptest server, and a client for it.
type env struct {
	s   *sandbox.Server
	srv *httptest.Server
	c   *api.Client
	// token is the secret the sandbox accepts and the client sends.
	token string
}

// newEnv starts a seeded sandbox (sandbox.Options{}) and a client for it.
// mod adjusts the client's options.
func newEnv(t *testing.T, mod ...func(*api.Options)) *env {
	t.Helper()
	return newEnvWith(t, sandbox.Options{}, nil, mod...)
}

// newEnvWith starts a sandbox with so; wrap, when set, wraps the sandbox
// handler (to observe requests).
func newEnvWith(t *testing.T, so sandbox.Options, wrap func(http.Handler) http.Handler, mod ...func(*api.Options)) *env {
	t.Helper()
	s := sandbox.New(so)
	var h http.Handler = s
	if wrap != nil {
		h = wrap(s)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	token := so.Token
	if token == "" {
		token = sandbox.DefaultToken
	}
	return &env{s: s, srv: srv, c: newClient(t, srv.URL+"/api", token, mod...), token: token}
}

// newClient returns a client with fast retries and a generous timeout.
func newClient(t *testing.T, base, token string, mod ...func(*api.Options)) *api.Client {
	t.Helper()
	o := api.Options{
		BaseURL:   base,
		Token:     api.NewToken(token),
		Timeout:   10 * time.Second,
		RetryBase: time.Millisecond,
	}
	for _, m := range mod {
		m(&o)
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serverData fetches path (without /api) straight from the sandbox, with the
// right token, and returns the "data" member exactly as it was sent.
func (e *env) serverData(t *testing.T, path string) json.RawMessage {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/api"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Success bool            `json:"success"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || !env.Success {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return env.Data
}

func ns(p *string) api.NullString {
	if p == nil {
		return api.NullString{}
	}
	return api.NewNullString(*p)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// checkTime checks a decoded timestamp: the same instant as the server's,
// in UTC.
func checkTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
	if got.Location() != time.UTC {
		t.Errorf("%s is in %v, want UTC", what, got.Location())
	}
}

// checkContact compares a decoded contact with the sandbox's copy.
// withHidden says whether workspace_id and address_ids were in the answer
// (GET) or not (PATCH).
func checkContact(t *testing.T, got *api.Contact, want sandbox.Contact, withHidden bool) {
	t.Helper()
	if got == nil {
		t.Fatal("nil contact")
	}
	type flat struct {
		ID, CustomerID, FirstName, LastName, Email string
		Phone, IDCRM, IDERP, IDAccounting          api.NullString
		Role                                       []string
	}
	g := flat{got.ID, got.CustomerID, got.FirstName, got.LastName, got.Email, got.Phone, got.IDCRM, got.IDERP, got.IDAccounting, got.Role}
	w := flat{want.ID, want.CustomerID, want.FirstName, want.LastName, want.Email, ns(want.Phone), ns(want.IDCRM), ns(want.IDERP), ns(want.IDAccounting), nonNil(want.Role)}
	if fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
		t.Errorf("contact decoded as\n%#v\nwant\n%#v", g, w)
	}
	if got.Role == nil {
		t.Errorf("role [] decoded as nil")
	}
	checkTime(t, "created_at", got.CreatedAt, want.CreatedAt)
	checkTime(t, "updated_at", got.UpdatedAt, want.UpdatedAt)
	if withHidden {
		if got.WorkspaceID != want.WorkspaceID {
			t.Errorf("workspace_id = %q, want %q", got.WorkspaceID, want.WorkspaceID)
		}
		if !got.HasAddressIDs() || !slices.Equal(got.AddressIDs, nonNil(want.AddressIDs)) {
			t.Errorf("address_ids = %#v (known %v), want %#v", got.AddressIDs, got.HasAddressIDs(), want.AddressIDs)
		}
	} else {
		if got.WorkspaceID != "" {
			t.Errorf("workspace_id = %q, the answer had none", got.WorkspaceID)
		}
		if got.HasAddressIDs() {
			t.Errorf("address_ids = %#v, the answer had none: HasAddressIDs must be false", got.AddressIDs)
		}
	}
}

// checkAddress compares a decoded address with the sandbox's copy.
func checkAddress(t *testing.T, got *api.Address, want sandbox.Address, withWorkspace bool) {
	t.Helper()
	if got == nil {
		t.Fatal("nil address")
	}
	type flat struct {
		ID, CustomerID, Type, AddressLine1, City, PostalCode, Country string
		Name, AddressLine2, State, ContactID, Comment                 api.NullString
		IDCRM, IDERP, IDAccounting                                    api.NullString
	}
	g := flat{got.ID, got.CustomerID, got.Type, got.AddressLine1, got.City, got.PostalCode, got.Country,
		got.Name, got.AddressLine2, got.State, got.ContactID, got.Comment, got.IDCRM, got.IDERP, got.IDAccounting}
	w := flat{want.ID, want.CustomerID, want.Type, want.AddressLine1, want.City, want.PostalCode, want.Country,
		ns(want.Name), ns(want.AddressLine2), ns(want.State), ns(want.ContactID), ns(want.Comment), ns(want.IDCRM), ns(want.IDERP), ns(want.IDAccounting)}
	if fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
		t.Errorf("address decoded as\n%#v\nwant\n%#v", g, w)
	}
	checkTime(t, "created_at", got.CreatedAt, want.CreatedAt)
	checkTime(t, "updated_at", got.UpdatedAt, want.UpdatedAt)
	wantWS := ""
	if withWorkspace {
		wantWS = want.WorkspaceID
	}
	if got.WorkspaceID != wantWS {
		t.Errorf("workspace_id = %q, want %q", got.WorkspaceID, wantWS)
	}
}

// docsGetContactData is the Get Contact page's example "data", compacted.
const docsGetContactData = `{"id":"660e8400-e29b-41d4-a716-446655440001","workspace_id":"706eb564-6c4a-4e18-841c-bdd79be6bca7","customer_id":"550e8400-e29b-41d4-a716-446655440000","first_name":"Jean","last_name":"Dupont","email":"jean.dupont@acme.com","phone":"+33 6 12 34 56 78","role":["buyer","signer"],"id_crm":null,"id_erp":null,"id_accounting":null,"address_ids":["c3d4e5f6-a7b8-9012-cdef-123456789012"],"created_at":"2026-01-15T10:30:00Z","updated_at":"2026-01-15T10:30:00Z"}`

func TestGetContactDocsExample(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	got, err := e.c.GetContact(context.Background(), sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	// Every field, spelled out from the docs.
	want := []struct {
		field    string
		got, exp any
	}{
		{"id", got.ID, sandbox.DocsContactID},
		{"workspace_id", got.WorkspaceID, sandbox.WorkspaceID},
		{"customer_id", got.CustomerID, sandbox.AcmeCustomerID},
		{"first_name", got.FirstName, "Jean"},
		{"last_name", got.LastName, "Dupont"},
		{"email", got.Email, "jean.dupont@acme.com"},
		{"phone", got.Phone, api.NewNullString("+33 6 12 34 56 78")},
		{"role", fmt.Sprint(got.Role), fmt.Sprint([]string{"buyer", "signer"})},
		{"id_crm", got.IDCRM, api.NullString{}},
		{"id_erp", got.IDERP, api.NullString{}},
		{"id_accounting", got.IDAccounting, api.NullString{}},
		{"address_ids", fmt.Sprint(got.AddressIDs), fmt.Sprint([]string{sandbox.DocsAddressID})},
		{"FullName()", got.FullName(), "Jean Dupont"},
		{"HasAddressIDs()", got.HasAddressIDs(), true},
	}
	for _, w := range want {
		if w.got != w.exp {
			t.Errorf("%s = %#v, want %#v", w.field, w.got, w.exp)
		}
	}
	// null stays distinguishable from "": null is !Valid.
	if got.IDCRM.Valid || !got.Phone.Valid {
		t.Errorf("null/value confusion: phone %#v id_crm %#v", got.Phone, got.IDCRM)
	}
	stamp := time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)
	checkTime(t, "created_at", got.CreatedAt, stamp)
	checkTime(t, "updated_at", got.UpdatedAt, stamp)

	if string(got.Raw) != docsGetContactData {
		t.Errorf("Raw differs from the docs' example\n got: %s\nwant: %s", got.Raw, docsGetContactData)
	}
	if sent := e.serverData(t, "/contacts/"+sandbox.DocsContactID); !bytes.Equal(got.Raw, sent) {
		t.Errorf("Raw differs from what the server sent\n got: %s\nsent: %s", got.Raw, sent)
	}

	// The request itself: one authorized GET of the right path, no body.
	reqs := e.s.Requests()
	if r := reqs[0]; r.Method != http.MethodGet || r.Path != "/contacts/"+sandbox.DocsContactID || !r.Authorized || r.Body != nil {
		t.Errorf("request %+v", r)
	}
}

func TestGetContactDecodesEverySeededShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name string
		id   string
		also func(t *testing.T, c *api.Contact)
	}{
		{"docs contact", sandbox.DocsContactID, nil},
		{"no addresses, null phone", sandbox.NoAddressesContactID, func(t *testing.T, c *api.Contact) {
			if !c.HasAddressIDs() || c.AddressIDs == nil || len(c.AddressIDs) != 0 {
				t.Errorf("address_ids = %#v: an empty list must be known (HasAddressIDs) and empty", c.AddressIDs)
			}
			if c.Phone.Valid {
				t.Errorf("phone = %#v, want null", c.Phone)
			}
		}},
		{"empty phone, no roles", sandbox.EmptyPhoneContactID, func(t *testing.T, c *api.Contact) {
			if c.Phone != api.NewNullString("") {
				t.Errorf(`phone = %#v, want "" (not null)`, c.Phone)
			}
			if c.Role == nil || len(c.Role) != 0 {
				t.Errorf("role = %#v, want an empty list", c.Role)
			}
		}},
		{"ten addresses", sandbox.TenAddressesContactID, func(t *testing.T, c *api.Contact) {
			if len(c.AddressIDs) != 10 {
				t.Errorf("%d address ids", len(c.AddressIDs))
			}
		}},
		{"all external ids", sandbox.ThreeAddressesContactID, func(t *testing.T, c *api.Contact) {
			if !c.IDCRM.Valid || !c.IDERP.Valid || !c.IDAccounting.Valid {
				t.Errorf("external ids %#v %#v %#v", c.IDCRM, c.IDERP, c.IDAccounting)
			}
		}},
		{"dangling address id", sandbox.DanglingAddressContactID, func(t *testing.T, c *api.Contact) {
			if len(c.AddressIDs) != 3 || c.AddressIDs[1] != sandbox.MissingAddressID {
				t.Errorf("address_ids = %v", c.AddressIDs)
			}
		}},
		{"japanese", sandbox.JapaneseContactID, nil},
		{"cyrillic", sandbox.CyrillicContactID, nil},
		{"arabic", sandbox.ArabicContactID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.c.GetContact(context.Background(), tt.id)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := e.s.Contact(tt.id)
			checkContact(t, got, want, true)
			if sent := e.serverData(t, "/contacts/"+tt.id); !bytes.Equal(got.Raw, sent) {
				t.Errorf("Raw differs from what the server sent\n got: %s\nsent: %s", got.Raw, sent)
			}
			if tt.also != nil {
				tt.also(t, got)
			}
		})
	}
}

func TestGetContactSeesEditsBehindTheClientsBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	before, err := e.c.GetContact(ctx, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	err = e.s.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) {
		c.Email = "j.dupont@acme.com"
		c.IDCRM = nil
		c.AddressIDs = nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := e.c.GetContact(ctx, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Email != "j.dupont@acme.com" || !after.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("second GET: email %q updated_at %v (before %v)", after.Email, after.UpdatedAt, before.UpdatedAt)
	}
	// The server sends [] for a contact whose links were removed.
	if !after.HasAddressIDs() || len(after.AddressIDs) != 0 {
		t.Errorf("address_ids = %#v", after.AddressIDs)
	}
	if e.s.CountRequests(http.MethodGet, "/contacts/") != 2 {
		t.Errorf("%d GETs, want 2 (no caching)", e.s.CountRequests(http.MethodGet, "/contacts/"))
	}
}

func TestGetAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name string
		id   string
		also func(t *testing.T, a *api.Address)
	}{
		{"docs contact's address", sandbox.DocsAddressID, func(t *testing.T, a *api.Address) {
			if a.Name != api.NewNullString("Head office") || a.AddressLine2.Valid || a.State.Valid ||
				a.ContactID != api.NewNullString(sandbox.DocsContactID) || a.Country != "FR" || a.Type != "billing" {
				t.Errorf("decoded %+v", a)
			}
		}},
		{"docs patch address: no contact, line 2 and comment", sandbox.DocsPatchAddressID, func(t *testing.T, a *api.Address) {
			if a.ContactID.Valid || a.AddressLine2 != api.NewNullString("3e étage") || !a.Comment.Valid {
				t.Errorf("decoded %+v", a)
			}
		}},
		{"state set", "f2d89f15-40b3-48b9-8a85-0f3274ca1020", func(t *testing.T, a *api.Address) {
			if a.State != api.NewNullString("Antwerpen") || a.Country != "BE" {
				t.Errorf("decoded %+v", a)
			}
		}},
		{"all external ids", "70ae7080-8ff7-42a0-9a8f-d594b4b8d802", nil},
		{"japanese", "e68f26e9-f797-4c7e-9b2f-b5a5bf6b24b8", nil},
		{"arabic", "287f1028-0e81-4380-8720-9d3a8a9bc866", nil},
		{"no name", "be1212fa-8f2a-41f3-b8c2-e82f0ae432ca", func(t *testing.T, a *api.Address) {
			if a.Name.Valid {
				t.Errorf("name = %#v, want null", a.Name)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.c.GetAddress(context.Background(), tt.id)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := e.s.Address(tt.id)
			if !ok {
				t.Fatalf("no seeded address %s", tt.id)
			}
			checkAddress(t, got, want, true)
			if sent := e.serverData(t, "/addresses/"+tt.id); !bytes.Equal(got.Raw, sent) {
				t.Errorf("Raw differs from what the server sent\n got: %s\nsent: %s", got.Raw, sent)
			}
			if tt.also != nil {
				tt.also(t, got)
			}
		})
	}
}

func TestGetAddresses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		contact string
		missing []int // positions that must be 404s
	}{
		{"ten addresses, in order", sandbox.TenAddressesContactID, nil},
		{"three addresses", sandbox.ThreeAddressesContactID, nil},
		{"dangling id in the middle", sandbox.DanglingAddressContactID, []int{1}},
		{"no addresses", sandbox.NoAddressesContactID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := e.c.GetContact(ctx, tt.contact)
			if err != nil {
				t.Fatal(err)
			}
			res := e.c.GetAddresses(ctx, c.AddressIDs)
			if len(res) != len(c.AddressIDs) {
				t.Fatalf("%d results for %d ids", len(res), len(c.AddressIDs))
			}
			for i, r := range res {
				if r.ID != c.AddressIDs[i] {
					t.Errorf("result %d is for %s, want %s (order lost)", i, r.ID, c.AddressIDs[i])
				}
				if slices.Contains(tt.missing, i) {
					if !api.IsNotFound(r.Err) || r.Address != nil {
						t.Errorf("result %d: address %v, err %v; want a 404", i, r.Address, r.Err)
					}
					if r.Err != nil {
						assertPlainSentence(t, r.Err)
						if !strings.Contains(r.Err.Error(), "address "+api.ShortID(r.ID)+" not found") {
							t.Errorf("message %q does not name the address", r.Err)
						}
					}
					continue
				}
				if r.Err != nil {
					t.Errorf("result %d: %v", i, r.Err)
					continue
				}
				want, _ := e.s.Address(r.ID)
				checkAddress(t, r.Address, want, true)
				if r.Address.ContactID != api.NewNullString(tt.contact) {
					t.Errorf("result %d: contact_id %v", i, r.Address.ContactID)
				}
			}
		})
	}

	// No ids: no results, nothing sent.
	e.s.ResetRequests()
	if res := e.c.GetAddresses(ctx, nil); len(res) != 0 {
		t.Errorf("%d results for no ids", len(res))
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests for no ids", n)
	}

	// An invalid id fails in its own slot, without a request.
	ids := []string{sandbox.DocsAddressID, "not-a-uuid", sandbox.DocsPatchAddressID}
	res := e.c.GetAddresses(ctx, ids)
	if res[0].Err != nil || res[2].Err != nil || !api.IsInvalidID(res[1].Err) || res[1].Address != nil {
		t.Errorf("results %+v", res)
	}
	if n := e.s.CountRequests(http.MethodGet, "/addresses/"); n != 2 {
		t.Errorf("%d requests, want 2 (the invalid id is never sent)", n)
	}
}

func TestGetCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		id, name, typ string
	}{
		{sandbox.AcmeCustomerID, "Acme", "company"},
		{sandbox.MuellerCustomerID, "Müller & Söhne GmbH", "company"},
		{sandbox.YamadaCustomerID, "山田商事株式会社", "company"},
		{sandbox.IvanovaCustomerID, "Мария Иванова", "individual"},
		{sandbox.OBrienCustomerID, "Siobhán O'Brien", "individual"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.c.GetCustomer(context.Background(), tt.id)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := e.s.Customer(tt.id)
			if got.ID != tt.id || got.Name != tt.name || got.Type != tt.typ {
				t.Errorf("customer %+v, want %s %q %s", got, tt.id, tt.name, tt.typ)
			}
			if !slices.Equal(got.ContactIDs, want.ContactIDs) || !slices.Equal(got.AddressIDs, want.AddressIDs) {
				t.Errorf("links %v %v, want %v %v", got.ContactIDs, got.AddressIDs, want.ContactIDs, want.AddressIDs)
			}
			checkTime(t, "created_at", got.CreatedAt, want.CreatedAt)
		})
	}
	t.Run("unknown customer", func(t *testing.T) {
		_, err := e.c.GetCustomer(context.Background(), "00000000-0000-4000-8000-000000000000")
		if !api.IsNotFound(err) {
			t.Fatalf("err = %v, want a 404", err)
		}
		assertPlainSentence(t, err)
		if !strings.Contains(err.Error(), "customer 00000000… not found") {
			t.Errorf("message %q", err)
		}
	})
}

func TestListContacts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	all, err := e.c.ListContacts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := e.s.ContactIDs()
	gotIDs := make([]string, len(all))
	for i, c := range all {
		gotIDs[i] = c.ID
	}
	if len(all) != len(wantIDs) || !slices.Equal(slices.Sorted(slices.Values(gotIDs)), slices.Sorted(slices.Values(wantIDs))) {
		t.Errorf("listed %d contacts %v, want the %d seeded ones", len(all), gotIDs, len(wantIDs))
	}
	for i := range all {
		want, _ := e.s.Contact(all[i].ID)
		checkContact(t, &all[i], want, true)
	}
	if r := e.s.Requests()[0]; r.Path != "/contacts" || r.RawQuery != "" {
		t.Errorf("request %s?%s", r.Path, r.RawQuery)
	}

	customers := []string{sandbox.AcmeCustomerID, sandbox.MuellerCustomerID, sandbox.YamadaCustomerID,
		sandbox.NordlysCustomerID, sandbox.IvanovaCustomerID, sandbox.AlAminCustomerID, sandbox.OBrienCustomerID, sandbox.ImportsCustomerID}
	total := 0
	for _, cust := range customers {
		t.Run(cust, func(t *testing.T) {
			e.s.ResetRequests()
			got, err := e.c.ListContacts(ctx, cust)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := e.s.Customer(cust)
			ids := make([]string, len(got))
			for i, c := range got {
				ids[i] = c.ID
				if c.CustomerID != cust {
					t.Errorf("contact %s belongs to %s", c.ID, c.CustomerID)
				}
			}
			if !slices.Equal(ids, want.ContactIDs) {
				t.Errorf("listed %v, want %v", ids, want.ContactIDs)
			}
			total += len(got)
			if r := e.s.Requests()[0]; r.Path != "/contacts" || r.RawQuery != "customer_id="+cust {
				t.Errorf("request %s?%s", r.Path, r.RawQuery)
			}
		})
	}
	if total != len(all) {
		t.Errorf("per-customer lists hold %d contacts, the full list %d", total, len(all))
	}

	t.Run("unknown customer: empty list", func(t *testing.T) {
		got, err := e.c.ListContacts(ctx, "00000000-0000-4000-8000-000000000000")
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v", got, err)
		}
	})

	t.Run("invalid customer id: nothing sent", func(t *testing.T) {
		e.s.ResetRequests()
		for _, bad := range []string{"acme", "550e8400", "550e8400-e29b-41d4-a716-44665544000g", "../customers", "x&customer_id=" + sandbox.AcmeCustomerID} {
			got, err := e.c.ListContacts(ctx, bad)
			if !api.IsInvalidID(err) || got != nil {
				t.Errorf("%q: %v, %v", bad, got, err)
				continue
			}
			assertPlainSentence(t, err)
		}
		if n := len(e.s.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}

func TestInvalidIDsAreNeverSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	phone := api.NewContactPatch()
	if err := phone.SetString("phone", "1"); err != nil {
		t.Fatal(err)
	}
	city := api.NewAddressPatch()
	if err := city.SetString("city", "Lyon"); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func(id string) error{
		"GetContact":    func(id string) error { _, err := e.c.GetContact(ctx, id); return err },
		"GetAddress":    func(id string) error { _, err := e.c.GetAddress(ctx, id); return err },
		"GetCustomer":   func(id string) error { _, err := e.c.GetCustomer(ctx, id); return err },
		"UpdateContact": func(id string) error { _, err := e.c.UpdateContact(ctx, id, phone); return err },
		"UpdateAddress": func(id string) error { _, err := e.c.UpdateAddress(ctx, id, city); return err },
	}
	for name, call := range calls {
		for _, id := range []string{"", "660e8400", "../contacts", "660e8400-e29b-41d4-a716-446655440001/x", "660e8400_e29b_41d4_a716_446655440001"} {
			err := call(id)
			if !api.IsInvalidID(err) {
				t.Errorf("%s(%q): %v, want an invalid-id error", name, id, err)
				continue
			}
			assertPlainSentence(t, err)
		}
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// contactPatch builds a contact patch from (name, value) pairs.
func contactPatch(t *testing.T, set func(p *api.Patch) error) *api.Patch {
	t.Helper()
	p := api.NewContactPatch()
	if err := set(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUpdateContact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		id    string
		set   func(p *api.Patch) error
		body  string
		check func(t *testing.T, server sandbox.Contact, answer *api.Contact)
	}{
		{
			name: "docs example: phone and role",
			id:   sandbox.DocsContactID,
			set: func(p *api.Patch) error {
				return errors.Join(p.SetString("phone", "+33 6 99 88 77 66"), p.SetList("role", "buyer", "billing"))
			},
			body: `{"phone":"+33 6 99 88 77 66","role":["buyer","billing"]}`,
			check: func(t *testing.T, s sandbox.Contact, a *api.Contact) {
				if s.Phone == nil || *s.Phone != "+33 6 99 88 77 66" || !slices.Equal(s.Role, []string{"buyer", "billing"}) {
					t.Errorf("server copy: phone %v role %v", s.Phone, s.Role)
				}
				if a.Phone != api.NewNullString("+33 6 99 88 77 66") || !slices.Equal(a.Role, []string{"buyer", "billing"}) {
					t.Errorf("answer: phone %#v role %v", a.Phone, a.Role)
				}
			},
		},
		{
			name: "phone null unsets",
			id:   sandbox.DocsContactID,
			set:  func(p *api.Patch) error { return p.SetNull("phone") },
			body: `{"phone":null}`,
			check: func(t *testing.T, s sandbox.Contact, a *api.Contact) {
				if s.Phone != nil {
					t.Errorf("server copy: phone %q, want null", *s.Phone)
				}
				if a.Phone.Valid {
					t.Errorf("answer: phone %#v, want null", a.Phone)
				}
			},
		},
		{
			name: "empty phone is a value, not null",
			id:   sandbox.NoAddressesContactID,
			set:  func(p *api.Patch) error { return p.SetString("phone", "") },
			body: `{"phone":""}`,
			check: func(t *testing.T, s sandbox.Contact, a *api.Contact) {
				if s.Phone == nil || *s.Phone != "" || a.Phone != api.NewNullString("") {
					t.Errorf("server phone %v, answer %#v", s.Phone, a.Phone)
				}
			},
		},
		{
			name: "roles emptied",
			id:   sandbox.CyrillicContactID,
			set:  func(p *api.Patch) error { return p.SetList("role") },
			body: `{"role":[]}`,
			check: func(t *testing.T, s sandbox.Contact, a *api.Contact) {
				if len(s.Role) != 0 || a.Role == nil || len(a.Role) != 0 {
					t.Errorf("server roles %v, answer %#v", s.Role, a.Role)
				}
			},
		},
		{
			name: "several fields go in the API's order, unescaped",
			id:   sandbox.ThreeAddressesContactID,
			set: func(p *api.Patch) error {
				return errors.Join(p.SetNull("id_accounting"), p.SetString("email", "jose@mueller-soehne.de"),
					p.SetString("last_name", "Müller <Lüdenscheidt> & Co"), p.SetString("id_crm", "SF-1"))
			},
			body: `{"last_name":"Müller <Lüdenscheidt> & Co","email":"jose@mueller-soehne.de","id_crm":"SF-1","id_accounting":null}`,
			check: func(t *testing.T, s sandbox.Contact, a *api.Contact) {
				if s.LastName != "Müller <Lüdenscheidt> & Co" || s.Email != "jose@mueller-soehne.de" ||
					s.IDCRM == nil || *s.IDCRM != "SF-1" || s.IDAccounting != nil || s.IDERP == nil {
					t.Errorf("server copy %+v", s)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			prev, err := e.c.GetContact(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			e.s.ResetRequests()

			got, err := e.c.UpdateContact(ctx, tt.id, contactPatch(t, tt.set))
			if err != nil {
				t.Fatal(err)
			}
			reqs := e.s.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want exactly one PATCH", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPatch || r.Path != "/contacts/"+tt.id || !r.Authorized {
				t.Errorf("request %s %s authorized=%v", r.Method, r.Path, r.Authorized)
			}
			if string(r.Body) != tt.body {
				t.Errorf("body sent\n got: %s\nwant: %s", r.Body, tt.body)
			}
			if r.ContentType != "application/json" {
				t.Errorf("Content-Type %q", r.ContentType)
			}

			server, _ := e.s.Contact(tt.id)
			// The PATCH answer has no workspace_id and no address_ids.
			checkContact(t, got, server, false)
			if bytes.Contains(got.Raw, []byte(`"address_ids"`)) || bytes.Contains(got.Raw, []byte(`"workspace_id"`)) {
				t.Errorf("Raw %s: expected the PATCH answer's shape", got.Raw)
			}
			if !got.UpdatedAt.After(prev.UpdatedAt) {
				t.Errorf("updated_at %v not after %v", got.UpdatedAt, prev.UpdatedAt)
			}
			tt.check(t, server, got)

			// KeepKnown restores what the answer left out.
			got.KeepKnown(prev)
			if got.WorkspaceID != prev.WorkspaceID || !got.HasAddressIDs() || !slices.Equal(got.AddressIDs, prev.AddressIDs) {
				t.Errorf("after KeepKnown: workspace %q address_ids %#v, want %q %#v", got.WorkspaceID, got.AddressIDs, prev.WorkspaceID, prev.AddressIDs)
			}
			checkContact(t, got, server, true)
			if len(prev.AddressIDs) > 0 {
				got.AddressIDs[0] = "changed"
				if prev.AddressIDs[0] == "changed" {
					t.Error("KeepKnown shares the address_ids slice with prev")
				}
			}

			// A fresh GET agrees with the merged copy.
			fresh, err := e.c.GetContact(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			checkContact(t, fresh, server, true)
		})
	}
}

func TestUpdateContactAnswerIsTheServersCopy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	prev, err := e.c.GetContact(ctx, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	// Someone else changes the email and links an address meanwhile.
	if err := e.s.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) {
		c.Email = "other@acme.com"
		c.AddressIDs = append(c.AddressIDs, sandbox.DocsPatchAddressID)
	}); err != nil {
		t.Fatal(err)
	}
	got, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, contactPatch(t, func(p *api.Patch) error { return p.SetString("phone", "+33 1 00 00 00 00") }))
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "other@acme.com" {
		t.Errorf("answer email %q: the answer must carry the server's copy", got.Email)
	}
	if got.HasAddressIDs() {
		t.Errorf("answer has address_ids %v", got.AddressIDs)
	}
	// KeepKnown can only restore what was known before: the caller must GET
	// again to learn about the new link.
	got.KeepKnown(prev)
	if !slices.Equal(got.AddressIDs, prev.AddressIDs) {
		t.Errorf("KeepKnown gave %v", got.AddressIDs)
	}
	fresh, err := e.c.GetContact(ctx, sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh.AddressIDs) != 2 {
		t.Errorf("fresh GET: address_ids %v", fresh.AddressIDs)
	}
}

func TestUpdateAddress(t *testing.T) {
	t.Parallel()
	const antwerp = "f2d89f15-40b3-48b9-8a85-0f3274ca1020" // state "Antwerpen"
	tests := []struct {
		name  string
		id    string
		set   func(p *api.Patch) error
		body  string
		check func(t *testing.T, server sandbox.Address, answer *api.Address)
	}{
		{
			name: "postal code",
			id:   sandbox.DocsAddressID,
			set:  func(p *api.Patch) error { return p.SetString("postal_code", "75008") },
			body: `{"postal_code":"75008"}`,
			check: func(t *testing.T, s sandbox.Address, a *api.Address) {
				if s.PostalCode != "75008" || a.PostalCode != "75008" {
					t.Errorf("server %q, answer %q", s.PostalCode, a.PostalCode)
				}
			},
		},
		{
			name: "state null unsets",
			id:   antwerp,
			set:  func(p *api.Patch) error { return p.SetNull("state") },
			body: `{"state":null}`,
			check: func(t *testing.T, s sandbox.Address, a *api.Address) {
				if s.State != nil || a.State.Valid {
					t.Errorf("server %v, answer %#v; want null", s.State, a.State)
				}
			},
		},
		{
			name: "docs example",
			id:   sandbox.DocsPatchAddressID,
			set: func(p *api.Patch) error {
				return errors.Join(p.SetString("postal_code", "75008"), p.SetString("address_line1", "42 Avenue des Champs-Élysées"),
					p.SetString("name", "Nouveau siège"))
			},
			body: `{"name":"Nouveau siège","address_line1":"42 Avenue des Champs-Élysées","postal_code":"75008"}`,
			check: func(t *testing.T, s sandbox.Address, a *api.Address) {
				if s.Name == nil || *s.Name != "Nouveau siège" || s.AddressLine1 != "42 Avenue des Champs-Élysées" {
					t.Errorf("server copy %+v", s)
				}
			},
		},
		{
			name: "type, country and nullable ids",
			id:   sandbox.DocsAddressID,
			set: func(p *api.Patch) error {
				return errors.Join(p.SetString("country", "BE"), p.SetString("type", "shipping"),
					p.SetString("comment", "Quai 3"), p.SetNull("id_erp"), p.SetString("id_crm", "X"))
			},
			body: `{"type":"shipping","country":"BE","comment":"Quai 3","id_crm":"X","id_erp":null}`,
			check: func(t *testing.T, s sandbox.Address, a *api.Address) {
				if s.Type != "shipping" || s.Country != "BE" || s.Comment == nil || s.IDCRM == nil || s.IDERP != nil {
					t.Errorf("server copy %+v", s)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			prev, err := e.c.GetAddress(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			e.s.ResetRequests()
			p := api.NewAddressPatch()
			if err := tt.set(p); err != nil {
				t.Fatal(err)
			}
			got, err := e.c.UpdateAddress(ctx, tt.id, p)
			if err != nil {
				t.Fatal(err)
			}
			reqs := e.s.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want exactly one PATCH", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPatch || r.Path != "/addresses/"+tt.id || string(r.Body) != tt.body || r.ContentType != "application/json" {
				t.Errorf("sent %s %s %q Content-Type %q\nwant body %s", r.Method, r.Path, r.Body, r.ContentType, tt.body)
			}
			server, _ := e.s.Address(tt.id)
			checkAddress(t, got, server, false) // the PATCH answer has no workspace_id
			if !got.UpdatedAt.After(prev.UpdatedAt) {
				t.Errorf("updated_at %v not after %v", got.UpdatedAt, prev.UpdatedAt)
			}
			tt.check(t, server, got)
			got.KeepKnown(prev)
			checkAddress(t, got, server, true)
		})
	}
}

// TestServerRefusesWhatTheClientAllows sends values that pass the client's
// own checks (Patch.Set) but that the API refuses: the 422 must come back as
// a validation error naming the field, the record must be unchanged.
func TestServerRefusesWhatTheClientAllows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, kind, id, field, value string
	}{
		// Unicode spaces and C1 controls pasted into an email pass
		// net/mail (RFC 6532 allows UTF-8), but the API refuses any
		// whitespace or control character.
		{"email with a no-break space", "contact", sandbox.DocsContactID, "email", "jean\u00a0dupont@acme.com"},
		{"email with an ideographic space", "contact", sandbox.DocsContactID, "email", "jean\u3000dupont@acme.com"},
		{"email with a C1 control (NEL)", "contact", sandbox.DocsContactID, "email", "jean\u0085dupont@acme.com"},
		{"email with a no-break space in the domain", "contact", sandbox.DocsContactID, "email", "jean@acme\u00a0corp.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ctx := context.Background()
			var p *api.Patch
			var err error
			if tt.kind == "address" {
				p = api.NewAddressPatch()
				if err := p.SetString(tt.field, tt.value); err != nil {
					t.Skipf("the client now refuses %q itself: %v", tt.value, err)
				}
				before, _ := e.s.Address(tt.id)
				_, err = e.c.UpdateAddress(ctx, tt.id, p)
				if after, _ := e.s.Address(tt.id); !after.UpdatedAt.Equal(before.UpdatedAt) {
					t.Error("the refused patch changed the address")
				}
			} else {
				p = api.NewContactPatch()
				if err := p.SetString(tt.field, tt.value); err != nil {
					t.Skipf("the client now refuses %q itself: %v", tt.value, err)
				}
				before, _ := e.s.Contact(tt.id)
				_, err = e.c.UpdateContact(ctx, tt.id, p)
				if after, _ := e.s.Contact(tt.id); !after.UpdatedAt.Equal(before.UpdatedAt) {
					t.Error("the refused patch changed the contact")
				}
			}
			if !api.IsValidation(err) || api.StatusCode(err) != http.StatusUnprocessableEntity {
				t.Fatalf("err = %v, want a 422 validation error", err)
			}
			if f := api.ErrorField(err); f != tt.field {
				t.Errorf("ErrorField = %q, want %q", f, tt.field)
			}
			assertPlainSentence(t, err)
			if !strings.Contains(err.Error(), "rejected the change to "+tt.kind) || !strings.Contains(err.Error(), "(422)") {
				t.Errorf("message %q", err)
			}
			if n := len(e.s.Requests()); n != 1 {
				t.Errorf("%d requests, want 1 (a PATCH is never retried)", n)
			}
		})
	}
}

// TestCountryCodesAgreeWithTheServer sends every two-letter code the
// client's own check accepts: the API must accept each one.
func TestCountryCodesAgreeWithTheServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	accepted := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			p := api.NewAddressPatch()
			if p.SetString("country", code) != nil {
				continue
			}
			accepted++
			got, err := e.c.UpdateAddress(ctx, sandbox.DocsAddressID, p)
			if err != nil {
				t.Errorf("%s: the client accepts it, the server answers %v", code, err)
				continue
			}
			if got.Country != code {
				t.Errorf("%s: answer has %q", code, got.Country)
			}
		}
	}
	if n := len(e.s.Requests()); n != accepted {
		t.Errorf("%d requests for %d codes", n, accepted)
	}
	t.Logf("%d codes accepted by both", accepted)
}

func TestWritesRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	phone := contactPatch(t, func(p *api.Patch) error { return p.SetString("phone", "1") })
	city := api.NewAddressPatch()
	if err := city.SetString("city", "Lyon"); err != nil {
		t.Fatal(err)
	}

	t.Run("read-only client", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, func(o *api.Options) { o.ReadOnly = true })
		if !e.c.ReadOnly() {
			t.Error("ReadOnly() = false")
		}
		_, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, phone)
		if !api.IsReadOnly(err) {
			t.Errorf("UpdateContact: %v", err)
		}
		_, err = e.c.UpdateAddress(ctx, sandbox.DocsAddressID, city)
		if !api.IsReadOnly(err) {
			t.Errorf("UpdateAddress: %v", err)
		}
		if err != nil {
			assertPlainSentence(t, err)
		}
		if n := len(e.s.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
		// Reads still work.
		if _, err := e.c.GetContact(ctx, sandbox.DocsContactID); err != nil {
			t.Errorf("GET refused: %v", err)
		}
	})

	t.Run("bad patches", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		if _, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, api.NewContactPatch()); !errors.Is(err, api.ErrEmptyPatch) {
			t.Errorf("empty contact patch: %v", err)
		}
		if _, err := e.c.UpdateAddress(ctx, sandbox.DocsAddressID, api.NewAddressPatch()); !errors.Is(err, api.ErrEmptyPatch) {
			t.Errorf("empty address patch: %v", err)
		}
		if _, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, city); err == nil {
			t.Error("an address patch was accepted for a contact")
		}
		if _, err := e.c.UpdateAddress(ctx, sandbox.DocsAddressID, phone); err == nil {
			t.Error("a contact patch was accepted for an address")
		}
		if _, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, nil); err == nil {
			t.Error("a nil patch was accepted")
		}
		if n := len(e.s.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}

func TestDescribePatchMatchesWhatIsSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := contactPatch(t, func(p *api.Patch) error {
		return errors.Join(p.SetString("phone", "+33 6 99 88 77 66"), p.SetList("role", "buyer", "billing"))
	})
	method, u, body, err := api.DescribePatch(e.c.BaseURL(), api.KindContact, sandbox.DocsContactID, p)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.s.Requests()); n != 0 {
		t.Fatalf("DescribePatch sent %d requests", n)
	}
	if _, err := e.c.UpdateContact(context.Background(), sandbox.DocsContactID, p); err != nil {
		t.Fatal(err)
	}
	r := e.s.Requests()[0]
	if method != r.Method || u != e.srv.URL+"/api"+r.Path || !bytes.Equal(body, r.Body) {
		t.Errorf("described %s %s %s, sent %s %s %s", method, u, body, r.Method, r.Path, r.Body)
	}
	if e.c.BaseURL() != e.srv.URL+"/api" || e.c.Host() != strings.TrimPrefix(e.srv.URL, "http://") {
		t.Errorf("BaseURL %q Host %q", e.c.BaseURL(), e.c.Host())
	}
}

// secretToken is a token that must never be printed.
const secretToken = "qwoty_s3cr3t_REDACTME_9f8e7d6c5b4a"

func TestTokenIsRedactedEverywhere(t *testing.T) {
	t.Parallel()
	var debug bytes.Buffer
	var debugMu sync.Mutex // the buffer is shared by two clients
	lw := lockedWriter{w: &debug, mu: &debugMu}
	e := newEnvWith(t, sandbox.Options{Token: secretToken}, nil, func(o *api.Options) { o.Debug = lw })
	slow := newClient(t, e.srv.URL+"/api", secretToken, func(o *api.Options) {
		o.Debug = lw
		o.Timeout = 50 * time.Millisecond
	})
	const wrongSecret = "qwoty_wrong_OTHERSECRET_00112233"
	wrong := newClient(t, e.srv.URL+"/api", wrongSecret, func(o *api.Options) { o.Debug = lw })
	ctx := context.Background()
	s := e.s
	phone := contactPatch(t, func(p *api.Patch) error { return p.SetString("phone", "1") })
	unknown := "00000000-0000-4000-8000-000000000000"

	calls := []struct {
		name string
		call func() error
	}{
		{"404", func() error { _, err := e.c.GetContact(ctx, unknown); return err }},
		{"403", func() error {
			defer s.InjectFault(sandbox.Fault{Status: 403})()
			_, err := e.c.GetAddress(ctx, sandbox.DocsAddressID)
			return err
		}},
		{"422 on a PATCH", func() error {
			defer s.InjectFault(sandbox.Fault{Status: 422, Body: `{"success":false,"error":{"code":"validation_error","message":"phone: invalid","field":"phone"}}`})()
			_, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, phone)
			return err
		}},
		{"500", func() error {
			defer s.InjectFault(sandbox.Fault{Status: 500})()
			_, err := e.c.GetCustomer(ctx, sandbox.AcmeCustomerID)
			return err
		}},
		{"502 HTML", func() error {
			defer s.InjectFault(sandbox.Fault{Status: 502, Body: "<html><body>Bad Gateway</body></html>"})()
			_, err := e.c.ListContacts(ctx, sandbox.AcmeCustomerID)
			return err
		}},
		{"429", func() error {
			defer s.InjectFault(sandbox.Fault{Status: 429, Header: http.Header{"Retry-After": {"0.01"}}})()
			_, err := e.c.GetContact(ctx, sandbox.DocsContactID)
			return err
		}},
		{"truncated", func() error {
			defer s.InjectFault(sandbox.Fault{Body: `{"success":true,"data":{"id":"660e`})()
			_, err := e.c.GetContact(ctx, sandbox.DocsContactID)
			return err
		}},
		{"drop", func() error {
			defer s.InjectFault(sandbox.Fault{Drop: true})()
			_, err := e.c.UpdateContact(ctx, sandbox.DocsContactID, phone)
			return err
		}},
		{"timeout", func() error {
			defer s.InjectFault(sandbox.Fault{Hang: true})()
			_, err := slow.GetContact(ctx, sandbox.DocsContactID)
			return err
		}},
		{"invalid id", func() error { _, err := e.c.GetContact(ctx, "nope"); return err }},
		{"wrong token", func() error { _, err := wrong.GetContact(ctx, sandbox.DocsContactID); return err }},
	}
	var errs []error
	for _, c := range calls {
		err := c.call()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		errs = append(errs, err)
	}
	if !api.IsUnauthorized(errs[len(errs)-1]) {
		t.Errorf("wrong token: %v", errs[len(errs)-1])
	}
	debugMu.Lock()
	log := debug.String()
	debugMu.Unlock()
	secrets := []string{secretToken, "s3cr3t_REDACTME", wrongSecret, "OTHERSECRET"}
	for _, err := range errs {
		for _, out := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%s %q", err, err)} {
			for _, secret := range secrets {
				if strings.Contains(out, secret) {
					t.Errorf("token in error text: %s", out)
				}
			}
		}
	}
	for _, secret := range secrets {
		if strings.Contains(log, secret) {
			t.Errorf("token %q in the debug log:\n%s", secret, log)
		}
	}
	// The log says what happened: method, URL, status.
	base := e.srv.URL + "/api"
	for _, want := range []string{
		"GET " + base + "/contacts/" + unknown + " -> 404",
		"GET " + base + "/addresses/" + sandbox.DocsAddressID + " -> 403",
		"PATCH " + base + "/contacts/" + sandbox.DocsContactID + " -> 422",
		"GET " + base + "/customers/" + sandbox.AcmeCustomerID + " -> 500",
		"GET " + base + "/contacts?customer_id=" + sandbox.AcmeCustomerID + " -> 502",
		"GET " + base + "/contacts/" + sandbox.DocsContactID + " -> 429",
		"GET " + base + "/contacts/" + sandbox.DocsContactID + " -> 200",
		"PATCH " + base + "/contacts/" + sandbox.DocsContactID + " -> no answer",
		"GET " + base + "/contacts/" + sandbox.DocsContactID + " -> 401",
		"Authorization: Bearer [redacted]",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("debug log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "/contacts/nope") {
		t.Errorf("an invalid id was logged as sent:\n%s", log)
	}
	// The token itself prints masked.
	tok := api.NewToken(secretToken)
	for _, out := range []string{fmt.Sprint(tok), fmt.Sprintf("%+v %#v %q %x", tok, tok, tok, tok), fmt.Sprintf("%+v", api.Options{Token: tok})} {
		if strings.Contains(out, "REDACTME") {
			t.Errorf("token printed: %s", out)
		}
	}
}

// lockedWriter serializes writes from several clients into one buffer.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestKeepAliveReusesConnections fetches the ten-address contact and its
// addresses twice with the production transport (Options.HTTPClient nil):
// the second round must reuse the first round's connections. The address
// route is slowed down so that the first round really holds ten
// connections at once (otherwise fast answers free connections early and
// the first round opens fewer). Not parallel: the process-wide transport's
// idle pool is shared with other tests.
func TestKeepAliveReusesConnections(t *testing.T) {
	s := sandbox.New(sandbox.Options{})
	s.SetRouteLatency(http.MethodGet, "/addresses/{id}", 50*time.Millisecond)
	srv := httptest.NewUnstartedServer(s)
	var opened atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	round := func() {
		t.Helper()
		contact, err := c.GetContact(ctx, sandbox.TenAddressesContactID)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range c.GetAddresses(ctx, contact.AddressIDs) {
			if r.Err != nil {
				t.Fatalf("address %d: %v", i, r.Err)
			}
		}
	}
	round()
	first := opened.Load()
	round()
	second := opened.Load() - first
	t.Logf("connections opened: %d in the first round, %d in the second (%d requests in all)", first, second, len(s.Requests()))
	if len(s.Requests()) != 22 {
		t.Errorf("%d requests, want 22", len(s.Requests()))
	}
	if second != 0 {
		t.Errorf("the second round opened %d new connections: keep-alive connections are not reused", second)
	}
	if total := first + second; total > 12 {
		t.Errorf("%d connections for 2 × (1 + 10) requests: keep-alive is not working", total)
	}
}

// TestGetAddressesRunsConcurrently measures how many address requests the
// server holds at once when each takes 50 ms: all ten of the ten-address
// contact must be in flight together. Wall-clock time is only logged. Not
// parallel, so that a loaded machine does not stagger the goroutines.
func TestGetAddressesRunsConcurrently(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	wrap := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasPrefix(r.URL.Path, "/api/addresses/") {
				h.ServeHTTP(w, r)
				return
			}
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			mu.Unlock()
			defer func() {
				mu.Lock()
				inFlight--
				mu.Unlock()
			}()
			h.ServeHTTP(w, r)
		})
	}
	e := newEnvWith(t, sandbox.Options{}, wrap)
	const latency = 50 * time.Millisecond
	e.s.SetRouteLatency(http.MethodGet, "/addresses/{id}", latency)
	ctx := context.Background()
	contact, err := e.c.GetContact(ctx, sandbox.TenAddressesContactID)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := e.c.GetAddresses(ctx, contact.AddressIDs)
	took := time.Since(start)
	for i, r := range res {
		if r.Err != nil || r.Address == nil || r.Address.ID != contact.AddressIDs[i] {
			t.Errorf("result %d: %+v", i, r)
		}
	}
	mu.Lock()
	got := peak
	mu.Unlock()
	if got != 10 {
		t.Errorf("peak in-flight address requests = %d, want 10 (all at once)", got)
	}
	if n := e.s.CountRequests(http.MethodGet, "/addresses/"); n != 10 {
		t.Errorf("%d address requests, want 10", n)
	}
	t.Logf("10 addresses at %v each took %v = %.1f round trips", latency, took, float64(took)/float64(latency))
}
