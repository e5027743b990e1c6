package sandbox

import (
	"strings"
	"testing"
)

// member returns the raw JSON of one member of a JSON object.
func member(t *testing.T, obj []byte, name string) string {
	t.Helper()
	s := string(obj)
	i := strings.Index(s, `"`+name+`":`)
	if i < 0 {
		return ""
	}
	rest := s[i+len(name)+3:]
	depth, inStr := 0, false
	for j := 0; j < len(rest); j++ {
		c := rest[j]
		switch {
		case inStr && c == '\\':
			j++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth == 0 {
				return rest[:j]
			}
			depth--
		case c == ',' && depth == 0:
			return rest[:j]
		}
	}
	return rest
}

func TestWireOverridesAreServedInPlaceAndClearedByAWrite(t *testing.T) {
	e := newEnv(t, New(Options{}))
	path := "/contacts/" + PhoneNumberContactID
	got := e.do("GET", path, "").data(t)
	if m := member(t, got, "phone"); m != `4930901820` {
		t.Fatalf("phone served as %s", m)
	}
	if !strings.HasPrefix(string(got), `{"id":"`+PhoneNumberContactID+`","workspace_id"`) || !strings.Contains(string(got), `"phone":4930901820,"role":["billing"]`) {
		t.Errorf("the key order changed: %s", got)
	}
	list := string(e.do("GET", "/contacts?customer_id="+ImportsCustomerID, "").data(t))
	if !strings.Contains(list, `"phone":4930901820`) {
		t.Errorf("the list does not serve the override: %s", list)
	}

	// A write of another field keeps the odd phone; updated_at is stamped anew.
	e2 := newEnv(t, New(Options{}))
	o := e2.do("PATCH", "/contacts/"+OffsetStampsContactID, `{"last_name":"Offsett"}`).data(t)
	if member(t, o, "created_at") != `"2025-12-01T10:30:00+0100"` || strings.Contains(member(t, o, "updated_at"), "+0200") {
		t.Errorf("after a write: created_at %s, updated_at %s", member(t, o, "created_at"), member(t, o, "updated_at"))
	}

	// Setting the field itself clears its override.
	p := e.do("PATCH", path, `{"phone":"+49 30 901820"}`).data(t)
	if m := member(t, p, "phone"); m != `"+49 30 901820"` {
		t.Errorf("the PATCH answer's phone %s", m)
	}
	if m := member(t, e.do("GET", path, "").data(t), "phone"); m != `"+49 30 901820"` {
		t.Errorf("after the PATCH, phone served as %s", m)
	}
}

func TestHostileSeedsAreThere(t *testing.T) {
	s := New(Options{})
	for _, id := range HostileContactIDs {
		if _, ok := s.Contact(id); !ok {
			t.Errorf("no hostile contact %s", id)
		}
	}
	e := newEnv(t, s)
	ulla := string(e.do("GET", "/contacts/"+UpperAddressContactID, "").data(t))
	if !strings.Contains(ulla, strings.ToUpper(UpperListedAddressID)) {
		t.Errorf("the address is not listed in upper case: %s", ulla)
	}
	if got := e.do("GET", "/addresses/"+strings.ToUpper(UpperListedAddressID), ""); got.status != 200 {
		t.Errorf("GET by the upper-case id: %d", got.status)
	}
	if m := member(t, e.do("GET", "/addresses/"+NumericPostalAddressID, "").data(t), "postal_code"); m != `10115` {
		t.Errorf("postal_code served as %s", m)
	}
	owen, _ := s.Contact(UnknownRoleContactID)
	if strings.Join(owen.Role, ",") != "buyer,owner" {
		t.Errorf("roles %v", owen.Role)
	}
}
