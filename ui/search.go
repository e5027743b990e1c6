package ui

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/qwoty/qwoty-contacts/api"
)

// searchEntry is one contact as the lookup screen lists and searches it.
type searchEntry struct {
	ID, Name, Email, Phone string
	// hay is the folded text a query is matched against: name, email,
	// phone, phone digits and id, lower case and without accents.
	hay    string
	digits string
}

// searchIndex holds the workspace's contacts for search-as-you-type. It is
// built once, off the UI goroutine, and only read afterwards.
type searchIndex struct {
	entries []searchEntry
}

// newSearchIndex builds the index, sorted by last then first name. Only the
// few fields search needs are kept, so 50,000 contacts stay small.
func newSearchIndex(contacts []api.Contact) *searchIndex {
	type keyed struct {
		e         searchEntry
		last, fst string
	}
	tmp := make([]keyed, len(contacts))
	for i := range contacts {
		c := &contacts[i]
		phone := c.Phone.String
		name := c.FullName()
		digits := onlyDigits(phone)
		tmp[i] = keyed{
			e: searchEntry{
				ID: c.ID, Name: name, Email: c.Email, Phone: phone, digits: digits,
				hay: fold(name) + "\x00" + fold(c.Email) + "\x00" + strings.ToLower(phone) + "\x00" + digits + "\x00" + strings.ToLower(c.ID),
			},
			last: fold(c.LastName), fst: fold(c.FirstName),
		}
	}
	slices.SortStableFunc(tmp, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.last, b.last), strings.Compare(a.fst, b.fst), strings.Compare(a.e.ID, b.e.ID))
	})
	ix := &searchIndex{entries: make([]searchEntry, len(tmp))}
	for i := range tmp {
		ix.entries[i] = tmp[i].e
	}
	return ix
}

// Len returns the number of contacts.
func (ix *searchIndex) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.entries)
}

// Filter returns up to limit entries matching every word of the query
// (case and accent insensitive; a phone number matches with or without its
// spaces), and how many match in all.
func (ix *searchIndex) Filter(query string, limit int) ([]searchEntry, int) {
	if ix == nil {
		return nil, 0
	}
	terms := strings.Fields(fold(query))
	if len(terms) == 0 {
		return nil, 0
	}
	qDigits := ""
	if looksLikePhone(query) {
		qDigits = onlyDigits(query)
	}
	var out []searchEntry
	total := 0
	for i := range ix.entries {
		e := &ix.entries[i]
		if !matches(e, terms, qDigits) {
			continue
		}
		total++
		if len(out) < limit {
			out = append(out, *e)
		}
	}
	return out, total
}

func matches(e *searchEntry, terms []string, qDigits string) bool {
	if qDigits != "" && strings.Contains(e.digits, qDigits) {
		return true
	}
	for _, t := range terms {
		if !strings.Contains(e.hay, t) {
			return false
		}
	}
	return true
}

// folder strips accents; a transformer is stateful, so each use gets one.
func folder() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// fold lower-cases s and drops accents, so "Zoë" matches "zoe".
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	out, _, err := transform.String(folder(), s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// looksLikePhone reports whether a query is a phone number: at least four
// digits and nothing but digits, spaces and + - . ( ).
func looksLikePhone(q string) bool {
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-.()", r):
		default:
			return false
		}
	}
	return digits >= 4
}
