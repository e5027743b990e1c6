package ui

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// holdContact holds the answer to GET /contacts/id until release is
// closed (or 5 s pass), and records the other requests that arrived
// before it was released.
type holdContact struct {
	id      string
	release chan struct{}
	once    sync.Once

	mu       sync.Mutex
	during   []string
	released bool
}

func newHold(id string) *holdContact { return &holdContact{id: id, release: make(chan struct{})} }

func (g *holdContact) open() {
	g.once.Do(func() {
		g.mu.Lock()
		g.released = true
		g.mu.Unlock()
		close(g.release)
	})
}

func (g *holdContact) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/contacts/"+g.id {
			select {
			case <-g.release:
			case <-time.After(5 * time.Second):
			}
		} else if r.URL.Path != "/api/contacts" {
			g.mu.Lock()
			if !g.released {
				g.during = append(g.during, r.Method+" "+strings.TrimPrefix(r.URL.Path, "/api"))
			}
			g.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// arrivedWhileHeld returns the requests that arrived before the contact
// was released.
func (g *holdContact) arrivedWhileHeld() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.during)
}

// requestsSince returns "METHOD /path" of the requests after the first n.
func requestsSince(h *harness, n int) []string {
	var out []string
	for _, r := range h.sb.Requests()[n:] {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// tenRequests is what opening the ten-address contact needs: the
// contact, its customer, its ten addresses.
func tenRequests(h *harness) []string {
	c, _ := h.sb.Contact(sandbox.TenAddressesContactID)
	want := []string{"GET /contacts/" + c.ID, "GET /customers/" + c.CustomerID}
	for _, id := range c.AddressIDs {
		want = append(want, "GET /addresses/"+id)
	}
	slices.Sort(want)
	return want
}

// Enter on a search result asks for the contact, its ten addresses and
// its customer at once: while the contact's answer is held back, all
// eleven others arrive, and nothing else is asked for. Until the contact
// arrives, what the list knows is on screen.
func TestEnterOnAMatchAsksForEverythingAtOnce(t *testing.T) {
	g := newHold(sandbox.TenAddressesContactID)
	h := startHarness(t, withSize(200, 60), rig{handler: g.handler})
	h.expect("contacts searchable")
	h.typeText("camille lef")
	h.expect("Matches (1)")
	before := len(h.sb.Requests())
	h.press("enter")
	h.expect("Camille Lefèvre")
	h.expect("loading…")
	h.expect("camille.lefevre@acme.com") // the list's email, before the contact came
	waitUntil(t, func() bool { return len(g.arrivedWhileHeld()) >= 11 })
	for _, street := range streets(h, sandbox.TenAddressesContactID) {
		h.expect(street) // from their own answers: the contact is still held
	}
	h.setMark()
	g.open()
	h.expect("Created        2") // the contact's own answer
	got := requestsSince(h, before)
	slices.Sort(got)
	if want := tenRequests(h); !slices.Equal(got, want) {
		t.Errorf("after enter the sandbox got\n%q\nwant exactly\n%q", got, want)
	}
	during := g.arrivedWhileHeld()
	slices.Sort(during)
	if want := slices.DeleteFunc(tenRequests(h), func(s string) bool { return strings.HasPrefix(s, "GET /contacts/") }); !slices.Equal(during, want) {
		t.Errorf("while the contact was held back, %q arrived; want the addresses and customer %q", during, want)
	}
	if view := h.finalView(); strings.Contains(view, "loading") {
		t.Errorf("still loading:\n%s", view)
	}
}

// streets returns the first lines of a contact's addresses.
func streets(h *harness, id string) []string {
	c, _ := h.sb.Contact(id)
	var out []string
	for _, a := range c.AddressIDs {
		addr, _ := h.sb.Address(a)
		out = append(out, addr.AddressLine1)
	}
	return out
}

// The list said ten addresses; by the time Enter is pressed the contact
// lost its first one and gained another. The ten listed are asked for at
// once with the contact, the gained one once the contact says so, and the
// lost one leaves the screen.
func TestOpeningReconcilesWithTheFreshContact(t *testing.T) {
	h := newHarness(t, withSize(200, 60))
	h.expect("contacts searchable")
	listed, _ := h.sb.Contact(sandbox.TenAddressesContactID)
	lost := listed.AddressIDs[0]
	lostStreet := streets(h, sandbox.TenAddressesContactID)[0]
	if err := h.sb.EditContact(listed.ID, func(c *sandbox.Contact) {
		c.AddressIDs = append(slices.Clone(c.AddressIDs[1:]), sandbox.DocsPatchAddressID)
	}); err != nil {
		t.Fatal(err)
	}
	gained, _ := h.sb.Address(sandbox.DocsPatchAddressID)
	h.typeText("camille lef")
	h.expect("Matches (1)")
	before := len(h.sb.Requests())
	h.press("enter")
	h.expect(gained.AddressLine1)
	h.expect("Created        2")
	view := h.finalView()
	got := requestsSince(h, before)
	at := func(req string) int { return slices.Index(got, req) }
	contact, gain := at("GET /contacts/"+listed.ID), at("GET /addresses/"+sandbox.DocsPatchAddressID)
	want := append(tenRequests(h), "GET /addresses/"+lost) // the contact as listed: its ten, and the lost one
	want = slices.DeleteFunc(want, func(s string) bool { return s == "GET /addresses/"+sandbox.DocsPatchAddressID })
	first := slices.Clone(got)
	first = slices.DeleteFunc(first, func(s string) bool { return s == "GET /addresses/"+sandbox.DocsPatchAddressID })
	slices.Sort(first)
	slices.Sort(want)
	want = slices.Compact(want)
	switch {
	case contact < 0 || gain < 0 || gain < contact:
		t.Errorf("the gained address was not asked for after the contact: %q", got)
	case !slices.Equal(first, want):
		t.Errorf("besides the gained address, enter asked for\n%q\nwant the listed contact's\n%q", first, want)
	case strings.Count(strings.Join(got, " "), sandbox.DocsPatchAddressID) != 1:
		t.Errorf("the gained address was asked for more than once: %q", got)
	}
	if strings.Contains(view, lostStreet) {
		t.Errorf("the lost address %q is still on screen:\n%s", lostStreet, view)
	}
	if !strings.Contains(view, "Addresses (10)") || !strings.Contains(view, gained.AddressLine1) {
		t.Errorf("the fresh contact's ten addresses are not shown:\n%s", view)
	}
}

// listGets counts the downloads of the contact list.
func listGets(h *harness) int {
	n := 0
	for _, r := range h.sb.Requests() {
		if r.Method == "GET" && r.Path == "/contacts" {
			n++
		}
	}
	return n
}

// A contact opened by id at start does not download the list; going back
// to the lookup does, once.
func TestOpeningByIDLeavesTheListAlone(t *testing.T) {
	h := newHarness(t, withSize(200, 60), openAt(sandbox.TenAddressesContactID))
	for _, s := range streets(h, sandbox.TenAddressesContactID) {
		h.expect(s)
	}
	h.expect("Created        2")
	if n := listGets(h); n != 0 {
		t.Fatalf("opening by id downloaded the list %d times", n)
	}
	h.press("o")
	h.expect("contacts searchable")
	h.typeText("jean dup")
	h.expect("Matches (1)")
	if n := listGets(h); n != 1 {
		t.Errorf("the list was downloaded %d times, want once", n)
	}
}

// A save reaches the index in place: searching for the new name finds the
// contact, without downloading the list again.
func TestASavedNameIsSearchableAtOnce(t *testing.T) {
	h := newHarness(t, withSize(100, 30))
	h.expect("contacts searchable")
	h.typeText("dupont")
	h.expect("Matches (1)")
	h.press("enter")
	editContact(t, h)
	h.press("tab", "ctrl+u")
	h.typeText("Zuckerbäcker")
	h.press("ctrl+s")
	h.expect("Review the change")
	h.send()
	h.expect("✓ Saved")
	h.press("o")
	h.expect("contacts searchable")
	h.typeText("zuckerback")
	h.expect("Matches (1)")
	h.expect("Jean Zuckerbäcker")
	h.press("ctrl+u")
	h.typeText("dupont")
	h.expect("Recent (1)") // the recent list keeps the name it was opened with
	h.never("Matches (")
	if n := listGets(h); n != 1 {
		t.Errorf("the list was downloaded %d times, want once", n)
	}
}

// While the contact's answer is on its way, the list's copy is on screen:
// e, h and u say the contact is still loading instead of doing nothing, and
// work once it has come.
func TestKeysThatNeedTheContactSayItIsLoading(t *testing.T) {
	for _, k := range []string{"e", "h", "u"} {
		t.Run(k, func(t *testing.T) {
			g := newHold(sandbox.TenAddressesContactID)
			h := startHarness(t, withSize(120, 40), rig{handler: g.handler})
			h.expect("contacts searchable")
			h.typeText("camille lef")
			h.expect("Matches (1)")
			h.press("enter")
			h.expect("camille.lefevre@acme.com") // the list's copy
			h.press(k)
			h.expect("The contact is still loading (what shows is the list's copy)")
			h.never("Edit contact")
			h.never("History of")
			g.open()
			h.expect("h history")
			h.press("e")
			h.expect("Edit contact: Camille Lefèvre")
		})
	}
}
