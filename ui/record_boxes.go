package ui

import (
	"fmt"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// renderCache keeps the rendered pieces of the contact view until what they
// show changes: an address arriving re-renders its own box and the row it
// is in, not the others nor the fields.
type renderCache struct {
	fieldsKey  fieldsKey
	fields     fieldLines
	naturalKey fieldsKey
	natural    int
	previewOf  *api.ListedContact
	preview    *api.Contact
	boxes      []cachedBox
	rows       []cachedRow
	version    uint64 // counts box renders: each box has its own
}

type fieldsKey struct {
	contact *api.Contact
	notes   *fieldNotes
	width   int
}

// boxKey is everything an address box depends on.
type boxKey struct {
	id      string
	address *api.Address
	err     error
	loading bool
	focused bool
	width   int
}

// cachedBox is a rendered box, line by line, with each line's width.
type cachedBox struct {
	key     boxKey
	lines   []string
	widths  []int
	version uint64
}

// rowKey is what a row of boxes depends on: its boxes' versions, the
// column width and the blank columns before it.
type rowKey struct {
	first, n int
	versions [3]uint64
	colW     int
	indent   int
}

type cachedRow struct {
	key   rowKey
	lines []string
}

// addressesView returns the addresses panel, one string a line, each
// starting with indent blank columns: a title, then boxes in as many
// columns as fit in w. It also returns the line where each box starts and
// its height.
func (v *recordView) addressesView(r *record, c *api.Contact, preview bool, st viewState, w, indent int) ([]string, []int, []int) {
	t := v.s.theme
	pad := strings.Repeat(" ", indent)
	title := fmt.Sprintf("Addresses (%d)", len(r.addrs))
	if preview && !c.HasAddressIDs() {
		title = "Addresses"
	}
	if n := r.loadingCount(); n > 0 {
		title += t.Subtle.Render(fmt.Sprintf(" · %s %d loading", st.frame, n))
	}
	if n := r.failedCount(); n > 0 {
		title += t.Bad.Render(fmt.Sprintf(" · %d failed, press a to retry", n))
	}
	out := []string{pad + truncateStyled(t.Title.Render(title), w)}
	switch {
	case preview && !c.HasAddressIDs():
		return append(out, pad+t.Subtle.Render("They come with the contact.")), nil, nil
	case !c.HasAddressIDs():
		return append(out, pad+t.Subtle.Render("The server did not list this contact's addresses: press r to reload.")), nil, nil
	case len(r.addrs) == 0:
		return append(out, pad+t.Subtle.Render("No addresses are linked to this contact.")), nil, nil
	}
	cols := min(max(w/boxMin, 1), 3)
	boxW := w/cols - 1
	if len(v.cache.boxes) != len(r.addrs) {
		v.cache.boxes = make([]cachedBox, len(r.addrs))
	}
	rows := (len(r.addrs) + cols - 1) / cols
	if len(v.cache.rows) != rows {
		v.cache.rows = make([]cachedRow, rows)
	}
	tops := make([]int, len(r.addrs))
	heights := make([]int, len(r.addrs))
	for row := range rows {
		first := row * cols
		n := min(cols, len(r.addrs)-first)
		key := rowKey{first: first, n: n, colW: boxW + 1, indent: indent}
		boxes := make([]*cachedBox, n)
		for k := range n {
			boxes[k] = v.box(r, first+k, st.focus == first+k+1, boxW)
			key.versions[k] = boxes[k].version
		}
		cr := &v.cache.rows[row]
		if cr.key != key {
			cr.key, cr.lines = key, joinRow(boxes, boxW+1, pad)
		}
		for k := range n {
			tops[first+k], heights[first+k] = len(out), len(cr.lines)
		}
		out = append(out, cr.lines...)
	}
	return out, tops, heights
}

// box returns address i's box, rendering it only when it changed.
func (v *recordView) box(r *record, i int, focused bool, w int) *cachedBox {
	slot := r.addrs[i]
	key := boxKey{id: slot.id, address: slot.address, err: slot.err, loading: slot.loading, focused: focused, width: w}
	b := &v.cache.boxes[i]
	if b.key == key && b.lines != nil {
		return b
	}
	lines := strings.Split(v.addressBox(slot, focused, w), "\n")
	widths := make([]int, len(lines))
	for j, l := range lines {
		widths[j] = widthOf(l)
	}
	v.cache.version++
	*b = cachedBox{key: key, lines: lines, widths: widths, version: v.cache.version}
	return b
}

// joinRow puts boxes side by side, each in a column colW wide, the row as
// tall as its tallest box: in time linear in the row's size.
func joinRow(boxes []*cachedBox, colW int, pad string) []string {
	h := 0
	for _, b := range boxes {
		h = max(h, len(b.lines))
	}
	out := make([]string, h)
	var sb strings.Builder
	for j := range h {
		sb.Reset()
		for k, b := range boxes {
			wd := 0
			if j < len(b.lines) {
				sb.WriteString(b.lines[j])
				wd = b.widths[j]
			}
			if k < len(boxes)-1 {
				sb.WriteString(strings.Repeat(" ", max(colW-wd, 0)))
			}
		}
		out[j] = pad + strings.TrimRight(sb.String(), " ")
	}
	return out
}

// loadingCount counts the addresses being fetched.
func (r *record) loadingCount() int {
	n := 0
	for _, a := range r.addrs {
		if a.loading {
			n++
		}
	}
	return n
}
