package ui

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
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
	t.Logf("%d sequences: %d keys on the lookup, %d on a contact, %d in a form, %d on a review, %d on a conflict, %d on a history; %d confirmations, %d PATCHes",
		len(kept)+n, total.keys["lookup"], total.keys["contact"], total.keys["edit"], total.keys["review"], total.keys["conflict"], total.keys["history"], total.confirmed, total.patches)
	// The sequences must reach every screen and send, or they test little.
	for _, where := range []string{"lookup", "contact", "edit", "review", "conflict", "history"} {
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
