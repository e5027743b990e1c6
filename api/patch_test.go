package api

import (
	"errors"
	"strings"
	"testing"
)

func TestPatchEncodesOnlyFieldsSet(t *testing.T) {
	tests := []struct {
		name string
		set  func(p *Patch) error
		want string
	}{
		{"phone value", func(p *Patch) error { return p.SetString("phone", "+33 6 99 88 77 66") }, `{"phone":"+33 6 99 88 77 66"}`},
		{"phone null", func(p *Patch) error { return p.SetNull("phone") }, `{"phone":null}`},
		{"phone empty string stays a string", func(p *Patch) error { return p.SetString("phone", "") }, `{"phone":""}`},
		{"roles", func(p *Patch) error { return p.SetList("role", "buyer", "billing") }, `{"role":["buyer","billing"]}`},
		{"no roles", func(p *Patch) error { return p.SetList("role") }, `{"role":[]}`},
		{"docs example in API order", func(p *Patch) error {
			if err := p.SetList("role", "buyer", "billing"); err != nil {
				return err
			}
			return p.SetString("phone", "+33 6 99 88 77 66")
		}, `{"phone":"+33 6 99 88 77 66","role":["buyer","billing"]}`},
		{"no HTML escaping", func(p *Patch) error { return p.SetString("id_crm", "<a&b>") }, `{"id_crm":"<a&b>"}`},
		{"unicode kept", func(p *Patch) error { return p.SetString("first_name", "Zoë 山田") }, `{"first_name":"Zoë 山田"}`},
		{"control characters escaped by JSON", func(p *Patch) error { return p.SetString("last_name", "a\x1b[2Jb") }, `{"last_name":"a\u001b[2Jb"}`},
		{"every nullable unset", func(p *Patch) error {
			for _, f := range []string{"id_accounting", "id_erp", "id_crm", "phone"} {
				if err := p.SetNull(f); err != nil {
					return err
				}
			}
			return nil
		}, `{"phone":null,"id_crm":null,"id_erp":null,"id_accounting":null}`},
		{"set twice keeps the last", func(p *Patch) error {
			_ = p.SetString("email", "a@example.com")
			return p.SetString("email", "b@example.com")
		}, `{"email":"b@example.com"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewContactPatch()
			if err := tt.set(p); err != nil {
				t.Fatalf("set: %v", err)
			}
			got, err := p.MarshalJSON()
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPatchRefusesWhatTheAPIRefuses(t *testing.T) {
	tests := []struct {
		name, field string
		value       Value
		problem     string
	}{
		{"customer_id is not representable", "customer_id", String("550e8400-e29b-41d4-a716-446655440000"), "is not a field"},
		{"id is not representable", "id", String("x"), "is not a field"},
		{"first_name cannot be null", "first_name", Null(), "cannot be null"},
		{"last_name cannot be null", "last_name", Null(), "cannot be null"},
		{"email cannot be null", "email", Null(), "cannot be null"},
		{"email cannot be empty", "email", String(""), "required"},
		{"email format", "email", String("jean.dupont"), "not an email"},
		{"email with display name", "email", String("Jean <j@acme.com>"), "not an email"},
		{"unknown role", "role", List("buyer", "boss"), `"boss" is not one of`},
		{"duplicate role", "role", List("buyer", "buyer"), "twice"},
		{"role cannot be null", "role", Null(), "list"},
		{"role cannot be a string", "role", String("buyer"), "list"},
		{"phone cannot be a list", "phone", List("1"), "not a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewContactPatch()
			err := p.Set(tt.field, tt.value)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Set(%s) = %v, want a *FieldError", tt.field, err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Problem, tt.problem) {
				t.Errorf("got %q, want field %s and problem containing %q", err, tt.field, tt.problem)
			}
			if p.Len() != 0 {
				t.Errorf("a refused value was kept: %v", p.Fields())
			}
		})
	}
}

func TestEmptyPatchIsAnError(t *testing.T) {
	if _, err := NewContactPatch().MarshalJSON(); !errors.Is(err, ErrEmptyPatch) {
		t.Fatalf("empty patch: got %v, want ErrEmptyPatch", err)
	}
	var nilPatch *Patch
	if _, err := nilPatch.MarshalJSON(); !errors.Is(err, ErrEmptyPatch) {
		t.Fatalf("nil patch: got %v, want ErrEmptyPatch", err)
	}
}

func TestAddressPatch(t *testing.T) {
	p := NewAddressPatch()
	for _, step := range []error{
		p.SetString("postal_code", "75008"),
		p.SetNull("state"),
		p.SetString("country", "DE"),
		p.SetString("type", "shipping"),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	got, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"shipping","state":null,"postal_code":"75008","country":"DE"}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []struct {
		field string
		v     Value
	}{
		{"country", String("fr")}, {"country", String("XX")}, {"country", String("FRA")}, {"country", String("EU")},
		{"type", String("home")}, {"city", Null()}, {"postal_code", String("")}, {"contact_id", String("x")}, {"customer_id", String("x")},
	} {
		if err := NewAddressPatch().Set(bad.field, bad.v); err == nil {
			t.Errorf("Set(%s, %s) accepted", bad.field, bad.v.Text())
		}
	}
}

func TestCountryName(t *testing.T) {
	for code, want := range map[string]string{"FR": "France", "DE": "Germany", "JP": "Japan", "XX": "", "fr": ""} {
		if got := CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", code, got, want)
		}
	}
}

func FuzzPatchEncode(f *testing.F) {
	f.Add("phone", "+33 6 12 34 56 78", false)
	f.Add("phone", "", true)
	f.Add("email", "a@b.co", false)
	f.Add("first_name", "\x1b]52;c;aGk=\x07", false)
	f.Add("id_crm", "\"quoted\" \\ <tag>", false)
	f.Fuzz(func(t *testing.T, field, s string, null bool) {
		p := NewContactPatch()
		v := String(s)
		if null {
			v = Null()
		}
		if err := p.Set(field, v); err != nil {
			if p.Len() != 0 {
				t.Fatal("refused value kept")
			}
			return
		}
		b, err := p.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]Value
		if err := jsonUnmarshal(b, &back); err != nil {
			t.Fatalf("patch JSON %q does not decode: %v", b, err)
		}
		if len(back) != 1 || !back[field].Equal(v) {
			t.Fatalf("round trip of %q: got %v", b, back)
		}
	})
}
