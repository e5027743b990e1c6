package ui

import (
	"math/rand/v2"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// The keystroke fuzzer's steps: which keys it presses where, and the
// changes it makes behind the app's back.

// step is one thing the fuzzer does: keys, or a change behind the app's
// back.
type step struct {
	label string
	do    func(*fuzzWatch, *harness)
}

// weighted is a key and how often it is picked.
type weighted struct {
	key    string
	weight int
}

// everyKey is the fuzzer's whole alphabet, each key rare; where adds the
// keys that matter on each screen, so that sequences go deep.
var everyKey = []weighted{
	{"enter", 3}, {"tab", 3}, {"shift+tab", 2}, {"esc", 3}, {"up", 2}, {"down", 2}, {"left", 1}, {"right", 1},
	{"ctrl+s", 2}, {"y", 3}, {"n", 1}, {"e", 2}, {"u", 1}, {"h", 1}, {"r", 1}, {"q", 1}, {"?", 1}, {"R", 1}, {"D", 1},
	{"space", 1}, {"backspace", 1}, {"ctrl+u", 1}, {"x", 1}, {"o", 1}, {"t", 1}, {"m", 1}, {"f", 1}, {"a", 1}, {"c", 1},
	{"letter", 6}, {"digit", 3},
}

var where = map[string][]weighted{
	"lookup":   {{"paste", 12}, {"enter", 8}, {"down", 4}, {"up", 2}},
	"contact":  {{"e", 14}, {"tab", 5}, {"down", 2}, {"R", 3}, {"D", 1}, {"u", 3}, {"h", 3}, {"r", 2}},
	"history":  {{"down", 4}, {"up", 2}, {"u", 6}, {"esc", 3}},
	"edit":     {{"letter", 14}, {"digit", 6}, {"tab", 8}, {"enter", 4}, {"ctrl+u", 3}, {"x", 3}, {"right", 2}, {"ctrl+s", 8}, {"backspace", 2}, {"carry", 3}},
	"review":   {{"y", 16}, {"enter", 4}, {"tab", 3}, {"esc", 3}, {"someone", 8}, {"fails", 3}},
	"conflict": {{"t", 5}, {"m", 5}, {"f", 5}, {"esc", 3}},
	"question": {{"y", 6}, {"n", 6}},
}

func pick(r *rand.Rand, keys []weighted) string {
	total := 0
	for _, k := range keys {
		total += k.weight
	}
	n := r.IntN(total)
	for _, k := range keys {
		if n < k.weight {
			return k.key
		}
		n -= k.weight
	}
	return keys[0].key
}

// randomKey picks a key for the screen at hand, or any key.
func randomKey(r *rand.Rand, at string) string {
	k := pick(r, everyKey)
	if ks, ok := where[at]; ok && r.IntN(3) > 0 {
		k = pick(r, ks)
	}
	switch k {
	case "letter":
		return string(rune('a' + r.IntN(26)))
	case "digit":
		return string(rune('0' + r.IntN(10)))
	}
	return k
}

// randomStep picks what to do next, for the screen at hand (at).
func randomStep(r *rand.Rand, ids []string, at string) step {
	k := randomKey(r, at)
	switch {
	case k == "paste" || r.IntN(100) < 2:
		text := ids[r.IntN(len(ids))]
		return step{"paste:" + text, func(w *fuzzWatch, h *harness) { w.sendMsg(h, keyPaste(text)) }}
	case r.IntN(100) < 3:
		keys := make([]string, 2+r.IntN(4))
		for i := range keys {
			keys[i] = strings.NewReplacer("someone", "y", "fails", "enter", "carry", "ctrl+s").Replace(randomKey(r, at))
		}
		return step{"burst:" + strings.Join(keys, ","), func(w *fuzzWatch, h *harness) { w.send(h, keys...) }}
	case k == "carry": // keys typed on, into the review, as it opens
		keys := []string{"ctrl+s"}
		for range 1 + r.IntN(3) {
			keys = append(keys, [...]string{"y", "enter", "y", "tab"}[r.IntN(4)])
		}
		return step{"burst:" + strings.Join(keys, ","), func(w *fuzzWatch, h *harness) { w.send(h, keys...) }}
	case k == "someone":
		return step{"someone-else-changes-them", func(w *fuzzWatch, h *harness) { w.someoneElse(h.sb) }}
	case k == "fails":
		return step{"next-patch-fails", func(_ *fuzzWatch, h *harness) {
			h.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 503, Times: 1})
		}}
	case k == "paste":
		k = "enter"
	}
	return step{k, func(w *fuzzWatch, h *harness) { w.send(h, k) }}
}

// stepOf turns a recorded step back into the step.
func stepOf(label string) step {
	switch {
	case strings.HasPrefix(label, "paste:"):
		text := strings.TrimPrefix(label, "paste:")
		return step{label, func(w *fuzzWatch, h *harness) { w.sendMsg(h, keyPaste(text)) }}
	case strings.HasPrefix(label, "burst:"):
		keys := strings.Split(strings.TrimPrefix(label, "burst:"), ",")
		return step{label, func(w *fuzzWatch, h *harness) { w.send(h, keys...) }}
	case label == "someone-else-changes-them":
		return step{label, func(w *fuzzWatch, h *harness) { w.someoneElse(h.sb) }}
	case label == "next-patch-fails":
		return step{label, func(_ *fuzzWatch, h *harness) {
			h.sb.InjectFault(sandbox.Fault{Method: "PATCH", Status: 503, Times: 1})
		}}
	}
	return step{label, func(w *fuzzWatch, h *harness) { w.send(h, label) }}
}

// someoneElse changes, on the server, the fields the edit on the review
// changes: the save that follows meets a conflict.
func (w *fuzzWatch) someoneElse(sb *sandbox.Server) {
	w.mu.Lock()
	e := w.reviewing
	w.mu.Unlock()
	if e == nil {
		return
	}
	str := func(p **string) { s := "Someone else"; *p = &s }
	if e.Kind == api.KindContact {
		_ = sb.EditContact(e.ID, func(c *sandbox.Contact) {
			for f := range e.After {
				delete(c.Wire, f)
				switch f {
				case "first_name":
					c.FirstName = "Someone"
				case "last_name":
					c.LastName = "Else"
				case "email":
					c.Email = "someone@else.example"
				case "phone":
					str(&c.Phone)
				case "role":
					c.Role = []string{"admin"}
				case "id_crm":
					str(&c.IDCRM)
				case "id_erp":
					str(&c.IDERP)
				case "id_accounting":
					str(&c.IDAccounting)
				}
			}
		})
		return
	}
	_ = sb.EditAddress(e.ID, func(a *sandbox.Address) {
		for f := range e.After {
			delete(a.Wire, f)
			switch f {
			case "type":
				a.Type = map[string]string{"billing": "shipping"}[a.Type]
				if a.Type == "" {
					a.Type = "billing"
				}
			case "name":
				str(&a.Name)
			case "address_line1":
				a.AddressLine1 = "Someone else"
			case "address_line2":
				str(&a.AddressLine2)
			case "city":
				a.City = "Someone else"
			case "state":
				str(&a.State)
			case "postal_code":
				a.PostalCode = "00000"
			case "country":
				a.Country = "IT"
			case "comment":
				str(&a.Comment)
			case "id_crm":
				str(&a.IDCRM)
			case "id_erp":
				str(&a.IDERP)
			case "id_accounting":
				str(&a.IDAccounting)
			}
		}
	})
}
