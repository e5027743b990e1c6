package ui

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
)

// randomContacts makes n contacts from small pools, so that names repeat
// (as they do in a workspace), with accents, scripts, upper-case ids and
// emails, empty names and phones.
func randomContacts(r *rand.Rand, n int) []api.Contact {
	firsts := []string{"Jean", "Zoë", "José", "", "Мария", "さくら", "Anne-Marie", "ÉLODIE", "Łukasz", "Nguyễn Văn", "O'Brien", "Ægir", "Ǆemal", "İlkay"}
	lasts := []string{"Dupont", "Müller-Lüdenscheidt", "Иванова", "", "佐々木", "Dupont-Moretti", "ÅLANDER", "Weiß", "Smith", "Van den Berg", "Kowalski"}
	domains := []string{"acme.com", "Example.ORG", "müller.de", "x.io"}
	out := make([]api.Contact, n)
	for i := range out {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", r.Uint32(), i)
		if r.IntN(5) == 0 {
			id = strings.ToUpper(id)
		}
		first, last := firsts[r.IntN(len(firsts))], lasts[r.IntN(len(lasts))]
		c := api.Contact{ID: id, CustomerID: fmt.Sprintf("cust-%d", r.IntN(4)), FirstName: first, LastName: last,
			Email: fmt.Sprintf("%s.%d@%s", strings.ToLower(strings.ReplaceAll(first, " ", "")), i, domains[r.IntN(len(domains))])}
		switch r.IntN(4) {
		case 0:
		case 1:
			c.Phone = api.NewNullString("")
		default:
			c.Phone = api.NewNullString(fmt.Sprintf("+33 6 %02d %02d %02d %02d", r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100)))
		}
		if r.IntN(3) > 0 {
			c.AddressIDs = []string{}
			for range r.IntN(3) {
				c.AddressIDs = append(c.AddressIDs, fmt.Sprintf("addr-%d-%d", i, r.IntN(1000)))
			}
		}
		out[i] = c
	}
	return out
}

// naive is what the index must answer, computed the plain way: every
// contact, its text folded with the rule itself, sorted by last name,
// first name and id.
func naive(contacts []api.Contact, q query) []string {
	type row struct{ last, first, id, name string }
	var rows []row
	for _, c := range contacts {
		digits := onlyDigits(c.Phone.String)
		hay := foldSlow(c.FullName()) + "\x00" + foldSlow(c.Email) + "\x00" + strings.ToLower(c.Phone.String) + "\x00" + digits + "\x00" + strings.ToLower(c.ID)
		ok := len(q.terms) > 0
		if q.digits != "" {
			ok = strings.Contains(digits, q.digits) || (q.national != "" && strings.Contains(digits, q.national))
		} else {
			for _, t := range q.terms {
				ok = ok && strings.Contains(hay, t)
			}
		}
		if ok {
			rows = append(rows, row{foldSlow(c.LastName), foldSlow(c.FirstName), strings.ToLower(c.ID), c.ID})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(strings.Compare(a.last, b.last), strings.Compare(a.first, b.first), strings.Compare(a.id, b.id))
	})
	var out []string
	for _, r := range rows {
		out = append(out, r.name)
	}
	return out
}

func matchIDs(ix *searchIndex, q query) []string {
	var out []string
	for _, p := range ix.Match(q, nil) {
		out = append(out, ix.entry(int(p)).ID)
	}
	return out
}

// queriesFor picks queries a person would type: parts of names, emails,
// phones and ids, in other cases, with and without accents.
func queriesFor(r *rand.Rand, contacts []api.Contact) []string {
	qs := []string{"e", "jean dup", "ZOE", "zoë å", "müller", "muller", "иван", "佐々", "+33 6", "06", "acme.com", "example.org", "weiss", "ǆ", "i̇lkay", "0000-4000"}
	for range 40 {
		c := contacts[r.IntN(len(contacts))]
		fields := []string{c.FirstName, c.LastName, c.Email, c.Phone.String, c.ID}
		f := []rune(fields[r.IntN(len(fields))])
		if len(f) == 0 {
			continue
		}
		i := r.IntN(len(f))
		j := i + 1 + r.IntN(len(f)-i)
		q := string(f[i:j])
		if r.IntN(2) == 0 {
			q = strings.ToUpper(q)
		}
		qs = append(qs, q)
	}
	return qs
}

// The index finds exactly what a plain search over every contact finds, in
// the same order, and shows each contact exactly as it came.
func TestIndexMatchesAPlainSearch(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 17))
		contacts := randomContacts(r, 1+r.IntN(400))
		ix := newSearchIndex(contacts)
		if ix.Len() != len(contacts) {
			t.Fatalf("seed %d: %d entries for %d contacts", seed, ix.Len(), len(contacts))
		}
		for _, q := range queriesFor(r, contacts) {
			pq := parseQuery(q)
			if got, want := matchIDs(ix, pq), naive(contacts, pq); !slices.Equal(got, want) {
				t.Fatalf("seed %d, %q: index %q, plain search %q", seed, q, got, want)
			}
		}
		checkShown(t, ix, contacts)
	}
}

// checkShown checks that every contact is shown and opened exactly as it
// came: id, name, email, phone, customer, addresses.
func checkShown(t *testing.T, ix *searchIndex, contacts []api.Contact) {
	t.Helper()
	byID := map[string]api.Contact{}
	for _, c := range contacts {
		byID[c.ID] = c
	}
	for p := range ix.Len() {
		e, l := ix.entry(p), ix.listed(p)
		c, ok := byID[e.ID]
		switch {
		case !ok:
			t.Fatalf("position %d shows id %q, which no contact has", p, e.ID)
		case e.Name != c.FullName() || e.Email != c.Email || e.Phone != c.Phone.String:
			t.Fatalf("%s shows %q %q %q, want %q %q %q", c.ID, e.Name, e.Email, e.Phone, c.FullName(), c.Email, c.Phone.String)
		case l.CustomerID != c.CustomerID || l.HasAddressIDs != c.HasAddressIDs() || !slices.Equal(l.AddressIDs, c.AddressIDs):
			t.Fatalf("%s opens with customer %q, addresses %v (%v), want %q, %v", c.ID, l.CustomerID, l.AddressIDs, l.HasAddressIDs, c.CustomerID, c.AddressIDs)
		case ix.find(c.ID) != p:
			t.Fatalf("find(%s) = %d, want %d", c.ID, ix.find(c.ID), p)
		}
	}
}

// Saves applied one after another give the index that a list holding the
// saved contacts gives, while the snapshots before them stay as they
// were.
func TestSavesGiveTheIndexOfTheSavedList(t *testing.T) {
	for seed := range uint64(10) {
		r := rand.New(rand.NewPCG(seed, 99))
		contacts := randomContacts(r, 1+r.IntN(300))
		first := newSearchIndex(contacts)
		original := slices.Clone(contacts)
		ix := first
		pool := randomContacts(r, 50)
		for range 1 + r.IntN(20) {
			i := r.IntN(len(contacts) + 1)
			c := pool[r.IntN(len(pool))]
			if i == len(contacts) { // a contact the list did not have
				c.ID = fmt.Sprintf("%08x-1111-4000-8000-%012x", r.Uint32(), r.IntN(1e6))
				contacts = append(contacts, c)
			} else { // an edit: same id, new values
				c.ID = contacts[i].ID
				saved := c
				if r.IntN(2) == 0 { // a PATCH answer: no address_ids
					saved.AddressIDs = nil
				}
				if !saved.HasAddressIDs() { // the listed ones stay
					c.AddressIDs = contacts[i].AddressIDs
				}
				contacts[i] = c
				ix = ix.with(listedOf(&saved))
				continue
			}
			ix = ix.with(listedOf(&c))
		}
		for _, q := range queriesFor(r, contacts) {
			pq := parseQuery(q)
			if got, want := matchIDs(ix, pq), naive(contacts, pq); !slices.Equal(got, want) {
				t.Fatalf("seed %d, %q after saves: index %q, plain search %q", seed, q, got, want)
			}
		}
		checkShown(t, ix, contacts)
		checkShown(t, first, original) // untouched by the saves
		for _, q := range queriesFor(r, original) {
			pq := parseQuery(q)
			if got, want := matchIDs(first, pq), naive(original, pq); !slices.Equal(got, want) {
				t.Fatalf("seed %d, %q: the first snapshot changed: %q, want %q", seed, q, got, want)
			}
		}
	}
}

// The table folds every text of the scripts it covers as the rule does.
func TestFoldingByTableIsTheRule(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var pool []rune
	for _, rg := range foldRanges {
		for c := rg[0]; c <= rg[1]; c++ {
			pool = append(pool, c)
		}
	}
	pool = append(pool, []rune("abcXYZ 019-+@.\u0301\u0308")...)
	for range 20000 {
		rs := make([]rune, 1+r.IntN(8))
		for i := range rs {
			rs[i] = pool[r.IntN(len(pool))]
		}
		s := string(rs)
		if got, want := fold(s), foldSlow(s); got != want {
			t.Fatalf("fold(%q) = %q, the rule gives %q", s, got, want)
		}
	}
}

// Merging sorted runs, pairs at once, gives the order one sort gives.
func TestMergeAllIsASort(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 5, 1000, 50_001} {
		keys := make([]int32, n)
		for i := range keys {
			keys[i] = int32(r.IntN(1000))
		}
		byKey := func(a, b int32) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(a, b)) }
		var runs [][]int32
		for start := 0; start < n; {
			end := min(start+1+r.IntN(3000), n)
			run := make([]int32, end-start)
			for i := range run {
				run[i] = int32(start + i)
			}
			slices.SortFunc(run, byKey)
			runs = append(runs, run)
			start = end
		}
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortFunc(want, byKey)
		if got := mergeAll(runs, byKey); !slices.Equal(got, want) {
			t.Fatalf("n=%d in %d runs: merged out of order", n, len(runs))
		}
	}
}

// A list of many runs' worth of contacts is ordered and searched as a
// plain search over it.
func TestALargeIndexMatchesAPlainSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	contacts := randomContacts(r, 5*runSize+123)
	ix := newSearchIndex(contacts)
	for _, q := range queriesFor(r, contacts)[:30] {
		pq := parseQuery(q)
		if got, want := matchIDs(ix, pq), naive(contacts, pq); !slices.Equal(got, want) {
			t.Fatalf("%q: index %d matches, plain search %d (or another order)", q, len(got), len(want))
		}
	}
	checkShown(t, ix, contacts)
}

// lineAt finds, from any earlier line, the line a binary search finds.
func TestLineAtIsABinarySearch(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for range 2000 {
		starts := []int32{0}
		for range 1 + r.IntN(200) {
			starts = append(starts, starts[len(starts)-1]+1+int32(r.IntN(50)))
		}
		at := int32(r.IntN(int(starts[len(starts)-1])))
		want, found := slices.BinarySearch(starts, at)
		if !found {
			want--
		}
		from := r.IntN(want + 1)
		if got := lineAt(starts, from, at); got != want {
			t.Fatalf("lineAt(%v, %d, %d) = %d, want %d", starts, from, at, got, want)
		}
	}
}
