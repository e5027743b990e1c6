package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/sanitize"
	"github.com/qwoty/qwoty-contacts/state"
)

// matchesFor returns the ids and names the lookup lists for q, in its
// order (the app's own search, over the sandbox's contacts).
func matchesFor(t *testing.T, h *harness, q string) (ids, names []string) {
	t.Helper()
	cs, err := h.client.ListContacts(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	ix := newSearchIndex(cs)
	for _, i := range ix.Match(parseQuery(q), nil) {
		e := ix.entry(int(i))
		ids = append(ids, e.ID)
		names = append(names, sanitize.Text(e.Name))
	}
	return ids, names
}

// highlighted is how the lookup draws the highlighted row's start.
func highlighted(name string) string { return "› " + sanitize.Truncate(name, 39) }

// TestEveryMatchIsReachableAndOpensAsShown: at 80x24, typing e lists more
// matches than fit; ↓ and ↑ reach every one, the highlighted row is always
// on screen, the list says how many rows it hides, and enter opens the row
// on screen.
func TestEveryMatchIsReachableAndOpensAsShown(t *testing.T) {
	h := newHarness(t, withSize(80, 24))
	h.expect("contacts searchable")
	ids, names := matchesFor(t, h, "e")
	if len(ids) < 22 {
		t.Fatalf("only %d contacts match e: the sandbox changed", len(ids))
	}
	h.typeText("e")
	h.expect(fmt.Sprintf("Matches (%d)", len(ids)))
	h.expect(highlighted(names[0]))
	h.expect(" more below")
	for i := 1; i < len(ids); i++ {
		h.press("down")
		h.expect(highlighted(names[i]))
	}
	h.expect(fmt.Sprintf("↑ %d more above", len(ids)-13))
	h.press("down") // round to the first
	h.expect(highlighted(names[0]))
	for i := len(ids) - 1; i >= 1; i-- {
		h.press("up")
		h.expect(highlighted(names[i]))
	}
	// From the top, up goes round to the last match: on screen, and
	// that is the contact enter opens.
	h.press("up", "up")
	h.expect(highlighted(names[len(ids)-1]))
	before := len(h.sb.Requests())
	h.press("enter")
	h.expect("contact " + ids[len(ids)-1])
	var gets []string
	for _, r := range h.sb.Requests()[before:] {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/contacts/") {
			gets = append(gets, r.Path)
		}
	}
	if len(gets) != 1 || gets[0] != "/contacts/"+ids[len(ids)-1] {
		t.Errorf("enter fetched %q, want the highlighted %s", gets, ids[len(ids)-1])
	}
}

// TestLookupReadsIDsWithTheOneRule: every form of an id opens it; a
// malformed id is named, not searched; the start of a listed contact's id
// opens that contact.
func TestLookupReadsIDsWithTheOneRule(t *testing.T) {
	for _, in := range []string{
		strings.ToUpper(sandbox.DocsContactID),
		strings.ReplaceAll(sandbox.DocsContactID, "-", ""),
		"{" + sandbox.DocsContactID + "}",
		"urn:uuid:" + sandbox.DocsContactID,
		"  " + sandbox.DocsContactID + " ",
	} {
		t.Run(in, func(t *testing.T) {
			h := newHarness(t, withSize(100, 30))
			h.expect("contacts searchable")
			h.tm.Send(keyPaste(in))
			h.press("enter")
			h.expect("12 Rue de la Paix")
			if n := h.sb.CountRequests("GET", "/contacts/"+sandbox.DocsContactID); n != 1 {
				t.Errorf("%d GETs of the canonical id", n)
			}
		})
	}
	t.Run("a truncated id of a recent contact", func(t *testing.T) {
		h := newHarness(t, withSize(100, 30), func(o *Options, _ *sandbox.Server) {
			if _, err := state.PushRecent(o.StateDir, "test", state.RecentContact{ID: sandbox.DocsContactID, Name: "Jean Dupont", Email: "jean.dupont@acme.com"}); err != nil {
				panic(err)
			}
		})
		h.expect("contacts searchable")
		h.expect("Recent (1)")
		h.typeText("660e8400-e29b")
		h.expect("One known contact has an id starting like this: enter opens it.")
		h.press("enter")
		h.expect("12 Rue de la Paix")
	})
}

// TestRecentMarksContactsWithADraft: the lookup says which contacts have
// an unsaved edit waiting.
func TestRecentMarksContactsWithADraft(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID))
	editContact(t, h)
	h.press("tab", "tab", "tab", "ctrl+u")
	h.typeText("+44 20")
	waitUntil(t, func() bool {
		d, _ := state.LoadDraft(h.dir, "test", "contact", sandbox.DocsContactID)
		return d != nil
	})
	h.press("ctrl+s")
	h.expect("Review the change")
	h.press("esc")
	h.expect("Edit contact")
	h.press("esc")
	h.expect("Discard your changes?")
	h.press("n")
	h.press("ctrl+c")
	h.expect("Quit?")
	h.press("y")
	h.tm.WaitFinished(t)

	h2 := newHarness(t, withSize(100, 30), func(o *Options, _ *sandbox.Server) { o.StateDir, o.Writer = h.dir, h.writer })
	h2.expect("Recent (1)")
	h2.expect("Jean Dupont [draft]")
}

// TestDiscardingARestoredDraftClearsIt: R, esc, y says "Changes
// discarded.", the banner goes, and R restores nothing.
func TestDiscardingARestoredDraftClearsIt(t *testing.T) {
	h := newHarness(t, withSize(120, 30), openAt(sandbox.DocsContactID), func(o *Options, sb *sandbox.Server) {
		w := *o.Writer
		if err := w.SaveDraft(phoneDraft()); err != nil {
			panic(err)
		}
	})
	h.expect("Unsaved edit of this contact")
	h.press("R")
	h.expect("(restored draft)")
	h.press("esc")
	h.expect("Discard your changes?")
	h.press("y")
	h.expect("Changes discarded.")
	h.never("Unsaved edit of this contact")
	h.press("R")
	h.never("Edit contact")
	if d, _ := state.LoadDraft(h.dir, "test", "contact", sandbox.DocsContactID); d != nil {
		t.Error("the draft file survived")
	}
	if view := h.finalView(); strings.Contains(view, "Unsaved edit") || strings.Contains(view, "R restore") || strings.Contains(view, "Edit contact") {
		t.Errorf("the draft is still offered:\n%s", view)
	}
}

// TestTheCommandLineIDFollowsTheRule: an id given at start opens in any
// form the rule reads; a malformed one is named, and other text is
// searched for.
func TestTheCommandLineIDFollowsTheRule(t *testing.T) {
	h := newHarness(t, withSize(100, 30), openAt("{"+strings.ToUpper(sandbox.DocsContactID)+"}"))
	h.expect("12 Rue de la Paix")

	h = newHarness(t, withSize(100, 30), openAt(sandbox.DocsContactID[:35]+"Z"))
	h.expect("Not a valid contact id: character 36 ('Z') is not a hexadecimal digit")
	waitUntil(t, func() bool { return h.sb.CountRequests("GET", "/contacts") == 1 }) // the list, for search
	if n := h.sb.CountRequests("GET", "/contacts/"+sandbox.DocsContactID); n != 0 {
		t.Errorf("%d GETs for a malformed id", n)
	}

	h = newHarness(t, withSize(100, 30), openAt("dupont"))
	h.expect("Matches (1)")
	h.expect("› Jean Dupont")
	h.never("No contact matches")
}
