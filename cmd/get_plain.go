package cmd

import (
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
	line("", "Created", stamp(c.CreatedAt))
	line("", "Updated", stamp(c.UpdatedAt))
	line("", "Customer id", val(api.String(c.CustomerID)))
	for _, a := range addrs {
		b.WriteString("\n")
		if a.Err != nil {
			b.WriteString(st.Red(fmt.Sprintf("address %s: %s", sanitize.Text(a.ID), sanitize.Text(a.Err.Error()))) + "\n")
			continue
		}
		ad := a.Address
		b.WriteString(st.Bold("Address "+sanitize.Text(a.ID)) + "\n")
		line("  ", "Type", val(api.String(ad.Type)))
		line("  ", "Name", val(api.FromNullString(ad.Name)))
		line("  ", "Line 1", val(api.String(ad.AddressLine1)))
		line("  ", "Line 2", val(api.FromNullString(ad.AddressLine2)))
		line("  ", "Postal code", val(api.String(ad.PostalCode)))
		line("  ", "City", val(api.String(ad.City)))
		line("  ", "State", val(api.FromNullString(ad.State)))
		line("  ", "Country", country(ad.Country))
		line("  ", "Comment", val(api.FromNullString(ad.Comment)))
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

// stamp renders a server timestamp in UTC, or — when absent.
func stamp(t time.Time) string {
	if t.IsZero() {
		return nullMark
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
