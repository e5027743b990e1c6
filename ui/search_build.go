package ui

import (
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Building the index: contacts are added as the list streams in, each
// written once into the text chunks; the order is settled at the end by
// sorting an index of int32 on keys taken from that text.

const (
	firstChunk = 64 << 10 // the first chunk's size; each next one doubles,
	lastChunk  = 4 << 20  // up to this
	// maxFolded caps each field of the searchable text: a hostile value of
	// megabytes is searched by its start (it is still shown whole).
	maxFolded = 4 << 10
)

// indexBuilder collects contacts as the list streams in.
type indexBuilder struct {
	ents     blocks[ixEntry]
	keys     blocks[sortKey]
	hay      chunkWriter
	starts   [][]int32 // line starts of each hay chunk
	owners   [][]int32
	disp     chunkWriter
	custs    []string
	custID   map[string]int32
	addrs    []string
	addrText chunkWriter // the address ids' text
	scratch  []byte
	// runs are the entries in sorted runs of runSize, each sorted as soon
	// as it is complete, while the list still streams in; build merges
	// them.
	runs [][]int32
}

// runSize is the length of a sorted run.
const runSize = 1024

// add takes one contact of the list. lc may be reused by the caller once
// add returns: nothing of it is kept but copies and its address ids.
func (b *indexBuilder) add(lc *api.ListedContact) {
	var e ixEntry
	e.cust = -1
	if lc.CustomerID != "" {
		id, ok := b.custID[lc.CustomerID]
		if !ok {
			if b.custID == nil {
				b.custID = map[string]int32{}
			}
			id = int32(len(b.custs))
			b.custs = append(b.custs, strings.Clone(lc.CustomerID))
			b.custID[b.custs[id]] = id
		}
		e.cust = id
	}
	e.addrN = -1
	if lc.HasAddressIDs {
		e.addrOff, e.addrN = int32(len(b.addrs)), int32(len(lc.AddressIDs))
		for _, id := range lc.AddressIDs { // copied: the decoder's strings share memory with others
			b.addrText.room(len(id))
			at := b.addrText.b.Len()
			b.addrText.b.WriteString(id)
			b.addrs = append(b.addrs, b.addrText.b.String()[at:])
		}
	}

	// The searchable line: name, email, phone, digits, id.
	raw := len(lc.FirstName) + len(lc.LastName) + len(lc.Email) + 2*len(lc.Phone) + len(lc.ID)
	b.hay.room(min(raw*2, 6*maxFolded) + 16) // folding may lengthen text, at most this much is kept
	c, off := b.hay.at()
	e.hayChunk, e.hayOff = c, off
	h := &b.hay.b
	mark := h.Len()
	var firstN, lastOff int
	switch {
	case lc.FirstName == "":
		writeFolded(h, lc.LastName, &b.scratch)
	case lc.LastName == "":
		writeFolded(h, lc.FirstName, &b.scratch)
		firstN = h.Len() - mark
		lastOff = firstN
	default:
		writeFolded(h, lc.FirstName, &b.scratch)
		firstN = h.Len() - mark
		h.WriteByte(' ')
		lastOff = firstN + 1
		writeFolded(h, lc.LastName, &b.scratch)
	}
	e.nameN, e.firstN, e.lastOff = int32(h.Len()-mark), int32(firstN), int32(lastOff)
	name := h.String()[mark:]
	field := func(s string, lower bool) int32 {
		h.WriteByte(0)
		at := h.Len()
		if lower {
			writeLower(h, s)
		} else {
			writeFolded(h, s, &b.scratch)
		}
		return int32(h.Len() - at)
	}
	e.emailN = field(lc.Email, false)
	e.phoneN = field(lc.Phone, true)
	h.WriteByte(0)
	at := h.Len()
	for i := 0; i < len(lc.Phone) && h.Len()-at < maxFolded; i++ {
		if ch := lc.Phone[i]; ch >= '0' && ch <= '9' {
			h.WriteByte(ch)
		}
	}
	e.digitsN = int32(h.Len() - at)
	e.idN = field(lc.ID, true)
	h.WriteByte('\n') // never in a query word
	line := h.String()[mark:]
	for int(c) >= len(b.starts) {
		b.starts, b.owners = append(b.starts, nil), append(b.owners, nil)
	}
	b.starts[c] = append(b.starts[c], off)
	b.owners[c] = append(b.owners[c], int32(b.ents.len()))

	// What is shown, where it differs from the searchable text.
	_, email, phone, _, id := splitLine(line, e)
	dl := len(lc.FirstName) + len(lc.LastName)
	e.dIDN, e.dEmailN, e.dPhoneN = -1, -1, -1
	if lc.ID != id {
		dl += len(lc.ID)
	}
	if lc.Email != email {
		dl += len(lc.Email)
	}
	if lc.Phone != phone {
		dl += len(lc.Phone)
	}
	b.disp.room(dl)
	e.dispChunk, e.dispOff = b.disp.at()
	d := &b.disp.b
	put := func(s string) int32 { d.WriteString(s); return int32(len(s)) }
	e.dFirstN, e.dLastN = put(lc.FirstName), put(lc.LastName)
	if lc.ID != id {
		e.dIDN = put(lc.ID)
	}
	if lc.Email != email {
		e.dEmailN = put(lc.Email)
	}
	if lc.Phone != phone {
		e.dPhoneN = put(lc.Phone)
	}

	b.keys.add(keyOf(name[lastOff:], name[:firstN], id))
	b.ents.add(e)
	if b.ents.len()%runSize == 0 {
		b.sortRun()
	}
}

// line returns an entry's folded text while the index is being built.
func (b *indexBuilder) line(e *ixEntry) string {
	t := b.hay.text(e.hayChunk)
	return t[e.hayOff:]
}

// byteFreq counts the bytes of a sample of the text: up to 1 MiB, spread
// over its chunks.
func byteFreq(hay []hayChunk) *[256]int32 {
	var f [256]int32
	for _, h := range hay {
		t := h.text[:min(len(h.text), 1<<20/max(len(hay), 1))]
		for i := 0; i < len(t); i++ {
			f[t[i]]++
		}
	}
	return &f
}

// splitLine cuts a line of folded text into its fields.
func splitLine(l string, e ixEntry) (name, email, phone, digits, id string) {
	at := int32(0)
	take := func(n int32) string { s := l[at : at+n]; at += n + 1; return s }
	return take(e.nameN), take(e.emailN), take(e.phoneN), take(e.digitsN), take(e.idN)
}

// build settles the order and returns the index.
func (b *indexBuilder) build() *searchIndex {
	if b.hay.b.Cap() > 0 {
		b.hay.seal()
	}
	if b.disp.b.Cap() > 0 {
		b.disp.seal()
	}
	ix := &searchIndex{ents: b.ents, custs: b.custs, addrs: b.addrs, disp: b.disp.chunks}
	ix.hay = make([]hayChunk, len(b.hay.chunks))
	for i, t := range b.hay.chunks {
		starts := append(b.starts[i], int32(len(t)))
		ix.hay[i] = hayChunk{text: t, starts: starts, owner: b.owners[i]}
	}
	ix.freq = byteFreq(ix.hay)
	if len(b.runs)*runSize < b.ents.len() {
		b.sortRun()
	}
	ix.order = mergeAll(b.runs, b.compare)
	ix.rank = ranks(ix.order)
	*b = indexBuilder{}
	return ix
}

// newSearchIndex builds an index from contacts held in memory (tests).
func newSearchIndex(contacts []api.Contact) *searchIndex {
	var b indexBuilder
	for i := range contacts {
		b.add(listedOf(&contacts[i]))
	}
	return b.build()
}

// listedOf is a contact as the list would carry it.
func listedOf(c *api.Contact) *api.ListedContact {
	return &api.ListedContact{ID: c.ID, CustomerID: c.CustomerID, FirstName: c.FirstName, LastName: c.LastName,
		Email: c.Email, Phone: c.Phone.String, PhoneNull: !c.Phone.Valid, AddressIDs: c.AddressIDs, HasAddressIDs: c.HasAddressIDs()}
}
