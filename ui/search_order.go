package ui

import (
	"cmp"
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// The index's order, by last name, first name and id: runs of entries
// sorted as they fill, on keys precomputed from their text, merged at the
// end.

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
