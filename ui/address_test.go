package ui

import (
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

// secondAddress returns the id of the three-address contact's second
// address.
func secondAddress(t *testing.T, h *harness) string {
	t.Helper()
	c, ok := h.sb.Contact(sandbox.ThreeAddressesContactID)
	if !ok || len(c.AddressIDs) != 3 {
		t.Fatalf("seed changed: %+v", c)
	}
	return c.AddressIDs[1]
}

// editSecondAddress moves to the second address and opens its form.
func editSecondAddress(t *testing.T, h *harness) {
	t.Helper()
	h.expect("Simmeringer Hauptstraße 101")
	h.press("tab", "down")
	h.press("e")
	h.expect("Edit address: Werk Augsburg")
}

// toField moves from the first field (type) down n fields.
func toField(h *harness, n int) {
	for range n {
		h.press("tab")
	}
}

func TestEditSecondAddressPostalCode(t *testing.T) {
	h := newHarness(t, withSize(160, 45), openAt(sandbox.ThreeAddressesContactID))
	id := secondAddress(t, h)
	editSecondAddress(t, h)
	toField(h, 6) // type, name, line 1, line 2, city, state → postal code
	h.press("ctrl+u")
	h.typeText("86150")
	h.press("ctrl+s")
	h.expect(`postal_code  "86161" → "86150"`)
	before := len(h.sb.Requests())
	h.send()
	h.expect("✓ Saved postal_code.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /addresses/"+id+` {"postal_code":"86150"}` {
		t.Errorf("PATCHes %q", got)
	}
	// Only that address was fetched again (the conflict check): not the
	// contact, not the other addresses.
	for _, r := range h.sb.Requests()[before:] {
		if r.Method == "GET" && r.Path != "/addresses/"+id {
			t.Errorf("the save also fetched %s", r.Path)
		}
	}
	es, _ := h.writer.Audit.Ops(nil)
	if len(es) != 1 || es[0].Entry.Kind != api.KindAddress || es[0].Entry.ID != id || es[0].Entry.ContactID != sandbox.ThreeAddressesContactID || !es[0].Landed() {
		t.Errorf("audit %+v", es)
	}
	view := h.finalView()
	for _, want := range []string{"86150 Augsburg", "80802 München", "Simmeringer Hauptstraße 101"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q", want)
		}
	}
}

func TestClearAddressStateSendsNull(t *testing.T) {
	h := newHarness(t, withSize(160, 45), openAt(sandbox.ThreeAddressesContactID))
	id := secondAddress(t, h)
	editSecondAddress(t, h)
	toField(h, 5)
	h.press("ctrl+u", "ctrl+s")
	h.expect(`state  "Bayern" → null`)
	h.send()
	h.expect("✓ Saved state.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /addresses/"+id+` {"state":null}` {
		t.Errorf("PATCHes %q", got)
	}
}

func TestInvalidCountryIsRefusedInTheForm(t *testing.T) {
	h := newHarness(t, withSize(160, 45), openAt(sandbox.ThreeAddressesContactID))
	editSecondAddress(t, h)
	toField(h, 7)
	h.press("ctrl+u")
	h.typeText("uk")
	h.press("tab")
	h.expect(`Country: "UK" is not an ISO 3166-1 country code`)
	h.press("ctrl+s") // refused: the status line keeps the error
	h.press("ctrl+u")
	h.typeText("gb")
	h.expect("United Kingdom")
	h.mu.Lock()
	reviewed := strings.Contains(h.seen.String(), "Review the change")
	h.mu.Unlock()
	if reviewed {
		t.Fatal("the review opened with an invalid country")
	}
	h.press("ctrl+s")
	h.expect(`country  "DE" → "GB"`)
	if got := h.patches(); len(got) != 0 {
		t.Errorf("PATCHes %q", got)
	}
}

func TestAddressConflictStopsTheWriteAndUndoRestores(t *testing.T) {
	h := newHarness(t, withSize(160, 45), openAt(sandbox.ThreeAddressesContactID))
	id := secondAddress(t, h)
	editSecondAddress(t, h)
	toField(h, 4)
	h.press("ctrl+u")
	h.typeText("Augsburg-Haunstetten")
	h.press("ctrl+s")
	h.expect("Review the change")
	_ = h.sb.EditAddress(id, func(a *sandbox.Address) { a.City = "Augsburg (Bayern)" })
	h.send()
	h.expect("Someone else changed this address")
	if got := h.patches(); len(got) != 0 {
		t.Fatalf("PATCH sent despite the conflict: %q", got)
	}
	es, _ := h.writer.Audit.Ops(nil)
	if len(es) != 1 || es[0].Outcome() != state.OutcomeConflict || es[0].Entry.ID != id {
		t.Fatalf("audit %+v", es)
	}
	h.press("m")
	h.expect(`"Augsburg (Bayern)" → "Augsburg-Haunstetten"`)
	h.send()
	h.expect("✓ Saved city.")

	// Undo, from the same address.
	h.press("u")
	h.expect(`"Augsburg-Haunstetten" → "Augsburg (Bayern)"`)
	h.send()
	h.expect("Undone: city restored.")
	got := h.patches()
	if len(got) != 2 || got[1] != "PATCH /addresses/"+id+` {"city":"Augsburg (Bayern)"}` {
		t.Errorf("PATCHes %q", got)
	}
	if a, _ := h.sb.Address(id); a.City != "Augsburg (Bayern)" {
		t.Errorf("city now %q", a.City)
	}
}
