package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// footerOf returns the last lines of a frame: the footer.
func footerOf(view string, lines int) string {
	all := strings.Split(view, "\n")
	return strings.Join(all[max(len(all)-lines, 0):], "\n")
}

// TestHintsFollowTheState: the keys shown are the keys that work, as the
// contact's state has them, at 80 columns.
func TestHintsFollowTheState(t *testing.T) {
	t.Run("no addresses: no tab", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.NoAddressesContactID))
		h.expect("No addresses are linked")
		h.press("?")
		h.expect("close help")
		view := h.finalView()
		for _, not := range []string{"next address", "retry failed", "more keys", "copy change summary"} {
			if strings.Contains(view, not) {
				t.Errorf("the help offers %q:\n%s", not, view)
			}
		}
	})
	t.Run("an address that answered 404: no e, and e says why", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.DanglingAddressContactID))
		h.expect("1 failed, press a to retry")
		h.press("tab", "tab") // the missing address is the second
		h.expect("a retry failed addresses")
		h.press("e")
		h.expect("(404)")
		h.never("wait for it")
		view := h.finalView()
		if f := footerOf(view, 1); strings.Contains(f, "e edit") || strings.Contains(f, "u undo") {
			t.Errorf("the footer offers e or u on an address that cannot be edited: %s", f)
		}
	})
	t.Run("nothing failed: no a", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
		h.expect("12 Rue de la Paix")
		h.press("?")
		h.expect("close help")
		if view := h.finalView(); strings.Contains(view, "retry") || !strings.Contains(view, "next address") {
			t.Errorf("help:\n%s", view)
		}
	})
	t.Run("the roles say x/space, the address type ←/→", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
		editContact(t, h)
		h.never("x/space toggle role")
		h.press("tab", "tab", "tab", "tab")
		h.expect("x/space toggle role")
		h.expect("↑/↓ choose role")
		h.press("esc")
		h.expect("12 Rue de la Paix")
		h.press("tab", "e")
		h.expect("Edit address")
		h.expect("←/→ choose type")
		h.press("tab")
		h.expect("Name            : Head office")
		if f := footerOf(h.finalView(), 2); strings.Contains(f, "←/→") {
			t.Errorf("←/→ offered on a text field: %s", f)
		}
	})
}

// TestFullHelpKeepsEveryGroupAt80Columns: the ? overlay shows every key
// the contact screen answers, none wider than 80 columns.
func TestFullHelpKeepsEveryGroupAt80Columns(t *testing.T) {
	h := newHarness(t, withSize(80, 24), openAt(sandbox.ThreeAddressesContactID))
	h.expect("Leopoldstraße 12")
	h.press("?")
	h.expect("close help")
	a := h.final()
	view := a.View()
	checkFrame(t, a, view, 80, nil)
	for _, g := range a.helpKeys().FullHelp() {
		for _, b := range g {
			if shows(b) && !strings.Contains(view, b.Help().Key+" ") {
				t.Errorf("the overlay lost %q (%s):\n%s", b.Help().Key, b.Help().Desc, view)
			}
		}
	}
}

// TestShortHelpKeepsQuitAndHelp: however many keys a screen has, at 80
// columns the footer ends with quit and ?, and drops what does not fit
// rather than cutting it.
func TestShortHelpKeepsQuitAndHelp(t *testing.T) {
	a := New(Options{Renderer: plainRenderer()})
	a.width = 80
	many := make([]key.Binding, 0, 12)
	for _, w := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"} {
		many = append(many, bind([]string{w[:1]}, w[:1], w+" something long"))
	}
	g := globalKeysFor(false, false)
	line := a.shortHelpView(append(many, g.Quit, g.Help), 2)
	if !strings.HasSuffix(line, "q quit • ? more keys") || widthOf(line) > 80 || strings.Contains(line, "…") {
		t.Errorf("footer %q (%d columns)", line, widthOf(line))
	}
	if !strings.HasPrefix(line, "a alpha something long • b bravo") {
		t.Errorf("the first keys are not first: %q", line)
	}
}

// TestInputsShowACursorWithoutColour: with no colour (reverse video
// dropped too), a focused input still shows where the cursor is, and a
// placeholder is bracketed so it cannot be taken for a value.
func TestInputsShowACursorWithoutColour(t *testing.T) {
	h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
	editContact(t, h)
	h.expect("First name *    : Jean█")
	h.press("tab", "tab", "tab", "tab", "tab") // to the CRM id, empty
	h.expect("CRM id          : [\u0332empty: sent as null]")
	h.press("esc")
	h.expect("12 Rue de la Paix")
	h.press("o")
	h.expect("› [\u0332contact id, name, email or phone]")
	h.finalView()
}

// TestWideTerminalsShowLongValuesWhole: at 200 columns the form, the
// review and the conflict screen show a 110-character email whole.
func TestWideTerminalsShowLongValuesWhole(t *testing.T) {
	long := strings.Repeat("a", 40) + "." + strings.Repeat("b", 40) + "@" + strings.Repeat("c", 20) + ".example.com"
	h := newHarness(t, withSize(200, 40), openAt(sandbox.DocsContactID), func(_ *Options, sb *sandbox.Server) {
		_ = sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.Email = long })
	})
	h.expect("12 Rue de la Paix")
	h.press("e")
	h.expect("Email *         : " + long)
	h.press("tab", "tab", "ctrl+u")
	h.typeText("x" + long)
	h.press("ctrl+s")
	h.expect(`  email  "` + long + `"`) // too long for one line: stacked, each whole
	h.expect(`       → "x` + long + `"`)
	h.finalView()
}

// TestConflictScrollsWhenTallerThanTheRoom: three long conflicting values
// stacked at 80x24 need more lines than there are; ↑/↓ scroll then, and
// are offered only then.
func TestConflictScrollsWhenTallerThanTheRoom(t *testing.T) {
	long := func(s string) string { return s + strings.Repeat("x", 70) }
	h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
	editContact(t, h)
	for _, v := range []string{"first", "last", "mail@example.com"} {
		h.press("ctrl+u")
		h.typeText(long(v))
		h.press("tab")
	}
	h.press("ctrl+s")
	h.expect("Review the change")
	_ = h.sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) {
		c.FirstName, c.LastName, c.Email = long("their first"), long("their last"), long("their@example.com")
	})
	h.send()
	h.expect("Someone else changed this contact")
	h.expect("↑/↓ scroll")
	h.expect("first_name")
	for range 60 {
		h.press("down")
	}
	view := h.finalView() // the quit comes after the keys, so the view is scrolled
	if strings.Contains(view, "first_name") || !strings.Contains(view, "t keep theirs: drop your value") {
		t.Errorf("scrolled to the end, the screen shows:\n%s", view)
	}
}
