package api

import (
	"encoding/json"
	"testing"
	"time"
)

const jean = `{"id":"660e8400-e29b-41d4-a716-446655440001","workspace_id":"706eb564-6c4a-4e18-841c-bdd79be6bca7",` +
	`"customer_id":"550e8400-e29b-41d4-a716-446655440000","first_name":"Jean","last_name":"Dupont",` +
	`"email":"jean.dupont@acme.com","phone":"+33 6 12 34 56 78","role":["buyer","signer"],"id_crm":null,` +
	`"id_erp":null,"id_accounting":null,"address_ids":["c3d4e5f6-a7b8-9012-cdef-123456789012"],` +
	`"created_at":"2026-01-15T10:30:00Z","updated_at":"2026-01-15T10:30:00Z"}`

// with returns jean's JSON with one field replaced.
func with(t *testing.T, field, raw string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(jean), &m); err != nil {
		t.Fatal(err)
	}
	m[field] = json.RawMessage(raw)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContactOfTheDocumentedShapeHasNothingUnexpected(t *testing.T) {
	var c Contact
	if err := json.Unmarshal([]byte(jean), &c); err != nil {
		t.Fatal(err)
	}
	if c.Unexpected != nil || c.Phone.String != "+33 6 12 34 56 78" || !c.CreatedAt.Equal(time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("%+v", c)
	}
}

// TestFieldsOfAnUnexpectedShapeAreKeptAsReceived: every other field still
// decodes; the odd one is a raw Value that compares by its bytes and is
// refused by a patch.
func TestFieldsOfAnUnexpectedShapeAreKeptAsReceived(t *testing.T) {
	for _, tt := range []struct{ field, raw string }{
		{"phone", `5551234`},
		{"phone", `true`},
		{"first_name", `{"given":"Jean"}`},
		{"last_name", `["Du","pont"]`},
		{"role", `[1,2]`},
		{"role", `"buyer"`},
		{"id_crm", `12.5e3`},
	} {
		t.Run(tt.field+"="+tt.raw, func(t *testing.T) {
			var c Contact
			if err := json.Unmarshal(with(t, tt.field, tt.raw), &c); err != nil {
				t.Fatalf("the contact did not open: %v", err)
			}
			if string(c.Unexpected[tt.field]) != tt.raw || len(c.Unexpected) != 1 {
				t.Errorf("Unexpected = %q", c.Unexpected)
			}
			vs := c.Values()
			v := vs[tt.field]
			if !v.IsRaw() || !v.Equal(Raw([]byte(" "+tt.raw+" "))) || v.Equal(String(tt.raw)) || v.Text() != tt.raw {
				t.Errorf("%s = %#v", tt.field, v)
			}
			if c.Email != "jean.dupont@acme.com" || len(c.AddressIDs) != 1 || c.CreatedAt.IsZero() {
				t.Errorf("the other fields were lost: %+v", c)
			}
			if err := NewContactPatch().Set(tt.field, v); err == nil {
				t.Error("a patch accepted a value kept as received")
			}
		})
	}
}

func TestTimestampsInAnotherISO8601FormAreReadAndMarked(t *testing.T) {
	want := time.Date(2026, 1, 15, 8, 30, 0, 0, time.UTC)
	for _, raw := range []string{`"2026-01-15T10:30:00+0200"`, `"2026-01-15T10:30:00.000+0200"`, `"2026-01-15 08:30:00Z"`, `"2026-01-15t08:30:00z"`, `"2026-01-15T08:30:00"`, `"20260115T103000+0200"`} {
		var c Contact
		if err := json.Unmarshal(with(t, "created_at", raw), &c); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if !c.CreatedAt.Equal(want) {
			t.Errorf("%s read as %v", raw, c.CreatedAt)
		}
		if text, ok := Stamp(c.Unexpected, "created_at"); !ok || `"`+text+`"` != raw {
			t.Errorf("%s: kept as %q, %v", raw, text, ok)
		}
		if _, ok := Stamp(c.Unexpected, "updated_at"); ok {
			t.Error("updated_at marked")
		}
	}
	var c Contact
	if err := json.Unmarshal(with(t, "updated_at", `"last tuesday"`), &c); err != nil || !c.UpdatedAt.IsZero() {
		t.Errorf("an unreadable timestamp: %v %v", c.UpdatedAt, err)
	}
}

func TestARecordWithoutAStringIDIsRefused(t *testing.T) {
	var c Contact
	if err := json.Unmarshal(with(t, "id", `42`), &c); err == nil {
		t.Error("a contact whose id is a number decoded")
	}
	var a Address
	if err := json.Unmarshal([]byte(`[]`), &a); err == nil {
		t.Error("a list decoded as an address")
	}
}

func TestRawValuesRoundTripThroughJSON(t *testing.T) {
	vs := Values{"phone": Raw([]byte(`{ "n": 1 }`)), "role": List("buyer", "owner"), "email": String("a@b.co"), "id_crm": Null()}
	b, err := json.Marshal(vs)
	if err != nil {
		t.Fatal(err)
	}
	var back Values
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for k, v := range vs {
		if !back[k].Equal(v) {
			t.Errorf("%s: %#v came back as %#v", k, v, back[k])
		}
	}
	if back["phone"].Str() != "" || string(back["phone"].RawJSON()) != `{"n":1}` {
		t.Errorf("%#v", back["phone"])
	}
}

func TestAddressesAndCustomersDecodeTolerantly(t *testing.T) {
	var a Address
	if err := json.Unmarshal([]byte(`{"id":"c3d4e5f6-a7b8-9012-cdef-123456789012","type":"billing","postal_code":75002,"city":"Paris","country":"FR","created_at":"2026-01-15T10:30:00+0200"}`), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Values()["postal_code"].IsRaw() || a.City != "Paris" || a.CreatedAt.IsZero() {
		t.Errorf("%+v", a)
	}
	var cu Customer
	if err := json.Unmarshal([]byte(`{"id":"550e8400-e29b-41d4-a716-446655440000","name":"Acme","type":1,"created_at":"2026-01-15T10:30:00+0200"}`), &cu); err != nil || cu.Name != "Acme" {
		t.Errorf("%+v %v", cu, err)
	}
}
