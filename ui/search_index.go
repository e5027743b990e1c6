package ui

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// searchIndex holds the workspace's contacts for search-as-you-type. It
// is built once, off the UI goroutine, and never changed afterwards: a
// save makes a new index that shares the old one's text (with), so any
// number of sessions can read one while it is replaced.
//
// Each contact is one line of folded text (name, email, phone, phone
// digits, id; lower case, without accents) in a few large chunks, so a
// search runs strings.Index over contiguous memory instead of visiting
// 200,000 records; what is shown is taken from that text too when it is
// the same as received (ids, most emails and phones), and from a second
// set of chunks otherwise (names). Records are kept in arrival order;
// order says which comes at each position of the list (by last name,
// first name, id) and rank the reverse.
type searchIndex struct {
	ents  blocks[ixEntry]
	order []int32 // position → entry
	rank  []int32 // entry → position
	hay   []hayChunk
	disp  []string    // chunks of displayed text that differs from the hay
	custs []string    // customer ids, each once
	addrs []string    // address ids of all entries, each entry's in a run
	freq  *[256]int32 // how often each byte occurs in the folded text (a sample)
}

// hayChunk is a run of lines of folded text. owner says whose line each
// is; a line whose owner has since moved to a newer line is stale and
// skipped.
type hayChunk struct {
	text   string
	starts []int32 // line i is text[starts[i]:starts[i+1]-1]
	owner  []int32
}

// ixEntry is one contact, as offsets into the index's text.
type ixEntry struct {
	hayChunk, hayOff int32
	// Lengths of the hay's fields: name, email, phone, digits, id, each
	// followed by a NUL (the id by the line's end).
	nameN, emailN, phoneN, digitsN, idN int32
	// The folded first name is name[:firstN], the last name
	// name[lastOff:].
	firstN, lastOff int32
	// Displayed text in disp[dispChunk][dispOff:]: first and last name,
	// then the id, email and phone when they differ from the hay's
	// (their length is -1 when they do not).
	dispChunk, dispOff                      int32
	dFirstN, dLastN, dIDN, dEmailN, dPhoneN int32
	cust                                    int32 // in custs; -1 for none
	addrOff, addrN                          int32 // in addrs; addrN -1: the list did not say
}

// searchEntry is one contact as the lookup shows it.
type searchEntry struct {
	ID, Name, Email, Phone string
}

// Len returns the number of contacts.
func (ix *searchIndex) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.order)
}

// line returns entry e's folded text.
func (ix *searchIndex) line(e *ixEntry) string {
	t := ix.hay[e.hayChunk].text
	n := e.nameN + e.emailN + e.phoneN + e.digitsN + e.idN + 4
	return t[e.hayOff : e.hayOff+n]
}

// fields returns entry e's folded fields.
func (ix *searchIndex) fields(e *ixEntry) (name, email, phone, digits, id string) {
	l := ix.line(e)
	at := int32(0)
	take := func(n int32) string { s := l[at : at+n]; at += n + 1; return s }
	return take(e.nameN), take(e.emailN), take(e.phoneN), take(e.digitsN), take(e.idN)
}

// shown returns entry e's displayed first and last names, id, email and
// phone.
func (ix *searchIndex) shown(e *ixEntry) (first, last, id, email, phone string) {
	_, fe, fp, _, fid := ix.fields(e)
	d := ix.disp[e.dispChunk]
	at := e.dispOff
	take := func(n int32, folded string) string {
		if n < 0 {
			return folded
		}
		s := d[at : at+n]
		at += n
		return s
	}
	first, last = take(e.dFirstN, ""), take(e.dLastN, "")
	return first, last, take(e.dIDN, fid), take(e.dEmailN, fe), take(e.dPhoneN, fp)
}

// entry returns the contact at position p of the list.
func (ix *searchIndex) entry(p int) searchEntry {
	first, last, id, email, phone := ix.shown(ix.ents.at(ix.order[p]))
	return searchEntry{ID: id, Name: api.FullName(first, last), Email: email, Phone: phone}
}

// listed returns the contact at position p as the list gave it: what
// opening it can show and fetch at once.
func (ix *searchIndex) listed(p int) *api.ListedContact {
	e := ix.ents.at(ix.order[p])
	first, last, id, email, phone := ix.shown(e)
	lc := &api.ListedContact{ID: id, FirstName: first, LastName: last, Email: email, Phone: phone}
	if e.cust >= 0 {
		lc.CustomerID = ix.custs[e.cust]
	}
	if e.addrN >= 0 {
		lc.AddressIDs, lc.HasAddressIDs = append([]string{}, ix.addrs[e.addrOff:e.addrOff+e.addrN]...), true
	}
	return lc
}

// id returns the id of the contact at position p, folded (lower case).
func (ix *searchIndex) foldedID(p int) string {
	_, _, _, _, id := ix.fields(ix.ents.at(ix.order[p]))
	return id
}

// find returns the position of the contact with that id, or -1.
func (ix *searchIndex) find(id string) int {
	if ix == nil || id == "" {
		return -1
	}
	want := strings.ToLower(id)
	for _, e := range ix.scan(want, func(i int32) bool {
		_, _, _, _, fid := ix.fields(ix.ents.at(i))
		return fid == want
	}) {
		return int(ix.rank[e])
	}
	return -1
}
