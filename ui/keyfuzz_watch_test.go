package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
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

// What the keystroke fuzzer watches: the commands under way and the
// messages handled (to know when the app is still), every PATCH (to check
// it), and the screen (for the checks at the end).

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
