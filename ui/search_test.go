package ui

import (
	"slices"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
)

func searchFixture() *searchIndex {
	cs := []api.Contact{
		{ID: "660e8400-e29b-41d4-a716-446655440001", FirstName: "Jean", LastName: "Dupont", Email: "jean.dupont@acme.com", Phone: api.NewNullString("+33 6 12 34 56 78")},
		{ID: "f6af1f9d-5e3f-40c9-b63c-c9feab7f15ab", FirstName: "José", LastName: "Müller-Lüdenscheidt", Email: "jose@mueller.de", Phone: api.NewNullString("+49 89 2180 4410")},
		{ID: "51764c1c-0000-4000-8000-000000000001", FirstName: "Мария", LastName: "Иванова", Email: "maria@example.ru"},
		{ID: "1f211dc9-0000-4000-8000-000000000001", FirstName: "Zoë", LastName: "Ålander", Email: "zoe@example.se", Phone: api.NewNullString("0612345678")},
		{ID: "2f211dc9-0000-4000-8000-000000000001", FirstName: "Jeanne", LastName: "Martin", Email: "jm@acme.com"},
	}
	return newSearchIndex(cs)
}

func names(ix *searchIndex, idx []int32) []string {
	var out []string
	for _, i := range idx {
		out = append(out, ix.entry(int(i)).Name)
	}
	return out
}

func TestSearchMatches(t *testing.T) {
	ix := searchFixture()
	for q, want := range map[string][]string{
		"jean":             {"Jean Dupont", "Jeanne Martin"},
		"jean dup":         {"Jean Dupont"},
		"mull":             {"José Müller-Lüdenscheidt"}, // ü folds to u
		"muller":           {"José Müller-Lüdenscheidt"},
		"zoe alander":      {"Zoë Ålander"},
		"иван":             {"Мария Иванова"},
		"acme.com":         {"Jean Dupont", "Jeanne Martin"},
		"06 12 34 56 78":   {"Zoë Ålander", "Jean Dupont"}, // sorted by last name
		"+33 6 12 34":      {"Jean Dupont"},
		"f6af1f9d":         {"José Müller-Lüdenscheidt"},
		"nobody":           nil,
		"JEAN.DUPONT@ACME": {"Jean Dupont"},
	} {
		got := names(ix, ix.Match(parseQuery(q), nil))
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", q, got, want)
		}
	}
}

// TestNarrowingGivesTheSameMatches types queries letter by letter and
// checks that searching among the previous matches finds exactly what a
// full search finds.
func TestNarrowingGivesTheSameMatches(t *testing.T) {
	ix := searchFixture()
	for _, typed := range []string{"jean dupont", "jeanne", "zoë å", "müller", "+33 6 12", "0612345678", "acme.com", "660e8400-e29b"} {
		var prev query
		var prevMatches []int32
		for i := 1; i <= len([]rune(typed)); i++ {
			q := parseQuery(string([]rune(typed)[:i]))
			var within []int32
			if q.narrows(prev) {
				within = prevMatches
				if within == nil {
					within = []int32{}
				}
			}
			got := ix.Match(q, within)
			full := ix.Match(q, nil)
			if !slices.Equal(got, full) {
				t.Fatalf("%q: narrowed %v, full %v", q.folded, names(ix, got), names(ix, full))
			}
			prev, prevMatches = q, got
		}
	}
}
