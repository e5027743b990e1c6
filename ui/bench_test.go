package ui

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
)

// The benchmarks render as the app does in a 200x60 xterm-256color
// terminal: 256 colours, dark background.

var benchSink string

func benchRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	return r
}

// benchApp returns the app at 200x60, talking to a sandbox through the
// real client (its requests are never run: benchmarks feed the answers).
func benchApp(tb testing.TB, sb *sandbox.Server) (*App, *api.Client) {
	tb.Helper()
	srv := httptest.NewServer(sb)
	tb.Cleanup(srv.Close)
	client, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		tb.Fatal(err)
	}
	a := New(Options{
		API: client, Writer: &edit.Writer{API: client, BaseURL: client.BaseURL()},
		Profile: "bench", Label: "bench", Renderer: benchRenderer(),
		Now: func() time.Time { return testNow }, Location: time.UTC,
	})
	a.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	return a, client
}

// tenAddresses fetches the ten-address contact, its addresses and customer.
type tenAddresses struct {
	contact  *api.Contact
	addrs    []api.AddressResult
	customer *api.Customer
}

func fetchTen(tb testing.TB, client *api.Client) tenAddresses {
	tb.Helper()
	ctx := context.Background()
	c, err := client.GetContact(ctx, sandbox.TenAddressesContactID)
	if err != nil {
		tb.Fatal(err)
	}
	cust, err := client.GetCustomer(ctx, c.CustomerID)
	if err != nil {
		tb.Fatal(err)
	}
	addrs := client.GetAddresses(ctx, c.AddressIDs)
	for _, a := range addrs {
		if a.Err != nil {
			tb.Fatal(a.Err)
		}
	}
	return tenAddresses{c, addrs, cust}
}

// load opens the contact and feeds the answers that follow Enter, one
// message at a time, drawing a frame after each as Bubble Tea does. It
// returns the contact screen.
func (t tenAddresses) load(a *App) *contactScreen {
	cs := newContactScreen(a.s, t.contact.ID, nil)
	a.s.post(navMsg{to: a.stack[0], push: cs})
	a.drain() // the fetch it starts is never run
	benchSink = a.View()
	a.Update(contactLoadedMsg{seq: cs.rec.seq, contact: t.contact})
	benchSink = a.View()
	for _, r := range t.addrs {
		a.Update(addressesLoadedMsg{seq: cs.rec.seq, results: []api.AddressResult{r}})
		benchSink = a.View()
	}
	a.Update(customerLoadedMsg{seq: cs.rec.seq, id: t.customer.ID, customer: t.customer})
	benchSink = a.View()
	return cs
}

// BenchmarkContactView renders the contact view with ten addresses: the
// first render (after a change), and View when nothing changed.
func BenchmarkContactView(b *testing.B) {
	a, client := benchApp(b, sandbox.New(sandbox.Options{}))
	ten := fetchTen(b, client)
	cs := ten.load(a)
	b.Run("first-render/app", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cs.dirty = true
			benchSink = a.View()
		}
	})
	b.Run("first-render/screen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cs.dirty = true
			benchSink = cs.view()
		}
	})
	b.Run("cached/app", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchSink = a.View()
		}
	})
	b.Run("cached/screen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchSink = cs.view()
		}
	})
}

// BenchmarkContactLoad is the UI's own work from Enter to the complete
// view: 13 messages (open, contact, 10 addresses, customer), each followed
// by a frame. Network time is not included.
func BenchmarkContactLoad(b *testing.B) {
	a, client := benchApp(b, sandbox.New(sandbox.Options{}))
	ten := fetchTen(b, client)
	b.ReportAllocs()
	for b.Loop() {
		ten.load(a)
	}
}

// fiftyK returns the sandbox's contacts with 50,000 synthetic ones, decoded
// as the client decodes a list.
func fiftyK(tb testing.TB) []api.Contact {
	tb.Helper()
	sb := sandbox.New(sandbox.Options{})
	sb.AddSyntheticContacts(50_000, "bench")
	req := httptest.NewRequest(http.MethodGet, "/api/contacts", nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, req)
	data, e := api.DecodeResponse(w.Code, w.Header(), w.Body.Bytes())
	if e != nil {
		tb.Fatal(e)
	}
	var out []api.Contact
	if err := json.Unmarshal(data, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkSearchIndexBuild builds the index of 50,000 contacts.
func BenchmarkSearchIndexBuild(b *testing.B) {
	cs := fiftyK(b)
	b.ReportAllocs()
	for b.Loop() {
		if ix := newSearchIndex(cs); ix.Len() != len(cs) {
			b.Fatal(ix.Len())
		}
	}
}

// BenchmarkSearchFilter filters 50,000 contacts for realistic queries, with
// the limit the lookup screen uses at 60 rows.
func BenchmarkSearchFilter(b *testing.B) {
	cs := fiftyK(b)
	ix := newSearchIndex(cs)
	last := cs[len(cs)-1]
	for _, q := range []struct{ name, query string }{
		{"one-letter", "k"},
		{"name", "kowal"},
		{"two-words", "katarzyna kowal"},
		{"email", "katarzyna.kowalski.4"},
		{"phone", "6 42 1"},
		{"uuid-prefix", last.ID[:8]},
		{"no-match", "zzzzzz"},
	} {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			var total int
			for b.Loop() {
				total = len(ix.Match(parseQuery(q.query), nil))
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkLookupKeystroke types a query one key at a time on the lookup
// screen over 50,000 contacts, with a frame after each key (what a
// keystroke costs the UI goroutine), then clears it.
func BenchmarkLookupKeystroke(b *testing.B) {
	const query = "katarzyna.kowalski"
	a, _ := benchApp(b, sandbox.New(sandbox.Options{}))
	a.Update(contactsListedMsg{index: newSearchIndex(fiftyK(b))})
	benchSink = a.View()
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range query {
			a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			benchSink = a.View()
		}
		a.Update(tea.KeyMsg{Type: tea.KeyEsc})
		benchSink = a.View()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(len(query)+1)), "ns/key")
}

// BenchmarkFormKeystroke types one letter into the phone field of the
// contact form and draws the frame, as each keystroke does.
func BenchmarkFormKeystroke(b *testing.B) {
	sb := sandbox.New(sandbox.Options{})
	a, client := benchApp(b, sb)
	ten := fetchTen(b, client)
	ten.load(a)
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	if _, ok := a.top().(*formScreen); !ok {
		b.Fatal("the form did not open")
	}
	benchSink = a.View()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		r := rune('0' + i%10)
		a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		benchSink = a.View()
	}
}

// BenchmarkContactView300 is the UI's own work for a contact with 300
// addresses, opened from the list: every answer, each followed by a frame.
// one-by-one feeds the answers one message each (no coalescing: the worst
// case); batches feeds them as they come on a slow link, about a dozen at
// a time. cached is a frame when nothing changed.
func BenchmarkContactView300(b *testing.B) {
	a, big := fetchBig(b, 300)
	ones := make([]int, 300)
	for i := range ones {
		ones[i] = 1
	}
	twelves := make([]int, 25)
	for i := range twelves {
		twelves[i] = 12
	}
	b.Run("one-by-one", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			big.open(a, ones)
		}
	})
	b.Run("batches", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			big.open(a, twelves)
		}
	})
	cs := big.open(a, twelves)
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchSink = a.View()
		}
	})
	b.Run("scroll", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.Update(keyMsg("tab"))
			benchSink = a.View()
		}
	})
	_ = cs
}
