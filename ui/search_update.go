package ui

import (
	"slices"
	"sort"

	"github.com/qwoty/qwoty-contacts/api"
)

// with returns a new index in which lc replaces the contact with its id,
// or joins the list when it is not in it. ix is left as it was: the new
// index shares its text and adds one small chunk, so a reader of ix is
// never disturbed. When lc does not say which addresses the contact has
// (a PATCH answer), the ones listed before are kept.
func (ix *searchIndex) with(lc *api.ListedContact) *searchIndex {
	if ix == nil {
		var b indexBuilder
		b.add(lc)
		return b.build()
	}
	old := ix.find(lc.ID)
	target := int32(ix.ents.len())
	if old >= 0 {
		target = ix.order[old]
		if !lc.HasAddressIDs {
			prev := ix.listed(old)
			c := *lc
			c.AddressIDs, c.HasAddressIDs = prev.AddressIDs, prev.HasAddressIDs
			lc = &c
		}
	}
	b := indexBuilder{custs: slices.Clip(ix.custs)}
	b.hay.next, b.disp.next = 256, 256 // one contact: small chunks
	if i := slices.Index(ix.custs, lc.CustomerID); i >= 0 {
		b.custID = map[string]int32{lc.CustomerID: int32(i)}
	}
	b.add(lc)
	one := b.build()
	e := *one.ents.at(0)
	e.hayChunk += int32(len(ix.hay))
	e.dispChunk += int32(len(ix.disp))
	if e.addrN >= 0 {
		e.addrOff += int32(len(ix.addrs))
	}
	h := one.hay[0]
	h.owner = []int32{target}

	nx := &searchIndex{
		ents:  ix.ents.withAt(target, e),
		hay:   append(slices.Clip(ix.hay), h),
		disp:  append(slices.Clip(ix.disp), one.disp...),
		custs: one.custs,
		addrs: append(slices.Clip(ix.addrs), one.addrs...),
		freq:  ix.freq,
	}
	order := slices.Clone(ix.order)
	if old >= 0 {
		order = slices.Delete(order, old, old+1)
	}
	at := sort.Search(len(order), func(p int) bool { return nx.compare(order[p], target) > 0 })
	nx.order = slices.Insert(order, at, target)
	nx.rank = ranks(nx.order)
	return nx
}
