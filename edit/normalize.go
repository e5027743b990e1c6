package edit

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/qwoty/qwoty-contacts/api"
)

// Normalize returns the values a person gave (the fields of an edit),
// normalised as every surface sends them, and checks each against the
// API's rules: strings are trimmed, a country is written as its ISO code in
// capitals (a country's English name is accepted too: "germany" → "DE").
// An error is an *api.FieldError naming the first field (in the API's
// order) the API would refuse, with a suggestion where one is known.
func Normalize(s *api.Schema, vs api.Values) (api.Values, error) {
	out := make(api.Values, len(vs))
	for _, name := range orderedNames(s, vs) {
		v, err := NormalizeValue(s, name, vs[name])
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// orderedNames lists the names of vs in the schema's order, unknown names
// last (sorted), so errors come in a stable order.
func orderedNames(s *api.Schema, vs api.Values) []string {
	var names []string
	for _, n := range s.Names() {
		if _, ok := vs[n]; ok {
			names = append(names, n)
		}
	}
	var extra []string
	for n := range maps.Keys(vs) {
		if _, ok := s.Field(n); !ok {
			extra = append(extra, n)
		}
	}
	slices.Sort(extra)
	return append(names, extra...)
}

// NormalizeValue normalises and checks one field's value (see Normalize).
func NormalizeValue(s *api.Schema, name string, v api.Value) (api.Value, error) {
	f, ok := s.Field(name)
	if !ok {
		problem := fmt.Sprintf("is not a field of %s that can be changed (fields: %s)", article(string(s.Kind)), strings.Join(s.Names(), ", "))
		if name == "customer_id" {
			problem = "cannot be changed: the API fixes a record's customer when it is created"
		}
		return v, &api.FieldError{Field: name, Problem: problem}
	}
	return NormalizeField(f, v)
}

// NormalizeField normalises and checks a value for field f (see
// Normalize): the form's widgets and the commands' arguments go through it
// alike.
func NormalizeField(f api.Field, v api.Value) (api.Value, error) {
	if !v.IsNull() && !v.IsList() && !v.IsRaw() { // a raw value is never sent: Validate says why
		str := strings.TrimSpace(v.Str())
		if f.Hint != nil && str != "" { // a country
			str = countryCode(str)
		}
		v = api.String(str)
	}
	if err := f.Validate(v); err != nil {
		var fe *api.FieldError
		if errors.As(err, &fe) && f.Hint != nil && !v.IsNull() && !v.IsRaw() {
			if code := suggestCountry(v.Str()); code != "" {
				fe.Problem += fmt.Sprintf("; did you mean %s (%s)?", code, api.CountryName(code))
			}
		}
		return v, err
	}
	return v, nil
}

// article puts "a" or "an" before a noun.
func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// countryCode turns what a person typed for a country into its code: a
// two-letter code in any case, or a country's English name.
func countryCode(s string) string {
	if len([]rune(s)) == 2 {
		return strings.ToUpper(s)
	}
	if code, ok := countryNames()[foldName(s)]; ok {
		return code
	}
	return s
}

// suggestCountry returns the code of the country whose name s nearly
// matches (a prefix, or a name containing s), or "".
func suggestCountry(s string) string {
	key := foldName(s)
	if len(key) < 3 {
		return ""
	}
	var found []string
	for name, code := range countryNames() {
		if strings.HasPrefix(name, key) || strings.Contains(name, key) {
			found = append(found, code)
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// countryNames maps folded English country names (and codes' alpha-3) to
// ISO 3166-1 alpha-2 codes.
var countryNames = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if api.CheckCountry(code) != nil {
				continue
			}
			r, _ := language.ParseRegion(code)
			out[foldName(names.Name(r))] = code
			out[strings.ToLower(r.ISO3())] = code
		}
	}
	return out
})

// foldName lower-cases a name and drops accents and punctuation, so
// "Côte d’Ivoire" and "cote divoire" meet.
func foldName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	var b strings.Builder
	for _, r := range strings.ToLower(out) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// ReasonRequiredError is the refusal of a change without a reason in a
// profile that requires one.
type ReasonRequiredError struct{ Profile string }

func (e *ReasonRequiredError) Error() string {
	return "the profile " + e.Profile + " requires a reason for every change (a ticket reference or a few words); nothing was sent"
}

// CheckReason refuses an empty reason when the writer requires one.
func (w *Writer) CheckReason(reason string) error {
	if w.RequireReason && strings.TrimSpace(reason) == "" {
		return &ReasonRequiredError{Profile: w.Identity.Profile}
	}
	return nil
}
