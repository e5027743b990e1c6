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
// columns as fit. It keeps the pieces it rendered until what they show
// changes, and says where each address box landed, so the screen can keep
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

const labelWidth = 15

// render lays the record out for st.
func (v *recordView) render(r *record, st viewState) {
	t := v.s.theme
	w := max(st.width, 20)
	if r.contact == nil {
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
	head := v.headerView(r, st, w)
	var body string
	if w >= 110 {
		left := v.fieldsView(r, 52)
		right, tops, heights := v.addressesView(r, st, w-54)
		body = joinColumns(left, right, 54)
		v.tops, v.heights = offsetAll(tops, lineCount(head)), heights
	} else {
		fields := v.fieldsView(r, w)
		right, tops, heights := v.addressesView(r, st, w)
		body = fields + "\n" + right
		v.tops, v.heights = offsetAll(tops, lineCount(head)+lineCount(fields)+1), heights
	}
	v.lines = strings.Split(head+body, "\n")
}

func (v *recordView) headerView(r *record, st viewState, w int) string {
	t := v.s.theme
	c := r.contact
	var b strings.Builder
	marker := ""
	if st.focus == 0 && len(r.addrs) > 0 {
		marker = t.Selected.Render("› ")
	}
	title := marker + t.Title.Render(sanitize.Fit(c.FullName(), w-4))
	if r.loading {
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

func (v *recordView) fieldsView(r *record, w int) string {
	key := fieldsKey{contact: r.contact, width: w}
	if v.cache.fieldsKey == key {
		return v.cache.fields
	}
	v.cache.fieldsKey, v.cache.fields = key, v.renderFields(r.contact, w)
	return v.cache.fields
}

func (v *recordView) renderFields(c *api.Contact, w int) string {
	t := v.s.theme
	vals := c.Values()
	var b strings.Builder
	row := func(label, value string) {
		b.WriteString(t.Label.Render(padRight(label, labelWidth)) + value + "\n")
	}
	vw := max(w-labelWidth, 8)
	for _, f := range api.ContactSchema.Fields {
		row(f.Label, t.valueView(vals[f.Name], vw))
	}
	row("Created", v.stampView(c.Unexpected, "created_at", v.s.when(c.CreatedAt), vw))
	row("Updated", v.stampView(c.Unexpected, "updated_at", v.s.when(c.UpdatedAt), vw))
	return b.String()
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

// addressesView renders the addresses panel: boxes in as many columns as
// fit. It returns the line where each box starts and its height.
func (v *recordView) addressesView(r *record, st viewState, w int) (string, []int, []int) {
	t := v.s.theme
	var b strings.Builder
	title := fmt.Sprintf("Addresses (%d)", len(r.addrs))
	if n := r.failedCount(); n > 0 {
		title += t.Bad.Render(fmt.Sprintf(" · %d failed, press a to retry", n))
	}
	b.WriteString(t.Title.Render(title) + "\n")
	if !r.contact.HasAddressIDs() {
		b.WriteString(t.Subtle.Render("The server did not list this contact's addresses: press r to reload.") + "\n")
		return b.String(), nil, nil
	}
	if len(r.addrs) == 0 {
		b.WriteString(t.Subtle.Render("No addresses are linked to this contact.") + "\n")
		return b.String(), nil, nil
	}
	cols := min(max(w/38, 1), 3)
	boxW := w/cols - 1
	line := 1
	tops := make([]int, len(r.addrs))
	heights := make([]int, len(r.addrs))
	for start := 0; start < len(r.addrs); start += cols {
		end := min(start+cols, len(r.addrs))
		boxes := make([]string, 0, cols)
		rowH := 0
		for i := start; i < end; i++ {
			box := v.cachedBox(r, i, st, boxW)
			boxes = append(boxes, box)
			rowH = max(rowH, lineCount(box))
		}
		for i := start; i < end; i++ {
			tops[i], heights[i] = line, rowH
		}
		b.WriteString(joinBoxes(boxes, boxW+1) + "\n")
		line += rowH
	}
	return b.String(), tops, heights
}

// addressBox renders one address (or its loading state, or its error).
func (v *recordView) addressBox(slot addressSlot, focused bool, frame string, w int) string {
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
			lines = append(lines, t.Subtle.Render(frame+" refreshing…"))
		}
	case slot.loading:
		lines = append(lines, marker+frame+t.Subtle.Render(" loading address "+api.ShortID(sanitize.Text(slot.id))+"…"))
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
