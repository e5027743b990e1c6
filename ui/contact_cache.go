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
func (m *contactScreen) cachedBox(i, w int) string {
	slot := m.addrs[i]
	key := boxKey{id: slot.id, address: slot.address, err: slot.err, loading: slot.loading, focused: m.focus == i+1, width: w}
	if slot.loading {
		key.frame = m.spinner.View()
	}
	if len(m.cache.boxes) != len(m.addrs) {
		m.cache.boxes = make([]cachedBox, len(m.addrs))
	}
	if c := m.cache.boxes[i]; c.key == key {
		return c.s
	}
	s := m.addressBox(i, w)
	m.cache.boxes[i] = cachedBox{key: key, s: s}
	return s
}
