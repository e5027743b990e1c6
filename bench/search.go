package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/ui"
)

// The search keystroke rows measure the filtering itself: the app's own
// Update and View for each key on the lookup screen, in this process, over
// the index the app builds from the sandbox's list. (In a terminal, a key
// also waits for the next of Bubble Tea's 120 frames a second, up to
// 8.3 ms, whatever the filtering costs.)

// fixedIndex is a ui.Contacts that holds one index.
type fixedIndex struct{ x *ui.ContactIndex }

func (f fixedIndex) Index(context.Context) (*ui.ContactIndex, error) { return f.x, nil }
func (f fixedIndex) Latest() *ui.ContactIndex                        { return f.x }
func (f fixedIndex) Saved(*api.Contact)                              {}

// searchApp is the app on its lookup screen over sb's contacts, 200x60,
// painting as in a 256-colour terminal.
func searchApp(sb *sandboxServer) (*ui.App, int, error) {
	client, err := api.New(api.Options{BaseURL: sb.base, Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		return nil, 0, err
	}
	x, err := ui.BuildContactIndex(context.Background(), client)
	if err != nil {
		return nil, 0, err
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(true)
	a := ui.New(ui.Options{API: client, Contacts: fixedIndex{x}, Renderer: r, Profile: "bench"})
	a.Update(tea.WindowSizeMsg{Width: termCols, Height: termRows})
	msgs := make(chan tea.Msg, 64)
	var run func(tea.Cmd)
	run = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() { msgs <- cmd() }()
	}
	run(a.Init())
	want := fmt.Sprintf("%d contacts searchable", x.Len())
	deadline := time.After(10 * time.Second)
	for !strings.Contains(a.View(), want) {
		select {
		case m := <-msgs:
			if batch, ok := m.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				continue
			}
			if m != nil {
				_, cmd := a.Update(m)
				run(cmd)
			}
		case <-deadline:
			return nil, 0, fmt.Errorf("the lookup never said %q", want)
		}
	}
	return a, x.Len(), nil
}

// searchKeys types searchQuery one key at a time, runs times, and returns
// each key's Update + View in ms.
func searchKeys(a *ui.App, runs int) []float64 {
	var out []float64
	for range runs {
		for _, c := range searchQuery {
			start := time.Now()
			a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
			_ = a.View()
			out = append(out, ms(time.Since(start)))
		}
		a.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
		_ = a.View()
	}
	return out
}

// searchRow adds the filtering row for sb's contacts; judged is the
// budget's verdict applies (50,000 contacts).
func (b *bench) searchRow(sb *sandboxServer, size string, judged bool) {
	name := fmt.Sprintf("Search keystroke, the filtering itself (Update + View), %s contacts (%q, %d keys/run)", size, searchQuery, len(searchQuery))
	a, n, err := searchApp(sb)
	if err != nil {
		b.rep.errorRow(name, "each < 16 ms", err)
		return
	}
	keys := searchKeys(a, b.runs)
	result, budget := info, "(info)"
	if judged {
		result, budget = verdict(maxOf(keys) < 16), "each < 16 ms"
	}
	b.rep.add(name, fmtMS(median(keys)), fmtMS(p99(keys)), budget, result)
	b.rep.note("%s: over the index of %d contacts the app builds, in the bench's process; the slowest key took %s.", name, n, fmtMS(maxOf(keys)))
}
