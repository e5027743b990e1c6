package api

import (
	"testing"

	"golang.org/x/text/language"
)

// TestCountryCodesMatchISO counts the codes CheckCountry accepts: ISO
// 3166-1 assigns exactly 249 alpha-2 codes.
func TestCountryCodesMatchISO(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if CheckCountry(string([]rune{a, b})) == nil {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("%d codes accepted, want the 249 ISO 3166-1 assigns", n)
	}
	for _, ok := range []string{"FR", "DE", "GB", "US", "JP", "AQ", "UM", "SS", "BQ", "CW", "SX", "RS", "ME"} {
		if err := CheckCountry(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"UK", "FX", "EU", "UN", "XK", "YU", "SU", "ZZ", "QO", "AC", "fr", "F", "FRA"} {
		if CheckCountry(bad) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := language.ParseRegion("FR"); err != nil {
		t.Fatal(err)
	}
}
