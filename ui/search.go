package ui

import (
	"bytes"
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
	digits                 string
}

// searchIndex holds the workspace's contacts for search-as-you-type. It is
// built once, off the UI goroutine, and only read afterwards.
//
// The text a query is matched against (name, email, phone, phone digits
// and id, lower case and without accents) lives in one blob, one line per
// contact, so a search runs bytes.Index over contiguous memory instead of
// visiting 50,000 strings.
type searchIndex struct {
	entries []searchEntry
	blob    []byte
	starts  []int32 // entry i's text is blob[starts[i]:starts[i+1]-1]
}

// hay returns entry i's searchable text.
func (ix *searchIndex) hay(i int) []byte { return ix.blob[ix.starts[i] : ix.starts[i+1]-1] }

// indexBuilder collects contacts as the list streams in; only the few
// fields search needs are kept, so 50,000 contacts stay small.
type indexBuilder struct {
	keyed []keyedEntry
}

type keyedEntry struct {
	e         searchEntry
	hay       string
	last, fst string
}

func (b *indexBuilder) add(c *api.Contact) {
	phone := c.Phone.String
	name := c.FullName()
	digits := onlyDigits(phone)
	b.keyed = append(b.keyed, keyedEntry{
		e:    searchEntry{ID: c.ID, Name: name, Email: c.Email, Phone: phone, digits: digits},
		hay:  fold(name) + "\x00" + fold(c.Email) + "\x00" + strings.ToLower(phone) + "\x00" + digits + "\x00" + strings.ToLower(c.ID),
		last: fold(c.LastName), fst: fold(c.FirstName),
	})
}

// build sorts by last then first name and returns the index.
func (b *indexBuilder) build() *searchIndex {
	slices.SortStableFunc(b.keyed, func(x, y keyedEntry) int {
		return cmp.Or(strings.Compare(x.last, y.last), strings.Compare(x.fst, y.fst), strings.Compare(x.e.ID, y.e.ID))
	})
	size := 0
	for i := range b.keyed {
		size += len(b.keyed[i].hay) + 1
	}
	ix := &searchIndex{entries: make([]searchEntry, len(b.keyed)), blob: make([]byte, 0, size), starts: make([]int32, 0, len(b.keyed)+1)}
	for i := range b.keyed {
		ix.entries[i] = b.keyed[i].e
		ix.starts = append(ix.starts, int32(len(ix.blob)))
		ix.blob = append(ix.blob, b.keyed[i].hay...)
		ix.blob = append(ix.blob, '\n') // never in a query word
	}
	ix.starts = append(ix.starts, int32(len(ix.blob)))
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
	if within != nil {
		for _, i := range within {
			if ix.matches(int(i), q) {
				out = append(out, i)
			}
		}
		return out
	}
	// A phone number matches on the phone's digits (or their national
	// form), words on every word: either way the entry's text holds the
	// anchor somewhere. Scan the blob for it; check each entry it lands in.
	if q.digits != "" {
		out = ix.scan([]byte(q.digits), q)
		if q.national != "" {
			out = mergeSorted(out, ix.scan([]byte(q.national), q))
		}
		return out
	}
	return ix.scan([]byte(slices.MaxFunc(q.terms, func(a, b string) int { return len(a) - len(b) })), q)
}

// scan finds anchor in the blob and returns, in order, the entries it lands
// in that match q.
func (ix *searchIndex) scan(anchor []byte, q query) []int32 {
	var out []int32
	for pos := 0; pos < len(ix.blob); {
		k := bytes.Index(ix.blob[pos:], anchor)
		if k < 0 {
			break
		}
		i, found := slices.BinarySearch(ix.starts, int32(pos+k))
		if !found {
			i-- // inside entry i
		}
		if ix.matches(i, q) {
			out = append(out, int32(i))
		}
		pos = int(ix.starts[i+1])
	}
	return out
}

// mergeSorted merges two ascending lists without duplicates.
func mergeSorted(a, b []int32) []int32 {
	if len(b) == 0 {
		return a
	}
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || (len(a) > 0 && a[0] < b[0]):
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

// matches reports whether entry i matches every word of q or, for a phone
// number, whether its phone holds those digits.
func (ix *searchIndex) matches(i int, q query) bool {
	e := &ix.entries[i]
	if q.digits != "" {
		return strings.Contains(e.digits, q.digits) || (q.national != "" && strings.Contains(e.digits, q.national))
	}
	hay := ix.hay(i)
	for _, t := range q.terms {
		if !bytes.Contains(hay, []byte(t)) {
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
