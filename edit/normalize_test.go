package edit

import (
	"errors"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
)

func TestNormalizeTrimsAndWritesCountriesAsCodes(t *testing.T) {
	got, err := Normalize(api.AddressSchema, api.Values{
		"city": api.String("  Lyon "), "country": api.String("germany"), "state": api.Null(), "name": api.String(" "),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := api.Values{"city": api.String("Lyon"), "country": api.String("DE"), "state": api.Null(), "name": api.String("")}
	for k, v := range want {
		if !got[k].Equal(v) {
			t.Errorf("%s = %s, want %s", k, got[k].Text(), v.Text())
		}
	}
	for in, code := range map[string]string{"de": "DE", "fR": "FR", "Côte d’Ivoire": "CI", "cote divoire": "CI", "United States": "US", "deu": "DE"} {
		v, err := NormalizeValue(api.AddressSchema, "country", api.String(in))
		if err != nil || v.Str() != code {
			t.Errorf("%q → %q, %v; want %s", in, v.Str(), err, code)
		}
	}
}

func TestNormalizeRefusesWithASuggestion(t *testing.T) {
	_, err := NormalizeValue(api.AddressSchema, "country", api.String("Germ"))
	var fe *api.FieldError
	if !errors.As(err, &fe) || fe.Field != "country" || !strings.Contains(err.Error(), "did you mean DE (Germany)?") {
		t.Errorf("error %v", err)
	}
	if _, err := NormalizeValue(api.AddressSchema, "country", api.String("XX")); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("XX: %v", err)
	}
	_, err = Normalize(api.ContactSchema, api.Values{"customer_id": api.String("x"), "email": api.String("bad")})
	if !errors.As(err, &fe) || fe.Field != "email" {
		t.Errorf("the first problem in the API's order is email's: %v", err)
	}
	_, err = NormalizeValue(api.ContactSchema, "customer_id", api.String("x"))
	if err == nil || !strings.Contains(err.Error(), "cannot be changed") {
		t.Errorf("customer_id: %v", err)
	}
}

func TestCheckReason(t *testing.T) {
	w := &Writer{RequireReason: true, Identity: Identity{Profile: "prod"}}
	if err := w.CheckReason("  "); err == nil || !strings.Contains(err.Error(), "prod") {
		t.Errorf("blank reason: %v", err)
	}
	if err := w.CheckReason("ZD-1"); err != nil {
		t.Error(err)
	}
	if err := (&Writer{}).CheckReason(""); err != nil {
		t.Error(err)
	}
}

func TestJoinFieldsAndCount(t *testing.T) {
	for want, names := range map[string][]string{"nothing": nil, "a": {"a"}, "a and b": {"a", "b"}, "a, b and c": {"a", "b", "c"}} {
		if got := JoinFields(names); got != want {
			t.Errorf("%v: %q", names, got)
		}
	}
	if Count(1, "line", "lines") != "1 line" || Count(3, "line", "lines") != "3 lines" || Count(0, "line", "lines") != "0 lines" {
		t.Error("Count")
	}
}
