package ui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
)

// The keystroke fuzzer drives the real app (teatest, against the sandbox
// through httptest, hostile records included) with seeded random key
// sequences across every screen, and checks after each step:
//
//   - no PATCH carried a field equal to its value on the server (nor one
//     the server holds in a shape the form shows read-only);
//   - no PATCH went out without a y pressed while the review offered it;
//   - nothing panicked;
//   - at the end, esc leaves every screen (answering its question) and
//     ctrl+c quits.
//
// Each step waits until the app is still (no command under way but the
// retry listener, every message they returned handled), so a sequence
// replays the same way. Bursts send a few keys without waiting, as a paste
// or an SSH packet does. A failing sequence is printed as one JSON line:
// kept in testdata/keyfuzz/sequences.jsonl, it runs first, every time.

// fuzzSequences is how many random sequences run (QWOTY_KEYFUZZ overrides
// it, for a longer hunt).
const fuzzSequences = 300

// fuzzSteps is how long each sequence is.
const fuzzSteps = 40

func TestKeystrokeFuzzer(t *testing.T) {
	n := fuzzSequences
	if v, err := strconv.Atoi(os.Getenv("QWOTY_KEYFUZZ")); err == nil && v > 0 {
		n = v
	}
	ids := fuzzIDs()
	var total fuzzTotals
	kept := regressions(t)
	for i, seq := range kept {
		if !runSequence(t, seq, nil, &total) {
			t.Fatalf("kept sequence %d of testdata/keyfuzz/sequences.jsonl failed again (see above)", i+1)
		}
	}
	for i := range n {
		seq, r := randomSequence(uint64(i+1), ids)
		if !runSequence(t, seq, r, &total) {
			t.Fatalf("seed %d failed (see above); keep it: add its line to ui/testdata/keyfuzz/sequences.jsonl", i+1)
		}
	}
	t.Logf("%d sequences: %d keys on the lookup, %d on a contact, %d in a form, %d on a review, %d on a conflict; %d confirmations, %d PATCHes",
		len(kept)+n, total.keys["lookup"], total.keys["contact"], total.keys["edit"], total.keys["review"], total.keys["conflict"], total.confirmed, total.patches)
	// The sequences must reach every screen and send, or they test little.
	for _, where := range []string{"lookup", "contact", "edit", "review", "conflict"} {
		if total.keys[where] < 10 {
			t.Errorf("only %d keys reached the %s screen", total.keys[where], where)
		}
	}
	if total.patches < 20 {
		t.Errorf("only %d PATCHes were sent", total.patches)
	}
}

// sequence is what one run does: where the app starts (a contact's id, or
// "" for the lookup) and its steps. Kept sequences replay exactly, however
// the generator changes later.
type sequence struct {
	Note  string   `json:"note,omitempty"` // what it once found
	Seed  uint64   `json:"seed,omitempty"`
	Open  string   `json:"open"`
	Steps []string `json:"steps"`
}

// regressions reads the sequences kept because they once failed.
func regressions(t *testing.T) []sequence {
	f, err := os.Open("testdata/keyfuzz/sequences.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sequence
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var seq sequence
		if err := json.Unmarshal([]byte(line), &seq); err != nil {
			t.Fatalf("sequences.jsonl: %v in %q", err, line)
		}
		out = append(out, seq)
	}
	return out
}

// randomSequence starts a seed's sequence: where it starts, and the
// random source its steps are drawn from as it runs (each depends on the
// screen the last one reached).
func randomSequence(seed uint64, ids []string) (sequence, *rand.Rand) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	seq := sequence{Seed: seed}
	if r.IntN(2) == 0 { // start on a contact half of the time
		seq.Open = ids[r.IntN(len(ids))]
	}
	return seq, r
}

// fuzzTotals add up what the sequences did.
type fuzzTotals struct {
	keys               map[string]int // keys pressed, by screen
	confirmed, patches int
}

// fuzzIDs are the texts pasted into the lookup: every contact's id, in the
// forms the id rule reads, and ids it refuses.
func fuzzIDs() []string {
	sb := sandbox.New(sandbox.Options{})
	var out []string
	for _, id := range sb.ContactIDs() {
		out = append(out, id)
	}
	docs := sandbox.DocsContactID
	return append(out,
		strings.ToUpper(sandbox.UnknownRoleContactID), "{"+sandbox.PhoneNumberContactID+"}",
		"urn:uuid:"+sandbox.UpperAddressContactID, strings.ReplaceAll(sandbox.ReplacementContactID, "-", ""),
		docs[:13], docs[:35]+"Z", "  "+docs+" ", "0000dead-beef")
}

// runSequence runs a sequence: its kept steps, or, with r, steps drawn
// from r as it goes (recorded, to be kept if it fails). It reports whether
// every check held.
func runSequence(t *testing.T, seq sequence, r *rand.Rand, total *fuzzTotals) (ok bool) {
	t.Helper()
	w := &fuzzWatch{keys: map[string]int{}}
	defer w.addTo(total)
	h := startHarness(t, withSize(100, 30), rig{
		track:   w.track,
		handler: func(next http.Handler) http.Handler { return w.server(next.(*sandbox.Server)) },
		model:   func(a *App, g *Guard) tea.Model { return &fuzzModel{app: a, g: g, w: w} },
	}, func(o *Options, _ *sandbox.Server) {
		o.AutosaveDelay, o.ConfirmDelay, o.SpinnerFrame = time.Millisecond, time.Millisecond, time.Millisecond
		o.OpenID = seq.Open
	})
	ids := fuzzIDs()
	defer func() {
		if !ok {
			line, _ := json.Marshal(seq)
			t.Logf("the sequence: %s", line)
		}
	}()
	if !w.settle(t, h, "the start") {
		return false
	}
	for i := 0; r != nil && i < fuzzSteps || r == nil && i < len(seq.Steps); i++ {
		var st step
		if r != nil {
			st = randomStep(r, ids, w.at())
			seq.Steps = append(seq.Steps, st.label)
		} else {
			st = stepOf(seq.Steps[i])
		}
		st.do(w, h)
		if !w.settle(t, h, fmt.Sprintf("step %d (%s)", i, st.label)) || !w.healthy(t, h, i) {
			return false
		}
		if w.quit() {
			return true // q quit: the app answered
		}
	}
	return w.leaveAndQuit(t, h)
}

// addTo adds what the sequence did to the totals.
func (w *fuzzWatch) addTo(total *fuzzTotals) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if total.keys == nil {
		total.keys = map[string]int{}
	}
	for k, n := range w.keys {
		total.keys[k] += n
	}
	total.confirmed += w.confirmed
	total.patches += w.patches
}

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
	{"ctrl+s", 2}, {"y", 3}, {"n", 1}, {"e", 2}, {"u", 1}, {"r", 1}, {"q", 1}, {"?", 1}, {"R", 1}, {"D", 1},
	{"space", 1}, {"backspace", 1}, {"ctrl+u", 1}, {"x", 1}, {"o", 1}, {"t", 1}, {"m", 1}, {"f", 1}, {"a", 1}, {"c", 1},
	{"letter", 6}, {"digit", 3},
}

var where = map[string][]weighted{
	"lookup":   {{"paste", 12}, {"enter", 8}, {"down", 4}, {"up", 2}},
	"contact":  {{"e", 14}, {"tab", 5}, {"down", 2}, {"R", 3}, {"D", 1}, {"u", 3}, {"r", 2}},
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

// fuzzWatch counts what the app does: to know when it is still, and to
// check the invariants.
type fuzzWatch struct {
	mu                 sync.Mutex
	inflight           int // commands under way
	produced, consumed int // messages commands returned; how many the app took
	keysSent, keysSeen int
	quitting           bool
	confirmed, patches int
	problems           []string
	keys               map[string]int // keys pressed, by screen
	where              string         // the screen on top, as the last message left it
	reviewing          *edit.Edit     // the edit on the review on top, if any
}

func (w *fuzzWatch) at() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.where
}

// track is a layer of the app's command chain: it counts each command from
// the moment it is made until it returns.
func (w *fuzzWatch) track(cmd tea.Cmd) tea.Cmd {
	w.mu.Lock()
	w.inflight++
	w.mu.Unlock()
	return func() tea.Msg {
		msg := cmd()
		w.mu.Lock()
		defer w.mu.Unlock()
		w.inflight--
		switch msg.(type) {
		case nil, tea.BatchMsg:
		case tea.QuitMsg:
			w.quitting = true
		default:
			if reflect.TypeOf(msg) != sequenceType {
				w.produced++
			}
		}
		return msg
	}
}

func (w *fuzzWatch) quit() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.quitting
}

// still reports whether nothing is under way but the retry listener, and
// every message sent or returned was handled.
func (w *fuzzWatch) still() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.quitting || (w.inflight <= 1 && w.produced == w.consumed && w.keysSent == w.keysSeen)
}

// settle waits until the app is still.
func (w *fuzzWatch) settle(t *testing.T, h *harness, after string) bool {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !w.still() {
		if time.Now().After(deadline) {
			w.mu.Lock()
			t.Errorf("the app never came to rest after %s: %d commands under way, %d of %d messages and %d of %d keys handled",
				after, w.inflight, w.consumed, w.produced, w.keysSeen, w.keysSent)
			w.mu.Unlock()
			return false
		}
		time.Sleep(200 * time.Microsecond)
	}
	return true
}

// healthy reports the problems the checks found.
func (w *fuzzWatch) healthy(t *testing.T, h *harness, i int) bool {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("after step %d: %s", i, p)
	}
	if crash := h.guard.CrashReport(); crash != "" {
		report, _ := os.ReadFile(crash)
		t.Errorf("after step %d the app crashed:\n%s", i, report)
	}
	return len(w.problems) == 0 && h.guard.CrashReport() == ""
}

// server checks every PATCH before the sandbox sees it.
func (w *fuzzWatch) server(sb *sandbox.Server) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			w.checkPatch(sb, r.URL.Path, body)
		}
		sb.ServeHTTP(rw, r)
	})
}

func (w *fuzzWatch) checkPatch(sb *sandbox.Server, path string, body []byte) {
	problem := func(format string, args ...any) {
		w.mu.Lock()
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
		w.mu.Unlock()
	}
	w.mu.Lock()
	w.patches++
	if w.patches > w.confirmed {
		w.problems = append(w.problems, fmt.Sprintf("PATCH %s %s went out without a confirmation on the review (%d PATCHes, %d confirmations)", path, body, w.patches, w.confirmed))
	}
	w.mu.Unlock()
	current := serverValues(sb, path)
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		problem("PATCH %s: body %q is not an object", path, body)
		return
	}
	for name, raw := range fields {
		var v api.Value
		_ = json.Unmarshal(raw, &v)
		cur, ok := current[name]
		switch {
		case ok && cur.IsRaw():
			problem("PATCH %s sent %s, which the server holds as received (%s): the form shows it read-only", path, name, cur.Text())
		case ok && v.Equal(cur):
			problem("PATCH %s sent %s = %s, the value it already had", path, name, raw)
		}
	}
}

// serverValues reads a record as the app would, straight from the
// sandbox.
func serverValues(sb *sandbox.Server, path string) api.Values {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	rec := httptest.NewRecorder()
	sb.ServeHTTP(rec, req)
	data, e := api.DecodeResponse(rec.Code, rec.Header(), rec.Body.Bytes())
	if e != nil {
		return nil
	}
	if strings.Contains(path, "/addresses/") {
		var a api.Address
		if json.Unmarshal(data, &a) != nil {
			return nil
		}
		return a.Values()
	}
	var c api.Contact
	if json.Unmarshal(data, &c) != nil {
		return nil
	}
	return c.Values()
}

// fuzzModel sits around the guarded app: it counts the messages the app
// takes, notes each y pressed while the review offers it, and answers
// probes with the app's state.
type fuzzModel struct {
	app *App
	g   *Guard
	w   *fuzzWatch
}

// probeMsg asks for a snapshot of the app, taken between two messages.
type probeMsg struct{ reply chan snapshot }

type snapshot struct {
	view   string
	depth  int
	asking bool
}

func (m *fuzzModel) Init() tea.Cmd { return m.g.Init() }

// where names the screen on top: lookup, contact, edit, review, conflict,
// or question.
func (m *fuzzModel) where() string {
	if m.app.asking != nil {
		return "question"
	}
	crumb := m.app.top().crumb()
	switch i := strings.LastIndex(crumb, " › "); {
	case crumb == "":
		return "lookup"
	case i >= 0 && !strings.Contains(crumb[i:], "restored"):
		return crumb[i+len(" › "):]
	}
	return "contact"
}
func (m *fuzzModel) View() string { return m.g.View() }

func (m *fuzzModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(probeMsg); ok {
		p.reply <- snapshot{view: m.g.View(), depth: len(m.app.stack), asking: m.app.asking != nil}
		return m, nil
	}
	k, isKey := msg.(tea.KeyMsg)
	if isKey {
		where := m.where()
		confirms := k.String() == "y" && m.app.asking == nil && strings.Contains(m.g.View(), "Press y to send")
		m.w.mu.Lock()
		m.w.keys[where]++
		if confirms {
			m.w.confirmed++
		}
		m.w.mu.Unlock()
	}
	_, cmd := m.g.Update(msg)
	where := m.where()
	var reviewing *edit.Edit
	if rv, ok := m.app.top().(*reviewScreen); ok {
		e := rv.edit
		reviewing = &e
	}
	m.w.mu.Lock()
	m.w.where, m.w.reviewing = where, reviewing
	switch msg.(type) {
	case tea.KeyMsg:
		m.w.keysSeen++
	case tea.WindowSizeMsg:
	default:
		m.w.consumed++
	}
	m.w.mu.Unlock()
	return m, cmd
}

// send sends keys, counted so that settle waits for them.
func (w *fuzzWatch) send(h *harness, keys ...string) {
	for _, k := range keys {
		w.sendMsg(h, keyMsg(k))
	}
}

func (w *fuzzWatch) sendMsg(h *harness, k tea.KeyMsg) {
	w.mu.Lock()
	w.keysSent++
	w.mu.Unlock()
	h.tm.Send(k)
}

// probe returns the app's state, once it is still.
func (w *fuzzWatch) probe(t *testing.T, h *harness) (snapshot, bool) {
	if !w.settle(t, h, "a probe") || w.quit() {
		return snapshot{}, false
	}
	reply := make(chan snapshot, 1)
	h.tm.Send(probeMsg{reply})
	select {
	case s := <-reply:
		return s, true
	case <-time.After(5 * time.Second):
		t.Error("the app never answered a probe")
		return snapshot{}, false
	}
}

// leaveAndQuit presses esc until the lookup is all that is left (y to a
// question), each esc answered by a change on screen; then ctrl+c quits.
func (w *fuzzWatch) leaveAndQuit(t *testing.T, h *harness) bool {
	t.Helper()
	for range 12 {
		before, ok := w.probe(t, h)
		if !ok {
			return w.quit()
		}
		key := "esc"
		switch {
		case before.asking:
			key = "y"
		case before.depth == 1 && strings.Contains(before.view, "contact id, name, email or phone"): // an empty lookup
			return w.ctrlC(t, h)
		}
		w.send(h, key)
		after, ok := w.probe(t, h)
		if !ok {
			return w.quit()
		}
		if after.view == before.view && after.depth == before.depth && after.asking == before.asking {
			t.Errorf("%s changed nothing on screen:\n%s", key, after.view)
			return false
		}
	}
	t.Error("twelve esc did not get back to an empty lookup")
	return false
}

// ctrlC checks that ctrl+c quits (answering its question).
func (w *fuzzWatch) ctrlC(t *testing.T, h *harness) bool {
	w.send(h, "ctrl+c")
	if s, ok := w.probe(t, h); ok && s.asking {
		w.send(h, "y")
	}
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	return h.guard.CrashReport() == ""
}
