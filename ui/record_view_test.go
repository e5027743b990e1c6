package ui

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// bigContact is a contact with n addresses, fetched: the contact, what the
// list says of it, and its addresses' answers.
type bigContact struct {
	contact *api.Contact
	listed  *api.ListedContact
	addrs   []api.AddressResult
}

func fetchBig(tb testing.TB, n int) (*App, bigContact) {
	tb.Helper()
	sb := sandbox.New(sandbox.Options{})
	id := sb.AddManyAddressesContact(n, "test")
	a, client := benchApp(tb, sb)
	c, err := client.GetContact(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	addrs := client.GetAddresses(context.Background(), c.AddressIDs)
	return a, bigContact{contact: c, listed: listedOf(c), addrs: addrs}
}

// open opens the contact from the list and feeds its addresses' answers in
// batches of the given sizes (the contact itself after the first), with a
// frame after each message, as Bubble Tea draws. It returns the screen.
func (b bigContact) open(a *App, batches []int) *contactScreen {
	cs := newContactScreen(a.s, b.contact.ID, b.listed)
	a.s.post(navMsg{to: a.stack[0], push: cs})
	a.drain() // the fetches it starts are never run
	benchSink = a.View()
	rest := b.addrs
	for i, n := range batches {
		n = min(n, len(rest))
		a.Update(addressesLoadedMsg{seq: cs.rec.seq, results: rest[:n]})
		benchSink = a.View()
		rest = rest[n:]
		if i == 0 {
			a.Update(contactLoadedMsg{seq: cs.rec.seq, contact: b.contact})
			benchSink = a.View()
		}
	}
	return cs
}

// randomBatches splits n answers into batches of 1 to 20.
func randomBatches(r *rand.Rand, n int) []int {
	var out []int
	for n > 0 {
		k := min(1+r.IntN(20), n)
		out = append(out, k)
		n -= k
	}
	return out
}

// Each address box is rendered once per change of that box: once while it
// loads, once when it arrives, however many frames are drawn meanwhile
// (spinner ticks included).
func TestEachBoxRendersOncePerChange(t *testing.T) {
	a, big := fetchBig(t, 300)
	cs := big.open(a, randomBatches(rand.New(rand.NewPCG(3, 4)), 300))
	if got := cs.rv.cache.version; got != 600 {
		t.Errorf("%d box renders for 300 addresses, want 600 (loading, then loaded)", got)
	}
	for range 5 {
		a.Update(spinner.TickMsg{ID: cs.spinner.ID()})
		benchSink = a.View()
	}
	if got := cs.rv.cache.version; got != 600 {
		t.Errorf("frames with nothing changed rendered %d boxes", got-600)
	}
	a.Update(keyMsg("tab"))
	benchSink = a.View()
	if got := cs.rv.cache.version; got != 601 {
		t.Errorf("moving the focus to the first box rendered %d boxes, want 1", got-600)
	}
	if view := a.View(); !strings.Contains(view, "Addresses (300)") || strings.Contains(view, "loading") {
		t.Errorf("the view is not complete:\n%s", view)
	}
}

// joinRow lays boxes out exactly as lipgloss joins them side by side
// (trailing blanks aside).
func TestJoinRowIsLipglossJoin(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	style := lipgloss.NewRenderer(nil).NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	for range 200 {
		boxW := 20 + r.IntN(40)
		n := 1 + r.IntN(3)
		var boxes []*cachedBox
		var rendered []string
		for range n {
			var lines []string
			for range 1 + r.IntN(6) {
				lines = append(lines, strings.Repeat("ab é", r.IntN(boxW/4)))
			}
			s := style.Width(boxW - 2).Render(strings.Join(lines, "\n"))
			rendered = append(rendered, lipgloss.NewStyle().Width(boxW+1).Render(s))
			ls := strings.Split(s, "\n")
			b := &cachedBox{lines: ls}
			for _, l := range ls {
				b.widths = append(b.widths, ansi.StringWidth(l))
			}
			boxes = append(boxes, b)
		}
		want := lipgloss.JoinHorizontal(lipgloss.Top, rendered...)
		if n == 1 {
			want = rendered[0]
		}
		got := joinRow(boxes, boxW+1, "  ")
		wl := strings.Split(want, "\n")
		if len(got) != len(wl) {
			t.Fatalf("%d lines, lipgloss has %d", len(got), len(wl))
		}
		for i := range got {
			if g, w := got[i], "  "+strings.TrimRight(wl[i], " "); g != w {
				t.Fatalf("line %d:\n got %q\nwant %q", i, g, w)
			}
		}
	}
}

// Beside the addresses, the fields get the room their values need: the
// long email is whole at 120 and 200 columns, and the boxes still fit.
func TestWideLayoutsShowValuesWhole(t *testing.T) {
	const email = "jose.mueller-luedenscheidt@mueller-soehne.de"
	for _, w := range []int{120, 200} {
		h := newHarness(t, withSize(w, 40), openAt(sandbox.ThreeAddressesContactID))
		h.expect("Leopoldstraße 12")
		view := h.finalView()
		if !strings.Contains(view, "Email          "+email) {
			t.Errorf("at %d columns the email is cut:\n%s", w, view)
		}
		for _, l := range strings.Split(view, "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("at %d columns a line is %d wide: %q", w, ansi.StringWidth(l), l)
			}
		}
	}
}

// Notes beside the fields ("who changed it, when") are drawn after the
// value when there is room, and not at all when there is none; there are
// none until they are given.
func TestFieldNotesShowWhereThereIsRoom(t *testing.T) {
	a, client := benchApp(t, sandbox.New(sandbox.Options{}))
	c, err := client.GetContact(context.Background(), sandbox.DocsContactID)
	if err != nil {
		t.Fatal(err)
	}
	cs := newContactScreen(a.s, c.ID, nil)
	a.s.post(navMsg{to: a.stack[0], push: cs})
	a.drain()
	a.Update(contactLoadedMsg{seq: cs.rec.seq, contact: c})
	if strings.Contains(ansi.Strip(a.View()), "alice") {
		t.Fatal("a note is shown before any was given")
	}
	a.Update(fieldNotesMsg{contactID: c.ID, notes: map[string]string{"email": "alice, 2 days ago", "phone": "bob, just now"}})
	view := ansi.Strip(a.View())
	for _, want := range []string{"jean.dupont@acme.com  alice, 2 days ago", "+33 6 12 34 56 78  bob, just now"} {
		if !strings.Contains(view, want) {
			t.Errorf("the view lacks %q:\n%s", want, view)
		}
	}
	a.Update(tea.WindowSizeMsg{Width: 40, Height: 30})
	if view := ansi.Strip(a.View()); strings.Contains(view, "alice") || !strings.Contains(view, "jean.dupont@acme.com") {
		t.Errorf("at 40 columns the note should give way to the value:\n%s", view)
	}
}
