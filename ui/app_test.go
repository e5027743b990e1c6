package ui

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
)

func openAt(id string) harnessOption {
	return func(o *Options, _ *sandbox.Server) { o.OpenID = id }
}

func TestOpenContactShowsNameAndEveryAddress(t *testing.T) {
	h := newHarness(t, withSize(200, 60), openAt(sandbox.ThreeAddressesContactID))
	h.expect("José Müller-Lüdenscheidt")
	h.expect("Addresses (3)")
	for _, street := range []string{"Leopoldstraße 12", "Haunstetter Str. 225", "Simmeringer Hauptstraße 101"} {
		h.expect(street)
	}
	view := h.finalView()
	for _, want := range []string{"customer Müller & Söhne GmbH (company)", "[buyer] [billing]", "SAP-0004711", "80802 München", "DE · Germany"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q", want)
		}
	}
}

func TestLookupFindsContactByEmailAndOpensIt(t *testing.T) {
	h := newHarness(t, withSize(100, 30))
	h.expect("contacts searchable")
	h.typeText("jean.dupont@")
	h.expect("Jean Dupont")
	h.press("enter")
	h.expect("12 Rue de la Paix")
	if n := h.sb.CountRequests("GET", "/contacts/"+sandbox.DocsContactID); n != 1 {
		t.Errorf("%d GETs of the contact", n)
	}
}

func TestNonUUIDSendsNoRequest(t *testing.T) {
	h := newHarness(t, withSize(100, 30))
	h.expect("contacts searchable")
	before := len(h.sb.Requests())
	h.typeText("0000dead-e29b-41d4-a716") // the start of no known id
	h.press("enter")
	h.expect("No known contact has an id starting with 0000dead-e29b-41d4-a716")
	h.press("ctrl+u")
	h.typeText("660e8400-e29b-41d4-a716-44665544000Z")
	h.press("enter")
	h.expect(`Not a valid contact id: character 36 ('Z') is not a hexadecimal digit (0-9, a-f).`)
	if after := len(h.sb.Requests()); after != before {
		t.Errorf("%d requests sent for ids that are not ids", after-before)
	}
	h.press("ctrl+u")
	h.typeText(" 660e8400-e29b-41d4-a716-446655440001 ")
	h.press("enter")
	h.expect("Jean Dupont")
}

// editContact opens the docs contact's form and waits for it.
func editContact(t *testing.T, h *harness) {
	t.Helper()
	h.expect("12 Rue de la Paix")
	h.press("e")
	h.expect("Edit contact")
}

func TestEditSendsOnlyTheChangedField(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(h *harness)
		patch string
		shows string
	}{
		{"change the phone", func(h *harness) {
			h.press("tab", "tab", "tab", "ctrl+u")
			h.typeText("+33 6 99 88 77 66")
		}, `{"phone":"+33 6 99 88 77 66"}`, `"+33 6 12 34 56 78" → "+33 6 99 88 77 66"`},
		{"clear the phone", func(h *harness) {
			h.press("tab", "tab", "tab", "ctrl+u")
		}, `{"phone":null}`, `"+33 6 12 34 56 78" → null`},
		{"change the roles", func(h *harness) {
			h.press("tab", "tab", "tab", "tab") // on the roles: cursor on buyer
			h.press("x", "down", "down", "x")   // unselect buyer, select billing
		}, `{"role":["signer","billing"]}`, `[buyer, signer] → [signer, billing]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
			editContact(t, h)
			tt.edit(h)
			h.press("ctrl+s")
			h.expect("Review the change")
			h.expect(tt.shows)
			h.send()
			h.expect("✓ Saved")
			want := "PATCH /contacts/" + sandbox.DocsContactID + " " + tt.patch
			if got := h.patches(); len(got) != 1 || got[0] != want {
				t.Errorf("PATCHes %q, want exactly %q", got, want)
			}
			view := h.finalView()
			if !strings.Contains(view, "Head office") || !strings.Contains(view, "12 Rue de la Paix") {
				t.Errorf("the addresses left the screen after the save:\n%s", view)
			}
		})
	}
}

func TestChangingNothingSendsNothing(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	editContact(t, h)
	h.press("tab", "tab", "ctrl+u")
	h.typeText("jean.dupont@acme.com") // the same value, retyped
	h.press("ctrl+s")
	h.expect("Nothing to save")
	if got := h.patches(); len(got) != 0 {
		t.Errorf("PATCHes sent: %q", got)
	}
}

func TestFailingAddressShowsItsErrorWhileOthersRender(t *testing.T) {
	h := newHarness(t, withSize(200, 60), openAt(sandbox.DanglingAddressContactID))
	h.expect("Addresses (3)")
	h.expect("1 failed, press a to retry")
	view := h.finalView()
	if !strings.Contains(view, "✗ Address "+sandbox.MissingAddressID[:8]+"… not found (404)") {
		t.Errorf("no one-line error for the missing address:\n%s", view)
	}
	if strings.Count(view, "╭") != 3 {
		t.Errorf("want three address boxes:\n%s", view)
	}
}

func TestRetryFailedAddresses(t *testing.T) {
	h := newHarness(t, withSize(200, 60), openAt(sandbox.DocsContactID))
	remove := h.sb.InjectFault(sandbox.Fault{Method: "GET", Path: "/addresses/{id}", Status: 500})
	h.expect("1 failed, press a to retry")
	remove()
	h.press("a")
	h.expect("12 Rue de la Paix")
}

func TestLoadErrorsAreClearAndTheAppKeepsRunning(t *testing.T) {
	tests := []struct {
		name  string
		fault sandbox.Fault
		says  string
	}{
		{"404", sandbox.Fault{Method: "GET", Path: "/contacts/{id}", Status: http.StatusNotFound}, "not found (404)"},
		{"401", sandbox.Fault{Method: "GET", Path: "/contacts/{id}", Status: http.StatusUnauthorized}, "The API refused the token (401 Unauthorized)"},
		{"500", sandbox.Fault{Method: "GET", Path: "/contacts/{id}", Status: http.StatusInternalServerError}, "The Qwoty API failed (500 Internal Server Error)"},
		{"502 HTML", sandbox.Fault{Method: "GET", Path: "/contacts/{id}", Status: 502, Body: "<html><h1>502 Bad Gateway</h1></html>"}, "with an HTML page, not the API: is a proxy in the way?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withSize(120, 30))
			h.expect("contacts searchable")
			h.sb.InjectFault(tt.fault)
			h.typeText(sandbox.DocsContactID)
			h.press("enter")
			h.expect(tt.says)
			h.sb.ClearFaults()
			h.press("r")
			h.expect("Jean Dupont")
			h.expect("12 Rue de la Paix")
		})
	}
}

func TestFailedSaveKeepsTheEdits(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusInternalServerError, http.StatusUnprocessableEntity} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
			editContact(t, h)
			h.press("tab", "tab", "tab", "ctrl+u")
			h.typeText("+33 1 23 45 67 89")
			h.press("ctrl+s")
			h.expect("Review the change")
			remove := h.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: status, Times: 1})
			h.send()
			h.expect("Your edits are kept")
			remove()
			h.send() // send again
			h.expect("✓ Saved phone.")
			got := h.patches()
			if len(got) != 2 || !strings.HasSuffix(got[1], `{"phone":"+33 1 23 45 67 89"}`) {
				t.Errorf("PATCHes %q", got)
			}
		})
	}
}

func TestHostileNameRendersAsVisibleText(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID), func(_ *Options, sb *sandbox.Server) {
		_ = sb.EditContact(sandbox.DocsContactID, func(c *sandbox.Contact) { c.LastName = "Dupont\x1b[2J\x1b]0;pwned\x07" })
	})
	h.expect(`Jean Dupont\x1b[2J\x1b]0;pwned\x07`)
	h.read()
	h.mu.Lock()
	defer h.mu.Unlock()
	if strings.Contains(h.raw.String(), "\x1b]0;pwned") || strings.Contains(h.raw.String(), "\x1b[2J\x1b]") {
		t.Error("the raw OSC title sequence reached the terminal")
	}
}

func TestGoldenScreens(t *testing.T) {
	t.Run("lookup", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24))
		h.expect("contacts searchable")
		h.typeText("mül")
		h.expect("Matches (1)")
		golden(t, "lookup", h.finalView())
	})
	t.Run("contact", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
		h.expect("12 Rue de la Paix")
		h.expect("Acme (company)")
		golden(t, "contact", h.finalView())
	})
	t.Run("review", func(t *testing.T) {
		h := newHarness(t, withSize(80, 24), openAt(sandbox.DocsContactID))
		editContact(t, h)
		h.press("tab", "tab", "tab", "ctrl+u")
		h.press("ctrl+s")
		h.expect("Review the change")
		h.expect(sendPrompt)
		golden(t, "review", h.finalView())
	})
}

// TestCopyUsesOSC52: where the app cannot hand the text to tmux (a
// served session, or no tmux), a copy is plain OSC 52, wrapped only for
// screen, whose passthrough is always on; the message says it was sent,
// not that it landed, and shows the id.
func TestCopyUsesOSC52(t *testing.T) {
	for _, tt := range []struct {
		env    []string
		prefix string
		words  string
	}{
		{nil, "\x1b]52;c;", "Sent the contact id to your terminal's clipboard (OSC 52); your terminal decides whether to accept it."},
		{[]string{"TMUX=/tmp/tmux-0/default,1,0"}, "\x1b]52;c;", "from inside tmux it gets there only with set -g set-clipboard on"},
		{[]string{"STY=1234.pts-0.host"}, "\x1bP\x1b]52;c;", "(OSC 52, through screen)"},
	} {
		clip := &syncbuf.Buffer{}
		h := newHarness(t, withSize(200, 30), openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
			o.Clipboard, o.TermEnv = clip, tt.env
		})
		h.expect("12 Rue de la Paix")
		h.press("y")
		h.expect(tt.words)
		h.expect("  " + sandbox.DocsContactID)
		h.never("Copied")
		want := tt.prefix + base64.StdEncoding.EncodeToString([]byte(sandbox.DocsContactID))
		if !strings.HasPrefix(clip.String(), want) {
			t.Errorf("clipboard write %q, want it to start with %q", clip.String(), want)
		}
	}
}

// TestHelpFollowsTheScreen: the help names what e acts on, and opening
// another contact forgets the previous one's focus.
func TestHelpFollowsTheScreen(t *testing.T) {
	h := newHarness(t, withSize(120, 30), openAt(sandbox.ThreeAddressesContactID))
	h.expect("Simmeringer Hauptstraße 101")
	h.expect("e edit contact")
	h.press("tab")
	h.expect("e edit address")
	h.press("o")
	h.expect("Open a contact")
	h.typeText(sandbox.DocsContactID)
	h.press("enter")
	h.expect("12 Rue de la Paix")
	if view := h.finalView(); !strings.Contains(view, "e edit contact") || strings.Contains(view, "copy change summary") {
		t.Errorf("help after opening another contact:\n%s", view)
	}
}
