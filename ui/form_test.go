package ui

import (
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// TestEnterNeverSends: the measured path (from the phone field, enter ×6
// used to save) and every key that moves through the form, pressed on the
// review however often, send nothing; y does, once.
func TestEnterNeverSends(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	editContact(t, h)
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+1 555 0101")
	h.press("enter", "enter", "enter", "enter") // roles, CRM, ERP, accounting ids
	h.press("enter")                            // round to the first field: enter never leaves the form
	h.expect("Back at the first field")
	for range 7 {
		h.press("enter")
	}
	h.expect("┃ Accounting id")
	h.press("ctrl+s")
	h.expect(sendPrompt)
	h.setMark() // the message shows from the first enter on: look from before it
	for _, k := range []string{"enter", "enter", "enter", "enter", "enter", "enter", "down", "up", "shift+tab", "enter"} {
		h.tm.Send(keyMsg(k))
	}
	h.expect("Enter does not send")
	if got := h.patches(); len(got) != 0 {
		t.Fatalf("sent without y: %q", got)
	}
	h.send()
	h.expect("✓ Saved phone.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /contacts/"+sandbox.DocsContactID+` {"phone":"+1 555 0101"}` {
		t.Errorf("PATCHes %q", got)
	}
}

// TestKeysTypedBeforeTheReviewCannotSend: a y that arrives with the
// ctrl+s that opened the review (a paste, a key repeat, an SSH packet
// holding both) is ignored, and so is one held down; the review says when
// y works.
func TestKeysTypedBeforeTheReviewCannotSend(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
		o.ConfirmDelay = 300e6 // 300 ms: the burst below is faster
	})
	editContact(t, h)
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+1 555 0101")
	h.press("ctrl+s", "y", "y", "y", "y", "y")
	h.expect("Read it over: y sends in a moment")
	h.expect(sendPrompt)
	if got := h.patches(); len(got) != 0 {
		t.Fatalf("the burst sent: %q", got)
	}
	h.press("esc")
	h.expect("Edit contact")
	if view := h.finalView(); !strings.Contains(view, "Phone           : +1 555 0101") || strings.Contains(view, "0101y") {
		t.Errorf("the burst reached the form:\n%s", view)
	}
}

// TestTheFormCanAlwaysBeLeft: tab on the last field and shift+tab on the
// first go round; enter, ctrl+s and esc still work there (they used to be
// ignored for good).
func TestTheFormCanAlwaysBeLeft(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
		says string
	}{
		{"tab on the last field", []string{"shift+tab", "tab"}, "Back at the first field"},
		{"shift+tab on the first field", []string{"shift+tab"}, "At the last field"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
			editContact(t, h)
			h.press(tt.keys...)
			h.expect(tt.says)
			h.press("esc") // nothing changed: leaves at once
			h.expect("e edit contact")
			h.press("e")
			h.expect("Edit contact")
			h.press(tt.keys...)
			h.expect(tt.says)
			h.press("ctrl+s")
			h.expect("Nothing to save: no field was changed.")
			h.press("e")
			h.expect("Edit contact")
			h.press("tab", "ctrl+u")
			h.typeText("Durand")
			h.press(tt.keys...)
			h.press("enter", "enter")
			h.press("ctrl+s")
			h.expect(`last_name  "Dupont" → "Durand"`)
			h.press("esc")
			h.expect("Edit contact")
			h.press("esc")
			h.expect("Discard your changes?")
			h.press("y")
			h.expect("Changes discarded.")
			if got := h.patches(); len(got) != 0 {
				t.Errorf("PATCHes %q", got)
			}
		})
	}
}

// TestUnknownAndDuplicateRolesStay: a role the tool does not know is shown
// and stays selected; duplicates stay; nothing about the roles is sent
// unless they are changed, and a change that keeps an unknown role is
// refused in the form.
func TestUnknownAndDuplicateRolesStay(t *testing.T) {
	t.Run("unknown role", func(t *testing.T) {
		h := newHarness(t, withSize(100, 30), openAt(sandbox.UnknownRoleContactID))
		h.expect("Owen Owner")
		h.press("e")
		h.expect("[x] owner (not known to this tool)")
		h.press("ctrl+s")
		h.expect("Nothing to save: no field was changed.")
		h.press("e")
		h.expect("Edit contact")
		h.press("tab", "tab", "tab", "ctrl+u")
		h.typeText("+1 555 0101")
		h.press("ctrl+s")
		h.expect(`phone  "+1 555 0100" → "+1 555 0101"`)
		h.never("role")
		h.send()
		h.expect("✓ Saved phone.")
		h.press("e")
		h.expect("Edit contact")
		h.press("tab", "tab", "tab", "tab", "x") // unselect buyer: owner stays
		h.press("ctrl+s")
		h.expect(`Roles: "owner" is not one of`)
		if got := h.patches(); len(got) != 1 || !strings.HasSuffix(got[0], ` {"phone":"+1 555 0101"}`) {
			t.Errorf("PATCHes %q", got)
		}
		if c, _ := h.sb.Contact(sandbox.UnknownRoleContactID); strings.Join(c.Role, ",") != "buyer,owner" {
			t.Errorf("roles on the server %v", c.Role)
		}
	})
	t.Run("duplicate roles", func(t *testing.T) {
		h := newHarness(t, withSize(100, 30), openAt(sandbox.DoubleRoleContactID))
		h.expect("Dora Double")
		h.press("e")
		h.expect("Edit contact")
		h.press("tab", "tab", "tab", "ctrl+u")
		h.typeText("+1 555 0103")
		h.press("ctrl+s")
		h.send()
		h.expect("✓ Saved phone.")
		if got := h.patches(); len(got) != 1 || !strings.HasSuffix(got[0], ` {"phone":"+1 555 0103"}`) {
			t.Errorf("PATCHes %q", got)
		}
		if c, _ := h.sb.Contact(sandbox.DoubleRoleContactID); strings.Join(c.Role, ",") != "buyer,buyer,legal" {
			t.Errorf("roles on the server %v", c.Role)
		}
	})
}

// TestCharactersAnInputDropsStay: a name with U+FFFD is not sent when only
// the phone changes (a text input drops the character).
func TestCharactersAnInputDropsStay(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.ReplacementContactID))
	h.expect("+49 30 555 0101")
	h.press("e")
	h.expect("Edit contact")
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+49 30 555 0102")
	h.press("tab", "tab", "tab", "tab", "tab") // visit the rest
	h.press("ctrl+s")
	h.send()
	h.expect("✓ Saved phone.")
	if got := h.patches(); len(got) != 1 || got[0] != "PATCH /contacts/"+sandbox.ReplacementContactID+` {"phone":"+49 30 555 0102"}` {
		t.Errorf("PATCHes %q", got)
	}
	if c, _ := h.sb.Contact(sandbox.ReplacementContactID); c.FirstName != "Ren\uFFFD" || c.LastName != "M\uFFFDller" {
		t.Errorf("the names changed on the server: %q %q", c.FirstName, c.LastName)
	}
}
