package ui

import (
	"math/bits"
	"slices"
	"strings"
)

// Searching the index (search_index.go): a query's longest word (or its
// digits) is looked for in the folded text with strings.Index; each line
// it lands in is checked against the whole query. Matches come back as
// positions in the list's order.

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

// Match returns the positions of the contacts matching every word of q
// (case and accent insensitive; a phone number matches with or without
// its spaces), in the list's order. within, when not nil, limits the
// search to those positions (ascending).
func (ix *searchIndex) Match(q query, within []int32) []int32 {
	if ix == nil || len(q.terms) == 0 {
		return nil
	}
	ok := func(e int32) bool { return ix.matches(ix.ents.at(e), q) }
	if within != nil {
		var out []int32
		for _, p := range within {
			if ok(ix.order[p]) {
				out = append(out, p)
			}
		}
		return out
	}
	// A phone number matches on the phone's digits (or their national
	// form), words on every word: either way the contact's text holds the
	// anchor somewhere.
	var hits []int32
	if q.digits != "" {
		hits = ix.scan(q.digits, ok)
		if q.national != "" {
			hits = append(hits, ix.scan(q.national, ok)...)
		}
	} else {
		hits = ix.scan(ix.anchor(slices.MaxFunc(q.terms, func(a, b string) int { return len(a) - len(b) })), ok)
	}
	return ix.positions(hits)
}

// anchor returns the end of term that starts at its rarest byte in the
// index's text (keeping at least three bytes): every line holding term
// holds it, and the search stops at fewer false starts ("kowal" is looked
// for as "wal": far fewer w than k).
func (ix *searchIndex) anchor(term string) string {
	best := 0
	for j := 1; j <= len(term)-3; j++ {
		if ix.freq[term[j]] < ix.freq[term[best]] {
			best = j
		}
	}
	return term[best:]
}

// IDPrefix returns the positions of the contacts whose id starts with
// prefix (lower case), in the list's order.
func (ix *searchIndex) IDPrefix(prefix string) []int32 {
	if ix == nil {
		return nil
	}
	var out []int32
	for p := range ix.order {
		if strings.HasPrefix(ix.foldedID(p), prefix) {
			out = append(out, int32(p))
		}
	}
	return out
}

// scan finds anchor in the text and returns, in no order, the entries
// whose current line holds it and that ok accepts.
func (ix *searchIndex) scan(anchor string, ok func(int32) bool) []int32 {
	var out []int32
	for c := range ix.hay {
		h := &ix.hay[c]
		i := 0 // the line of the last hit
		for pos := 0; pos < len(h.text); {
			k := strings.Index(h.text[pos:], anchor)
			if k < 0 {
				break
			}
			i = lineAt(h.starts, i, int32(pos+k))
			e := h.owner[i]
			if cur := ix.ents.at(e); cur.hayChunk == int32(c) && cur.hayOff == h.starts[i] && ok(e) {
				out = append(out, e)
			}
			pos = int(h.starts[i+1])
		}
	}
	return out
}

// lineAt returns the line holding offset at, searching forward from line
// from: a step, then doubling steps, then halving (hits are often on the
// next lines).
func lineAt(starts []int32, from int, at int32) int {
	lo, step := from, 1
	for lo+step < len(starts) && starts[lo+step] <= at {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(starts)) // starts[hi] > at, or hi is the end
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if starts[mid] <= at {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// positions turns entries into their positions, ascending and without
// duplicates: by sorting when they are few, by walking the list when
// they are many.
func (ix *searchIndex) positions(ents []int32) []int32 {
	if len(ents) < len(ix.order)/32 {
		out := make([]int32, len(ents))
		for i, e := range ents {
			out[i] = ix.rank[e]
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	seen := make([]uint64, (len(ix.order)+63)/64)
	for _, e := range ents {
		p := ix.rank[e]
		seen[p/64] |= 1 << (p % 64)
	}
	out := make([]int32, 0, len(ents))
	for w, set := range seen {
		for set != 0 {
			b := set & -set
			out = append(out, int32(w*64+bits.TrailingZeros64(b)))
			set ^= b
		}
	}
	return out
}

// matches reports whether entry e matches every word of q or, for a phone
// number, whether its phone holds those digits.
func (ix *searchIndex) matches(e *ixEntry, q query) bool {
	if q.digits != "" {
		_, _, _, digits, _ := ix.fields(e)
		return strings.Contains(digits, q.digits) || (q.national != "" && strings.Contains(digits, q.national))
	}
	hay := ix.line(e)
	for _, t := range q.terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
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
