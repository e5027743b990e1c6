package ui

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

const oddID = "0dd0dd00-0000-4000-8000-000000000001"

func ptr(s string) *string { return &s }

// withOddContact adds a contact made of long, wide and hostile values, with
// 40 addresses.
func withOddContact(_ *Options, sb *sandbox.Server) {
	var ids []string
	for i := range 40 {
		id := fmt.Sprintf("0dd0dd00-0000-4000-8000-1000000000%02d", i)
		ids = append(ids, id)
		sb.AddAddress(sandbox.Address{
			ID: id, CustomerID: sandbox.AcmeCustomerID, Type: "billing", Name: ptr(fmt.Sprintf("Site %02d 東京都千代田区丸の内一丁目", i)),
			AddressLine1: strings.Repeat("Très longue rue de la République ", 6), City: "Zürich\u202e", PostalCode: "8001",
			Country: "CH", ContactID: ptr(oddID), Comment: ptr("tab\there\r\nnext line\x1b[31mred\x9b"),
		})
	}
	sb.AddContact(sandbox.Contact{
		ID: oddID, CustomerID: sandbox.AcmeCustomerID,
		FirstName: "👩‍💻 Zoë", LastName: strings.Repeat("山田", 30) + "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
		Email: "very.long.address." + strings.Repeat("x", 120) + "@example.com",
		Phone: ptr("\x1b]52;c;cHduZWQ=\x07+33 6"), Role: []string{"buyer", "signer", "billing", "shipping", "legal", "admin"},
		IDCRM: ptr(strings.Repeat("CRM-", 50)), IDERP: ptr("e\u0301e\u0301"), AddressIDs: ids,
	})
}

// TestLayoutHoldsAt80ColumnsWithOddData checks every line of the view fits
// the terminal, nothing raw reaches it, and the 40 addresses scroll.
func TestLayoutHoldsAt80ColumnsWithOddData(t *testing.T) {
	h := newHarness(t, withSize(80, 24), openAt(oddID), withOddContact)
	h.expect("Addresses (40)")
	h.press("tab")
	for range 39 {
		h.press("down")
	}
	h.expect("Site 39")
	h.read()
	h.mu.Lock()
	out, raw := h.seen.String(), h.raw.String()
	h.mu.Unlock()
	// The renderer writes only cursor moves and clears (no colour: the
	// profile is ASCII), so any OSC or SGR in the raw stream came from data.
	for _, seq := range []string{"\x1b]", "\u202e", "\u009b", "\x1b[31m", "\x1bP"} {
		if strings.Contains(raw, seq) {
			t.Errorf("raw %q reached the terminal", seq)
		}
	}
	if !utf8.ValidString(raw) {
		t.Error("invalid UTF-8 reached the terminal")
	}
	view := h.finalView()
	for i, line := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line %d is %d columns wide: %q", i, w, line)
		}
	}
	if lines := strings.Count(view, "\n") + 1; lines > 24 {
		t.Errorf("the view is %d lines tall", lines)
	}
	for _, want := range []string{`\x1b]52;c;cHduZWQ=\x07+33 6`, `Zürich\u202e`, "…"} {
		if !strings.Contains(view, want) && !strings.Contains(out, want) {
			t.Errorf("never showed %q", want)
		}
	}
}

// TestUntouchedOddFieldsAreNeverSent edits only the phone of a contact whose
// other fields the form cannot hold exactly (control characters): only the
// phone is sent.
func TestUntouchedOddFieldsAreNeverSent(t *testing.T) {
	h := newHarness(t, withSize(120, 40), openAt(oddID), withOddContact)
	h.expect("Addresses (40)")
	h.press("e")
	h.expect("Edit contact")
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+41 44 000 00 00")
	h.press("ctrl+s")
	h.expect("Review the change")
	h.send()
	h.expect("✓ Saved phone.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /contacts/"+oddID+` {"phone":"+41 44 000 00 00"}` {
		t.Errorf("PATCHes %q", got)
	}
	c, _ := h.sb.Contact(oddID)
	if !strings.HasSuffix(c.LastName, "\x1b]8;;\x07") {
		t.Errorf("the last name changed on the server: %q", c.LastName)
	}
}

// TestEveryRecordOpens: values of an unexpected shape and timestamps in
// another form are shown as received, marked; the form shows them
// read-only and says why; the other fields still save.
func TestEveryRecordOpens(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.PhoneNumberContactID))
	h.expect("4930901820  ! as received: a number")
	h.press("e")
	h.expect("read-only: the server sent a number (the API documents a string or null); kept as it is")
	h.press("tab", "ctrl+u") // last name
	h.typeText("Numerisch")
	h.press("tab", "tab") // email, then past the read-only phone to the roles
	h.expect("┃ Roles")
	h.press("ctrl+s")
	h.send()
	h.expect("✓ Saved last_name.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /contacts/"+sandbox.PhoneNumberContactID+` {"last_name":"Numerisch"}` {
		t.Errorf("PATCHes %q", got)
	}
	if !strings.Contains(h.finalView(), "4930901820  ! as received: a number") {
		t.Error("the phone is no longer shown as received")
	}

	h = newHarness(t, withSize(100, 30), openAt(sandbox.OffsetStampsContactID))
	h.expect("2026-01-15T10:30:00+0200  ! as received: another time format")
	h.expect("2025-12-01T10:30:00+0100  ! as received: another time format")
}

// TestAnAddressListedInUpperCaseRefreshesAfterItsSave: ids compare without
// regard to case.
func TestAnAddressListedInUpperCaseRefreshesAfterItsSave(t *testing.T) {
	h := newHarness(t, withSize(160, 45), openAt(sandbox.UpperAddressContactID))
	h.expect("Am Juliusturm 12")
	h.expect("! as received: postal_code") // the other address: its postal code came as a number
	h.press("tab", "e")
	h.expect("Edit address: Lager Spandau")
	toField(h, 6)
	h.press("ctrl+u")
	h.typeText("13597")
	h.press("ctrl+s")
	h.send()
	h.expect("✓ Saved postal_code.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /addresses/"+strings.ToUpper(sandbox.UpperListedAddressID)+` {"postal_code":"13597"}` {
		t.Errorf("PATCHes %q", got)
	}
	if view := h.finalView(); !strings.Contains(view, "13597 Berlin") || strings.Contains(view, "13599 Berlin") {
		t.Errorf("the address did not refresh:\n%s", view)
	}
}
