package ui

import (
	"cmp"
	"slices"
	"strings"
	"sync"
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

// indexBuilder collects contacts as the list streams in; only the few
// fields search needs are kept, so 50,000 contacts stay small.
type indexBuilder struct {
	keyed []keyedEntry
}

type keyedEntry struct {
	e         searchEntry
	last, fst string
}

func (b *indexBuilder) add(c *api.Contact) {
	phone := c.Phone.String
	name := c.FullName()
	digits := onlyDigits(phone)
	b.keyed = append(b.keyed, keyedEntry{
		e: searchEntry{
			ID: c.ID, Name: name, Email: c.Email, Phone: phone, digits: digits,
			hay: fold(name) + "\x00" + fold(c.Email) + "\x00" + strings.ToLower(phone) + "\x00" + digits + "\x00" + strings.ToLower(c.ID),
		},
		last: fold(c.LastName), fst: fold(c.FirstName),
	})
}

// build sorts by last then first name and returns the index.
func (b *indexBuilder) build() *searchIndex {
	slices.SortStableFunc(b.keyed, func(x, y keyedEntry) int {
		return cmp.Or(strings.Compare(x.last, y.last), strings.Compare(x.fst, y.fst), strings.Compare(x.e.ID, y.e.ID))
	})
	ix := &searchIndex{entries: make([]searchEntry, len(b.keyed))}
	for i := range b.keyed {
		ix.entries[i] = b.keyed[i].e
	}
	b.keyed = nil
	return ix
}

// newSearchIndex builds the index from contacts held in memory.
func newSearchIndex(contacts []api.Contact) *searchIndex {
	var b indexBuilder
	for i := range contacts {
		b.add(&contacts[i])
	}
	return b.build()
}

// Len returns the number of contacts.
func (ix *searchIndex) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.entries)
}

// query is a parsed search: its folded words, and its digits when it looks
// like a phone number.
type query struct {
	folded string
	terms  []string
	digits string
	// national is digits without a leading trunk 0, so "06 12 34 56 78"
	// finds "+33 6 12 34 56 78"; set from six digits on.
	national string
}

func parseQuery(q string) query {
	p := query{folded: fold(strings.TrimSpace(q))}
	p.terms = strings.Fields(p.folded)
	if looksLikePhone(q) {
		p.digits = onlyDigits(q)
		if n := strings.TrimPrefix(p.digits, "0"); n != p.digits && len(n) >= 6 {
			p.national = n
		}
	}
	return p
}

// narrows reports whether every match of q is also a match of prev, so q
// can be searched among prev's matches: q extends prev as typed, and
// neither is a phone number (those also match on digits alone).
func (q query) narrows(prev query) bool {
	return prev.folded != "" && strings.HasPrefix(q.folded, prev.folded) && q.digits == "" && prev.digits == ""
}

// Match returns the positions of the entries matching every word of q
// (case and accent insensitive; a phone number matches with or without
// its spaces). within, when not nil, limits the search to those positions.
func (ix *searchIndex) Match(q query, within []int32) []int32 {
	if ix == nil || len(q.terms) == 0 {
		return nil
	}
	var out []int32
	check := func(i int32) {
		if matches(&ix.entries[i], q) {
			out = append(out, i)
		}
	}
	if within != nil {
		for _, i := range within {
			check(i)
		}
		return out
	}
	for i := range ix.entries {
		check(int32(i))
	}
	return out
}

// Filter returns up to limit entries matching q, and how many match in all.
func (ix *searchIndex) Filter(q string, limit int) ([]searchEntry, int) {
	all := ix.Match(parseQuery(q), nil)
	out := make([]searchEntry, 0, min(limit, len(all)))
	for _, i := range all[:min(limit, len(all))] {
		out = append(out, ix.entries[i])
	}
	return out, len(all)
}

func matches(e *searchEntry, q query) bool {
	if q.digits != "" && strings.Contains(e.digits, q.digits) {
		return true
	}
	if q.national != "" && strings.Contains(e.digits, q.national) {
		return true
	}
	for _, t := range q.terms {
		if !strings.Contains(e.hay, t) {
			return false
		}
	}
	return true
}

// folders reuses accent-stripping transformers: building one per call made
// indexing 50,000 contacts allocate half a gigabyte.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

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
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, s)
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
