package ui

import "github.com/qwoty/qwoty-contacts/api"

// renderCache keeps the rendered pieces of the contact view until what they
// show changes: an address arriving re-renders its own box, not the others
// nor the fields.
type renderCache struct {
	fieldsKey fieldsKey
	fields    string
	boxes     []cachedBox
}

type fieldsKey struct {
	contact *api.Contact
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
	frame   string // the spinner's frame, while loading
}

type cachedBox struct {
	key boxKey
	s   string
}

// cachedBox returns address i's box, rendering it only when it changed.
func (v *recordView) cachedBox(r *record, i int, st viewState, w int) string {
	slot := r.addrs[i]
	focused := st.focus == i+1
	key := boxKey{id: slot.id, address: slot.address, err: slot.err, loading: slot.loading, focused: focused, width: w}
	if slot.loading {
		key.frame = st.frame
	}
	if len(v.cache.boxes) != len(r.addrs) {
		v.cache.boxes = make([]cachedBox, len(r.addrs))
	}
	if c := v.cache.boxes[i]; c.key == key {
		return c.s
	}
	s := v.addressBox(slot, focused, key.frame, w)
	v.cache.boxes[i] = cachedBox{key: key, s: s}
	return s
}
