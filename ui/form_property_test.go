package ui

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
)

// sandboxRecord is a record of the sandbox, as an edit that changes
// nothing yet; focus is where it is on its contact's screen (0: the
// contact, i+1: its address i).
type sandboxRecord struct {
	edit.Edit
	focus int
}

// sandboxRecords returns every record of the seeded sandbox, hostile ones
// included, as the client decodes them: each contact, and each address a
// contact lists.
func sandboxRecords(t *testing.T) []sandboxRecord {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return testNow }})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	client, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out []sandboxRecord
	for _, id := range sb.ContactIDs() {
		c, err := client.GetContact(ctx, id)
		if err != nil {
			t.Fatalf("contact %s does not open: %v", id, err)
		}
		out = append(out, sandboxRecord{edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: c.ID, ContactID: c.ID}, Base: c.Values(), After: api.Values{}}, 0})
		for i, r := range client.GetAddresses(ctx, c.AddressIDs) {
			if r.Err != nil {
				continue // the dangling address of the seed
			}
			out = append(out, sandboxRecord{edit.Edit{Target: edit.Target{Kind: api.KindAddress, ID: r.ID, ContactID: c.ID}, Base: r.Address.Values(), After: api.Values{}}, i + 1})
		}
	}
	return out
}

// formFor opens the form on an edit, as the contact screen does.
func formFor(e edit.Edit) *formScreen {
	s := newSession(Options{Writer: &edit.Writer{}, Renderer: plainRenderer(), Now: func() time.Time { return testNow }, Location: time.UTC})
	m := newFormScreen(s, &record{}, nil, e, e.Base, "record")
	m.setSize(100, 30)
	return m
}

func keysOf(names ...string) []tea.KeyMsg {
	out := make([]tea.KeyMsg, len(names))
	for i, n := range names {
		out[i] = keyMsg(n)
	}
	return out
}

func feed(m *formScreen, keys []tea.KeyMsg) {
	for _, k := range keys {
		m.update(k)
	}
}

// visitAll goes once round the form with tab and with shift+tab, ending on
// the first field.
func visitAll(m *formScreen) {
	n := 0
	for _, r := range m.rows {
		if r.editable() {
			n++
		}
	}
	for range n {
		feed(m, keysOf("tab"))
	}
	for range n {
		feed(m, keysOf("shift+tab"))
	}
}

// changeKeys returns the keys that change the focused row, and the value
// it then holds.
func changeKeys(r *formRow, i int) ([]tea.KeyMsg, api.Value) {
	f := r.field
	switch {
	case r.list != nil: // unselect the first role, or select it
		sel := map[string]bool{}
		for _, x := range *r.list {
			sel[x] = true
		}
		sel[r.options[0]] = !sel[r.options[0]]
		var want []string
		for _, o := range r.options {
			if sel[o] {
				want = append(want, o)
			}
		}
		return keysOf("x"), api.List(want...)
	case r.text != nil && len(f.Choices) > 0: // the next choice
		next := f.Choices[0]
		if *r.text == next {
			next = f.Choices[1]
		}
		return keysOf("right"), api.String(next)
	}
	value := fmt.Sprintf("Changed %d", i)
	switch {
	case f.Format != nil && f.Hint != nil: // a country
		value = "NO"
		if *r.text == value {
			value = "SE"
		}
	case f.Format != nil:
		value = fmt.Sprintf("changed.%d@example.com", i)
	}
	keys := keysOf("ctrl+u")
	for _, c := range value {
		keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
	}
	return keys, api.String(value)
}

// TestTheFormHoldsExactlyTheRecord is the property over every record of
// the sandbox: visiting every field and submitting changes nothing;
// visiting every field, then changing one, changes exactly that one, to
// the value typed.
func TestTheFormHoldsExactlyTheRecord(t *testing.T) {
	records := sandboxRecords(t)
	fields := 0
	for _, rec := range records {
		e := rec.Edit
		m := formFor(e)
		visitAll(m)
		if ch := m.current().Changes(); len(ch) != 0 {
			t.Errorf("%s %s: visiting every field changed %v", e.Kind, e.ID, ch)
		}
		for i, r := range m.rows {
			if !r.editable() {
				if !e.Base[r.field.Name].IsRaw() {
					t.Errorf("%s %s: %s is read-only but holds %v", e.Kind, e.ID, r.field.Name, e.Base[r.field.Name])
				}
				continue
			}
			fields++
			m := formFor(e)
			visitAll(m)
			for m.rows[m.focus] != m.rows[i] {
				feed(m, keysOf("tab"))
			}
			keys, want := changeKeys(m.rows[i], i)
			feed(m, keys)
			visitAll(m)
			m.view()
			ch := m.current().Changes()
			if len(ch) != 1 || ch[0].Field != r.field.Name || !ch[0].After.Equal(want) {
				t.Errorf("%s %s: changing %s gave %v, want only %s = %v", e.Kind, e.ID, r.field.Name, ch, r.field.Name, want)
			}
		}
	}
	if len(records) < 40 || fields < 300 {
		t.Errorf("only %d records, %d fields tried: the sandbox changed", len(records), fields)
	}
}

// TestEveryRecordSavesExactlyTheFieldChanged runs the same property end to
// end, with real keys against the sandbox, on every record in turn (the
// field changed goes round the record's fields): visiting every field and
// submitting sends nothing; visiting every field and changing one sends
// exactly that field.
func TestEveryRecordSavesExactlyTheFieldChanged(t *testing.T) {
	records := sandboxRecords(t)
	h := newHarness(t, withSize(120, 40))
	h.expect("contacts searchable")
	opened := ""
	for n, rec := range records {
		if rec.ContactID != opened {
			if opened != "" {
				h.press("o")
				h.expect("Open a contact")
			}
			h.tm.Send(keyPaste(rec.ContactID))
			h.press("enter")
			h.expect("contact " + rec.ContactID)
			opened = rec.ContactID
			h.expect("Addresses (")
		}
		m := formFor(rec.Edit)
		var editable []int
		for i, r := range m.rows {
			if r.editable() && !(r.list != nil && len(r.options) > len(r.field.Choices)) { // roles with an unknown one cannot be saved changed
				editable = append(editable, i)
			}
		}
		openForm := func() {
			t.Helper()
			for try := 0; ; try++ {
				h.press("e")
				if waitFor(h, "Edit "+string(rec.Kind), "This address is still loading", "The contact is still loading") == "Edit "+string(rec.Kind) {
					return
				}
				if try == 50 {
					t.Fatalf("%s %s: the form never opened", rec.Kind, rec.ID)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		for range rec.focus {
			h.press("tab")
		}
		openForm()
		visit := func() {
			for _, k := range [2]string{"tab", "shift+tab"} {
				for range len(editable) + 1 {
					h.tm.Send(keyMsg(k))
				}
			}
		}
		visit()
		h.press("ctrl+s")
		h.expect(nothingToSaveWords)
		before := len(h.patches())

		openForm()
		visit()
		k := editable[n%len(editable)]
		for m.rows[m.focus] != m.rows[k] {
			feed(m, keysOf("tab"))
			h.tm.Send(keyMsg("tab"))
		}
		keys, want := changeKeys(m.rows[k], n)
		for _, key := range keys {
			h.tm.Send(key)
		}
		visit()
		h.press("ctrl+s")
		h.send()
		name := m.rows[k].field.Name
		h.expect("✓ Saved " + name + ".")
		wantJSON, _ := want.MarshalJSON()
		got := h.patches()[before:]
		path := "/contacts/"
		if rec.Kind == api.KindAddress {
			path = "/addresses/"
		}
		if len(got) != 1 || got[0] != "PATCH "+path+rec.ID+` {"`+name+`":`+string(wantJSON)+`}` {
			t.Errorf("%s %s: PATCHes %q, want only %s = %s", rec.Kind, rec.ID, got, name, wantJSON)
		}
		for range rec.focus { // back to the contact itself
			h.press("shift+tab")
		}
	}
}

// waitFor waits until the output since the last key shows one of texts,
// and returns it.
func waitFor(h *harness, texts ...string) string {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.read()
		h.mu.Lock()
		seen := h.seen.String()[h.mark:]
		h.mu.Unlock()
		for _, text := range texts {
			if strings.Contains(seen, text) {
				return text
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t.Fatalf("the screen showed none of %q; output since the last key:\n%s", texts, h.seen.String()[h.mark:])
	return ""
}
