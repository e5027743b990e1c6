package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/internal/syncbuf"
)

// The golden screens of issue 15, colour off, at 80x24 and 120x40: the
// real app driven by keys against the sandbox. Each frame is also checked:
// no line wider than the terminal, no line of the status area cut ("…"),
// and the sentences that say what to do read in full once the wrapped
// lines are joined.

// goldenSizes are the terminals every golden screen is drawn for.
var goldenSizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// goldenScreen is one scenario: how to start, what to do, and the
// sentences that must read in full.
type goldenScreen struct {
	name  string
	opts  []harnessOption
	drive func(t *testing.T, h *harness)
	reads []string
	// idle, when set, says the app has settled (every load answered):
	// the frame is taken only then.
	idle func(a *App) bool
}

func TestGoldenScreensAtEachSize(t *testing.T) {
	long := "camille.lefevre-dubois@acme-logistique-internationale.fr"
	theirs := "c.lefevre-dubois@acme-logistique-internationale.fr"
	mine := "camille.lefevre-dubois@acme-logistique-international.com"
	screens := []goldenScreen{
		{name: "lookup-all", drive: func(t *testing.T, h *harness) {
			h.expect("contacts searchable")
			h.typeText("e")
			h.expect("Matches (")
		}},
		{name: "contact-0-addresses", opts: []harnessOption{openAt(sandbox.NoAddressesContactID)}, idle: contactIdle,
			reads: []string{"No addresses are linked to this contact."}},
		{name: "contact-1-address", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle},
		{name: "contact-10-addresses", opts: []harnessOption{openAt(sandbox.TenAddressesContactID)}, idle: contactIdle},
		{name: "contact-failed-address", opts: []harnessOption{openAt(sandbox.DanglingAddressContactID)}, idle: contactIdle,
			drive: func(t *testing.T, h *harness) {
				h.expect("1 failed")
				h.press("tab", "tab") // the missing address is the second
				h.press("e")
				h.expect("(404)")
			},
			reads: []string{addressNotLoadedWords(false, &api.Error{Kind: api.ErrAPI, Status: http.StatusNotFound})}},
		{name: "form", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			editContact(t, h)
		}},
		{name: "form-roles", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			editContact(t, h)
			h.press("tab", "tab", "tab", "tab")
			h.expect("x/space toggle role")
		}},
		{name: "form-address-country-error", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			h.expect("12 Rue de la Paix")
			h.press("tab", "e")
			h.expect("Edit address")
			toField(h, 7)
			h.expect("France")
			h.press("ctrl+u")
			h.typeText("XX")
			h.press("tab")
			h.expect("✗ Country:")
		}},
		{name: "review", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			editContact(t, h)
			h.press("tab", "tab", "ctrl+u")
			h.typeText("jean.dupont-moreau@acme-logistique-internationale.fr")
			h.press("ctrl+s")
			h.expect(sendPrompt)
		}, reads: []string{`"jean.dupont@acme.com"`, `"jean.dupont-moreau@acme-logistique-internationale.fr"`}},
		{name: "conflict-long-emails", opts: []harnessOption{openAt(sandbox.TenAddressesContactID), func(_ *Options, sb *sandbox.Server) {
			_ = sb.EditContact(sandbox.TenAddressesContactID, func(c *sandbox.Contact) { c.Email = long })
		}}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			h.expect("Addresses (10)")
			h.press("e")
			h.expect("Edit contact")
			h.press("tab", "tab", "ctrl+u")
			h.typeText(mine)
			h.press("ctrl+s")
			h.expect("Review the change")
			_ = h.sb.EditContact(sandbox.TenAddressesContactID, func(c *sandbox.Contact) { c.Email = theirs })
			h.send()
			h.expect("Someone else changed this contact")
		}, reads: []string{`"` + long + `"`, `"` + theirs + `"`, `"` + mine + `"`, conflictSummary([]edit.Conflict{{Field: "email"}})}},
		{name: "status-invalid-id", drive: func(t *testing.T, h *harness) {
			h.expect("contacts searchable")
			h.typeText("660e8400-e29b-41d4-a716-44665544000Z")
			h.press("enter")
			h.expect("Not a valid contact id")
		}, reads: []string{"Nothing was sent."}},
		{name: "status-no-match", drive: func(t *testing.T, h *harness) {
			h.expect("contacts searchable")
			h.typeText("zzzz")
			h.press("enter")
			h.expect("No contact matches.")
		}, reads: []string{"No contact matches. Paste a contact id, or try part of a name, email or phone number."}},
		{name: "status-search-unavailable", opts: []harnessOption{func(_ *Options, sb *sandbox.Server) {
			sb.InjectFault(sandbox.Fault{Method: "GET", Path: "/contacts", Status: http.StatusForbidden})
		}}, drive: func(t *testing.T, h *harness) {
			h.expect("Search is unavailable")
		}, reads: []string{"You can still paste a contact id."}},
		{name: "status-quit-question", opts: []harnessOption{openAt(sandbox.DocsContactID)}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			editContact(t, h)
			h.typeText("x")
			h.press("ctrl+c")
			h.expect("Quit?")
		}, reads: []string{quitQuestion}},
		{name: "status-draft-banner", opts: []harnessOption{openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
			if err := o.Writer.SaveDraft(phoneDraft()); err != nil {
				t.Fatal(err)
			}
		}}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			h.expect("Unsaved edit")
		}, reads: []string{"R restore · D discard"}},
		{name: "status-undo-review", opts: []harnessOption{func(o *Options, _ *sandbox.Server) {
			recordChange(t, o.Writer, "set", "+33 1 22 33 44 55")
			o.OpenID = sandbox.DocsContactID
		}}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			h.expect("+33 1 22 33 44 55")
			h.press("u")
			h.expect("Review the change")
			h.expect(sendPrompt)
		}, reads: []string{"Review the change to contact Jean Dupont, undoing the change made by tester with set on 2026-11-22 12:00 (just now)"}},
		{name: "status-saved", opts: []harnessOption{openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
			o.Clipboard = &syncbuf.Buffer{}
		}}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			editContact(t, h)
			h.press("tab", "tab", "tab", "ctrl+u")
			h.typeText("+33 1 23 45 67 89")
			h.press("ctrl+s")
			h.send()
			h.expect("Saved phone.")
		}, reads: []string{"✓ Saved phone. c copies a summary for the ticket."}},
		{name: "status-copied", opts: []harnessOption{openAt(sandbox.DocsContactID), func(o *Options, _ *sandbox.Server) {
			o.Clipboard = &syncbuf.Buffer{}
		}}, idle: contactIdle, drive: func(t *testing.T, h *harness) {
			h.expect("12 Rue de la Paix")
			h.press("y")
			h.expect("OSC 52")
		}, reads: []string{"Sent the contact id to your terminal's clipboard (OSC 52); your terminal decides whether to accept it.", "  " + sandbox.DocsContactID}},
	}
	for _, sc := range screens {
		for _, sz := range goldenSizes {
			name := fmt.Sprintf("%s-%dx%d", sc.name, sz.w, sz.h)
			t.Run(name, func(t *testing.T) {
				idle := make(chan struct{})
				r := rig{}
				if sc.idle != nil {
					r.model = func(a *App, g *Guard) tea.Model { return &watchIdle{Model: g, app: a, idle: sc.idle, done: idle} }
				} else {
					close(idle)
				}
				h := startHarness(t, withSize(sz.w, sz.h), r, sc.opts...)
				if sc.drive != nil {
					sc.drive(t, h)
				}
				<-idle
				a := h.final()
				view := a.View()
				checkFrame(t, a, view, sz.w, sc.reads)
				golden(t, name, view)
			})
		}
	}
}

// watchIdle tells, once, when the app has settled.
type watchIdle struct {
	tea.Model
	app  *App
	idle func(*App) bool
	done chan struct{}
	told bool
}

func (w *watchIdle) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := w.Model.Update(msg)
	w.Model = m
	if !w.told && w.idle(w.app) {
		w.told = true
		close(w.done)
	}
	return w, cmd
}

// contactIdle: the contact at the bottom of the stack's contacts has
// loaded, with every address and its customer answered.
func contactIdle(a *App) bool {
	for _, s := range a.stack {
		if c, ok := s.(*contactScreen); ok {
			return c.rec.contact != nil && !c.rec.busy() && (c.rec.customer != nil || !api.ValidID(c.rec.contact.CustomerID))
		}
	}
	return false
}

// final quits the app and returns it as it ended.
func (h *harness) final() *App {
	h.t.Helper()
	if err := h.tm.Quit(); err != nil {
		h.t.Fatal(err)
	}
	switch m := h.tm.FinalModel(h.t, teatest.WithFinalTimeout(5*time.Second)).(type) {
	case *watchIdle:
		return m.app
	case *Guard:
		return m.app.(*App)
	}
	h.t.Fatal("an unknown model")
	return nil
}

// checkFrame checks a frame: every line fits the width, no status line is
// cut, and each sentence reads in full in the wrapped text.
func checkFrame(t *testing.T, a *App, view string, width int, reads []string) {
	t.Helper()
	for i, l := range strings.Split(view, "\n") {
		if w := widthOf(l); w > width {
			t.Errorf("line %d is %d columns wide, over %d: %q", i+1, w, width, l)
		}
	}
	for _, l := range a.statusLines() {
		if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("a status line is cut: %q", l)
		}
	}
	joined := strings.Join(strings.Fields(view), " ")
	for _, r := range reads {
		if !strings.Contains(joined, strings.Join(strings.Fields(r), " ")) {
			t.Errorf("the frame does not read %q in full:\n%s", r, view)
		}
	}
}
