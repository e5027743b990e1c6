package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// labelWidth aligns get's values: the longest label, "Accounting id".
const labelWidth = 13

// writeContactPlain writes a contact for people: aligned "label  value"
// lines in the API's order, the customer id, then each address. Every
// server string is sanitized.
func writeContactPlain(w io.Writer, st style, c *api.Contact, addrs []api.AddressResult) {
	var b strings.Builder
	line := func(indent, label, value string) {
		pad := labelWidth - len(indent) - len(label)
		b.WriteString(indent + st.Faint(label) + strings.Repeat(" ", max(pad, 0)+2) + value + "\n")
	}
	val := func(v api.Value) string {
		s := plainValue(v)
		if s == nullMark || s == `""` {
			return st.Faint(s)
		}
		return s
	}
	line("", "ID", sanitize.Text(c.ID))
	vs := c.Values()
	for _, f := range api.ContactSchema.Fields {
		line("", f.Label, val(vs[f.Name]))
	}
	line("", "Created", stamp(c.Unexpected, "created_at", c.CreatedAt))
	line("", "Updated", stamp(c.Unexpected, "updated_at", c.UpdatedAt))
	line("", "Customer id", val(api.String(c.CustomerID)))
	for _, a := range addrs {
		b.WriteString("\n")
		if a.Err != nil {
			b.WriteString(st.Red(fmt.Sprintf("address %s: %s", sanitize.Text(a.ID), sanitize.Text(a.Err.Error()))) + "\n")
			continue
		}
		ad, av := a.Address, a.Address.Values()
		b.WriteString(st.Bold("Address "+sanitize.Text(a.ID)) + "\n")
		line("  ", "Type", val(av["type"]))
		line("  ", "Name", val(av["name"]))
		line("  ", "Line 1", val(av["address_line1"]))
		line("  ", "Line 2", val(av["address_line2"]))
		line("  ", "Postal code", val(av["postal_code"]))
		line("  ", "City", val(av["city"]))
		line("  ", "State", val(av["state"]))
		if av["country"].IsRaw() {
			line("  ", "Country", val(av["country"]))
		} else {
			line("  ", "Country", country(ad.Country))
		}
		line("  ", "Comment", val(av["comment"]))
	}
	io.WriteString(w, b.String())
}

// country renders a country code with its English name: "FR (France)".
func country(code string) string {
	if code == "" {
		return `""`
	}
	if name := api.CountryName(code); name != "" {
		return code + " (" + name + ")"
	}
	return sanitize.Text(code) + " (not an ISO 3166-1 code)"
}

// stamp renders a server timestamp in UTC, or — when absent; one in
// another form than the documented one as received, marked.
func stamp(unexpected map[string]json.RawMessage, name string, t time.Time) string {
	if text, ok := api.Stamp(unexpected, name); ok {
		return sanitize.Text(text) + receivedMark("another time format")
	}
	if t.IsZero() {
		return nullMark
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
