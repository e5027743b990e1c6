package ui

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// recordView renders a record for the contact screen: the header (name,
// ids, a draft waiting), the fields, and the address boxes in as many
// columns as fit. It keeps every piece it rendered (the fields, each
// address box, each row of boxes) until what that piece shows changes, so
// an address arriving renders its own box and row only, and laying out a
// contact with hundreds of addresses costs time in proportion to their
// number. It says where each address box landed, so the screen can keep
// the focused one in view. It reads the record; it never changes it.
type recordView struct {
	s     *session
	cache renderCache
	lines []string
	// tops and heights say on which line each address box starts, and how
	// tall it is.
	tops, heights []int
}

// viewState is what a rendering depends on besides the record.
type viewState struct {
	focus int    // 0: the contact; i+1: address i
	frame string // the spinner's frame
	width int
}

const (
	labelWidth = 15
	// fieldsMin is the fields' width beside the addresses (from 110
	// columns); they get more, up to what their values need, while one
	// column of boxes (boxMin) still fits beside them.
	fieldsMin = 52
	boxMin    = 38
)

// render lays the record out for st.
func (v *recordView) render(r *record, st viewState) {
	t := v.s.theme
	w := max(st.width, 20)
	c, preview := r.contact, false
	if c == nil && r.listed != nil && r.loading && r.err == nil {
		c, preview = v.previewOf(r.listed), true
	}
	if c == nil {
		var body string
		switch {
		case r.loading:
			body = st.frame + " Loading contact " + sanitize.Text(r.id) + "…  " + t.Subtle.Render("(esc cancels)")
		case r.err != nil:
			body = t.Bad.Render(wrap("✗ "+errorText(r.err), w)) + "\n\n" + t.Subtle.Render("r: try again · o: open another contact")
		}
		v.lines, v.tops, v.heights = strings.Split(body, "\n"), nil, nil
		return
	}
	head := strings.Split(strings.TrimSuffix(v.headerView(r, c, preview, st, w), "\n"), "\n")
	var body []string
	if w >= 110 {
		fw := v.fieldsWidth(r, c, preview, w)
		left := v.fieldsView(r, c, preview, fw)
		leftW := fw + 2
		panel, tops, heights := v.addressesView(r, c, preview, st, w-leftW, leftW)
		body = besideColumns(left, panel, leftW)
		v.tops, v.heights = offsetAll(tops, len(head)), heights
	} else {
		left := v.fieldsView(r, c, preview, w)
		panel, tops, heights := v.addressesView(r, c, preview, st, w, 0)
		body = make([]string, 0, len(left.lines)+1+len(panel))
		body = append(append(append(body, left.lines...), ""), panel...)
		v.tops, v.heights = offsetAll(tops, len(head)+len(left.lines)+1), heights
	}
	v.lines = append(head, body...)
}

// besideColumns puts the panel's lines (each already starting with leftW
// blank columns) beside left's.
func besideColumns(left fieldLines, panel []string, leftW int) []string {
	out := make([]string, max(len(left.lines), len(panel)))
	for i := range out {
		switch {
		case i >= len(left.lines):
			out[i] = panel[i]
		case i >= len(panel):
			out[i] = left.lines[i]
		default:
			out[i] = left.lines[i] + strings.Repeat(" ", max(leftW-left.widths[i], 0)) + panel[i][leftW:]
		}
	}
	return out
}

// previewOf is the contact as the list knows it, shown until the contact
// arrives.
func (v *recordView) previewOf(l *api.ListedContact) *api.Contact {
	if v.cache.previewOf == l {
		return v.cache.preview
	}
	c := &api.Contact{ID: l.ID, CustomerID: l.CustomerID, FirstName: l.FirstName, LastName: l.LastName,
		Email: l.Email, Phone: api.NullString{String: l.Phone, Valid: !l.PhoneNull}}
	if l.HasAddressIDs {
		c.AddressIDs = append([]string{}, l.AddressIDs...)
	}
	v.cache.previewOf, v.cache.preview = l, c
	return c
}

func (v *recordView) headerView(r *record, c *api.Contact, preview bool, st viewState, w int) string {
	t := v.s.theme
	var b strings.Builder
	marker := ""
	if st.focus == 0 && len(r.addrs) > 0 {
		marker = t.Selected.Render("› ")
	}
	title := marker + t.Title.Render(sanitize.Fit(c.FullName(), w-4))
	switch {
	case preview:
		title += "  " + st.frame + t.Subtle.Render(" loading…  (esc cancels)")
	case r.loading:
		title += "  " + st.frame + t.Subtle.Render(" reloading…")
	}
	b.WriteString(title + "\n")
	customer := api.ShortID(c.CustomerID)
	if r.customer != nil && r.customer.Name != "" {
		customer = sanitize.Text(r.customer.Name)
		if r.customer.Type != "" {
			customer += " (" + sanitize.Text(r.customer.Type) + ")"
		}
	} else if c.CustomerID != "" {
		customer = sanitize.Text(c.CustomerID)
	}
	b.WriteString(t.Subtle.Render(sanitize.Truncate("contact "+sanitize.Text(c.ID)+" · customer "+customer, w)) + "\n")
	if len(r.drafts) > 0 && !v.s.ReadOnly {
		b.WriteString(v.draftBanner(r, w))
	}
	b.WriteString("\n")
	return b.String()
}

// draftBanner offers the first draft, with its diff against the server's
// current copy.
func (v *recordView) draftBanner(r *record, w int) string {
	t := v.s.theme
	d := r.drafts[0]
	what := "this contact"
	if d.Kind != api.KindContact {
		what = "address " + api.ShortID(d.ID)
	}
	current, loaded := r.draftValues(d)
	var b strings.Builder
	b.WriteString(wrapStyled(t.Warn, fmt.Sprintf("Unsaved edit of %s from %s: R restore · D discard", what, v.s.when(d.SavedAt)), w) + "\n")
	for _, f := range api.SchemaFor(d.Kind).Names() {
		val, ok := d.Edited[f]
		if !ok {
			continue
		}
		now := "(loading)"
		if loaded {
			now = valueText(current[f])
		}
		b.WriteString(wrapStyled(t.Subtle, fmt.Sprintf("  %s: server now %s → draft %s", f, now, sanitize.Text(valueText(val))), w) + "\n")
	}
	return b.String()
}

// fieldLines are the rendered fields, one string a line, and each line's
// width.
type fieldLines struct {
	lines  []string
	widths []int
}

// fieldsView renders the fields in w columns.
func (v *recordView) fieldsView(r *record, c *api.Contact, preview bool, w int) fieldLines {
	key := fieldsKey{contact: c, notes: r.notes, width: w}
	if v.cache.fieldsKey == key {
		return v.cache.fields
	}
	text := strings.Split(strings.TrimSuffix(v.renderFields(c, r.notes, preview, w), "\n"), "\n")
	f := fieldLines{lines: text, widths: make([]int, len(text))}
	for i, l := range text {
		f.widths[i] = widthOf(l)
	}
	v.cache.fieldsKey, v.cache.fields = key, f
	return f
}

// fieldsWidth is the width the fields get beside the addresses: what
// their values and notes need, at least fieldsMin, leaving room for one
// column of address boxes.
func (v *recordView) fieldsWidth(r *record, c *api.Contact, preview bool, w int) int {
	key := fieldsKey{contact: c, notes: r.notes, width: -1}
	if v.cache.naturalKey != key {
		natural := 0
		for _, l := range strings.Split(v.renderFields(c, r.notes, preview, 1<<16), "\n") {
			natural = max(natural, widthOf(l))
		}
		v.cache.naturalKey, v.cache.natural = key, natural
	}
	return max(min(v.cache.natural, w-2-boxMin), fieldsMin)
}

// listKnown are the fields the contact list carries, shown before the
// contact arrives.
var listKnown = map[string]bool{"first_name": true, "last_name": true, "email": true, "phone": true}

func (v *recordView) renderFields(c *api.Contact, notes *fieldNotes, preview bool, w int) string {
	t := v.s.theme
	vals := c.Values()
	var b strings.Builder
	vw := max(w-labelWidth, 8)
	row := func(name, label, value string) {
		if n := notes.of(name); n != "" {
			if room := vw - widthOf(value) - 2; room >= min(sanitize.Width(n), 12) {
				value += "  " + t.Subtle.Render(sanitize.Truncate(n, room))
			}
		}
		b.WriteString(t.Label.Render(padRight(label, labelWidth)) + value + "\n")
	}
	pending := t.Subtle.Render("…")
	for _, f := range api.ContactSchema.Fields {
		if preview && !listKnown[f.Name] {
			row(f.Name, f.Label, pending)
			continue
		}
		row(f.Name, f.Label, t.valueView(vals[f.Name], vw))
	}
	if preview {
		row("created_at", "Created", pending)
		row("updated_at", "Updated", pending)
		return b.String()
	}
	row("created_at", "Created", v.stampView(c.Unexpected, "created_at", v.s.when(c.CreatedAt), vw))
	row("updated_at", "Updated", v.stampView(c.Unexpected, "updated_at", v.s.when(c.UpdatedAt), vw))
	return b.String()
}

// of returns the note beside a field ("" for none).
func (n *fieldNotes) of(field string) string {
	if n == nil {
		return ""
	}
	return sanitize.Text(n.byField[field])
}

// stampView shows a timestamp: in local time, or as received (marked) when
// it came in another form than the documented one.
func (v *recordView) stampView(unexpected map[string]json.RawMessage, name, local string, w int) string {
	t := v.s.theme
	if text, ok := api.Stamp(unexpected, name); ok {
		return t.receivedView(text, "another time format", w)
	}
	return t.Value.Render(sanitize.Truncate(local, w))
}

// addressBox renders one address (or its loading state, or its error).
func (v *recordView) addressBox(slot addressSlot, focused bool, w int) string {
	t := v.s.theme
	style := t.Panel
	if focused {
		style = t.PanelFocused
	}
	inner := max(w-4, 8)
	var lines []string
	marker := ""
	if focused {
		marker = "› "
	}
	switch {
	case slot.address != nil:
		a := slot.address
		vals := a.Values()
		text := func(name string) string { return receivedOr(vals[name]) }
		badge := t.Billing.Render("[" + text("type") + "]")
		if a.Type == "shipping" {
			badge = t.Shipping.Render("[shipping]")
		}
		name := ""
		if a.Name.Valid || vals["name"].IsRaw() {
			name = " " + t.Title.Render(text("name"))
		}
		lines = append(lines, marker+badge+name)
		lines = append(lines, text("address_line1"))
		if s := text("address_line2"); s != "" {
			lines = append(lines, s)
		}
		lines = append(lines, strings.TrimSpace(text("postal_code")+" "+text("city")))
		if s := text("state"); s != "" {
			lines = append(lines, s)
		}
		country := text("country")
		if n := api.CountryName(a.Country); n != "" {
			country += " · " + n
		}
		lines = append(lines, country)
		if s := text("comment"); s != "" {
			lines = append(lines, t.Subtle.Render("“"+s+"”"))
		}
		if len(a.Unexpected) > 0 {
			names := slices.Sorted(maps.Keys(a.Unexpected))
			lines = append(lines, t.Warn.Render("! as received: "+sanitize.Text(strings.Join(names, ", "))))
		}
		if slot.loading {
			lines = append(lines, t.Subtle.Render("· refreshing…"))
		}
	case slot.loading:
		lines = append(lines, marker+t.Subtle.Render("· loading address "+api.ShortID(sanitize.Text(slot.id))))
	case slot.err != nil:
		style = t.PanelFailed
		msg := strings.Split(wrap("✗ "+errorText(slot.err), inner-len(marker)), "\n")
		if len(msg) > 3 {
			msg = append(msg[:2], sanitize.Truncate(strings.Join(msg[2:], " "), inner))
		}
		for j, l := range msg {
			if j == 0 {
				l = marker + l
			}
			lines = append(lines, t.Bad.Render(l))
		}
	}
	for j := range lines {
		lines[j] = truncateStyled(lines[j], inner)
	}
	return style.Width(w - 2).Render(strings.Join(lines, "\n"))
}

// receivedOr renders a value for an address box, sanitized: the text of a
// string, "" for null, a value kept as received as its JSON.
func receivedOr(v api.Value) string {
	if v.IsRaw() {
		return sanitize.Text(v.Text())
	}
	return sanitize.Text(v.Str())
}
