package ui

import (
	"cmp"
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

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

// chunkWriter appends text to chunks that are never written again once
// a string was taken from them.
type chunkWriter struct {
	b      strings.Builder
	next   int
	chunks []string // sealed
}

// room makes sure n more bytes fit in the current chunk.
func (w *chunkWriter) room(n int) {
	if w.b.Cap() > 0 && w.b.Cap()-w.b.Len() >= n {
		return
	}
	if w.b.Cap() > 0 {
		w.seal()
	}
	if w.next == 0 {
		w.next = firstChunk
	}
	w.b.Grow(max(w.next, n))
	w.next = min(w.next*2, lastChunk)
}

// seal closes the current chunk.
func (w *chunkWriter) seal() {
	w.chunks = append(w.chunks, w.b.String())
	w.b = strings.Builder{}
}

// text returns chunk c's text so far.
func (w *chunkWriter) text(c int32) string {
	if int(c) < len(w.chunks) {
		return w.chunks[c]
	}
	return w.b.String()
}

// at is the current chunk and offset.
func (w *chunkWriter) at() (int32, int32) { return int32(len(w.chunks)), int32(w.b.Len()) }

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

// sortRun sorts the entries added since the last run.
func (b *indexBuilder) sortRun() {
	start := len(b.runs) * runSize
	run := make([]int32, b.ents.len()-start)
	for i := range run {
		run[i] = int32(start + i)
	}
	slices.SortFunc(run, b.compare)
	b.runs = append(b.runs, run)
}

// compare orders two entries by last name, first name, then id (a total
// order: ids differ): by their keys, and by their text where the keys
// cannot tell.
func (b *indexBuilder) compare(x, y int32) int {
	if c := compareKeys(b.keys.at(x), b.keys.at(y)); c != 0 {
		return c
	}
	ex, ey := b.ents.at(x), b.ents.at(y)
	xn, _, _, _, xid := splitLine(b.line(ex), *ex)
	yn, _, _, _, yid := splitLine(b.line(ey), *ey)
	return cmp.Or(strings.Compare(xn[ex.lastOff:], yn[ey.lastOff:]), strings.Compare(xn[:ex.firstN], yn[:ey.firstN]), strings.Compare(xid, yid))
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

// sortKey holds the first bytes of the folded last name, first name and
// id, so that most comparisons of the sort read no text; long says which
// of the names go on past them.
type sortKey struct {
	last, last2, first, id uint64
	long                   uint8 // 1: the last name goes on past 16 bytes; 2: the first name past 8
}

func keyOf(last, first, id string) sortKey {
	k := sortKey{last: prefix8(last), first: prefix8(first), id: prefix8(id)}
	if len(last) > 8 {
		k.last2 = prefix8(last[8:])
	}
	if len(last) > 16 {
		k.long |= 1
	}
	if len(first) > 8 {
		k.long |= 2
	}
	return k
}

func prefix8(s string) uint64 {
	var k [8]byte
	copy(k[:], s)
	return binary.BigEndian.Uint64(k[:])
}

// compareKeys orders by the keys where they decide, and says 0 where the
// text must decide.
func compareKeys(a, b *sortKey) int {
	if c := cmp.Or(cmp.Compare(a.last, b.last), cmp.Compare(a.last2, b.last2)); c != 0 || (a.long|b.long)&1 != 0 {
		return c
	}
	if c := cmp.Compare(a.first, b.first); c != 0 || (a.long|b.long)&2 != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
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

// mergeAll merges sorted runs into one, pairs of runs at once on the
// machine's cores (the download is over: nothing else needs them).
func mergeAll(runs [][]int32, cmp func(a, b int32) int) []int32 {
	if len(runs) == 0 {
		return []int32{}
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for len(runs) > 1 {
		next := make([][]int32, (len(runs)+1)/2)
		var wg sync.WaitGroup
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				next[i/2] = runs[i]
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				next[i/2] = mergeRuns(runs[i], runs[i+1], cmp)
				<-sem
			}()
		}
		wg.Wait()
		runs = next
	}
	return runs[0]
}

// mergeRuns merges two sorted runs into a new slice.
func mergeRuns(a, b []int32, cmp func(a, b int32) int) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// compare orders two entries by last name, first name, then id.
func (ix *searchIndex) compare(x, y int32) int {
	a, b := ix.ents.at(x), ix.ents.at(y)
	an, _, _, _, aid := ix.fields(a)
	bn, _, _, _, bid := ix.fields(b)
	return cmp.Or(strings.Compare(an[a.lastOff:], bn[b.lastOff:]), strings.Compare(an[:a.firstN], bn[:b.firstN]), strings.Compare(aid, bid))
}

func ranks(order []int32) []int32 {
	r := make([]int32, len(order))
	for p, e := range order {
		r[e] = int32(p)
	}
	return r
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

// writeFolded writes s lower-cased and without accents (at most
// maxFolded bytes of it); scratch is reused between calls.
func writeFolded(b *strings.Builder, s string, scratch *[]byte) {
	if !isASCII(s) {
		if f, ok := appendFolded((*scratch)[:0], s); ok {
			*scratch = f
			if len(f) <= maxFolded {
				b.Write(f)
				return
			}
			s = string(f)
		} else {
			s = foldSlow(s)
		}
	}
	writeLower(b, s)
}

// writeLower writes s lower-cased (ASCII letters; others as they are
// unless s is not ASCII), at most maxFolded bytes, cut on a rune.
func writeLower(b *strings.Builder, s string) {
	if !isASCII(s) {
		s = strings.ToLower(s)
	}
	if len(s) > maxFolded {
		n := maxFolded
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b.WriteString(s[:i])
			for ; i < len(s); i++ {
				c := s[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
			return
		}
	}
	b.WriteString(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
