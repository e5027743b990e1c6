package ui

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/edit"
	"github.com/qwoty/qwoty-contacts/state"
)

// updating reports whether -update was given (the flag is defined by
// teatest's golden package, which this package shares).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// testNow is the fixed clock of the UI tests.
var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// harness runs the app against a sandbox through httptest, with real
// keystrokes, and records everything the app writes to the terminal.
type harness struct {
	t      *testing.T
	sb     *sandbox.Server
	srv    *httptest.Server
	client *api.Client
	writer *edit.Writer
	dir    string
	tm     *teatest.TestModel
	guard  *Guard

	running atomic.Int64       // commands started and not yet returned
	stop    context.CancelFunc // ends the session's context, as a hang-up does

	mu   sync.Mutex
	seen bytes.Buffer // all output so far, ANSI stripped
	raw  bytes.Buffer // all output so far, as written
	mark int          // expect() looks at output after this offset
}

type harnessOption func(*Options, *sandbox.Server)

func withSize(w, h int) teatest.TestOption { return teatest.WithInitialTermSize(w, h) }

// newHarness starts a sandbox and the app. Options may change the app's
// options or prepare the sandbox before the app starts.
func newHarness(t *testing.T, size teatest.TestOption, opts ...harnessOption) *harness {
	t.Helper()
	return startHarness(t, size, rig{}, opts...)
}

// rig lets a test watch the app from outside: every command (track), every
// request (handler), every message (model).
type rig struct {
	track   func(tea.Cmd) tea.Cmd
	handler func(http.Handler) http.Handler
	model   func(*App, *Guard) tea.Model
}

func startHarness(t *testing.T, size teatest.TestOption, r rig, opts ...harnessOption) *harness {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return testNow }})
	h := &harness{t: t, sb: sb, dir: t.TempDir()}
	var handler http.Handler = sb
	if r.handler != nil {
		handler = r.handler(sb)
	}
	h.srv = httptest.NewServer(handler)
	t.Cleanup(h.srv.Close)
	var err error
	h.client, err = api.New(api.Options{BaseURL: h.srv.URL + "/api", Token: api.NewToken(sandbox.DefaultToken), RetryBase: time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	h.writer = &edit.Writer{
		API: h.client, Audit: state.OpenAudit(h.dir), StateDir: h.dir, BaseURL: h.client.BaseURL(), KeepDrafts: true,
		Identity: edit.Identity{Profile: "test", APIHost: h.client.Host(), OSUser: "tester"},
		Now:      func() time.Time { return testNow },
	}
	o := Options{
		API: h.client, Writer: h.writer, Profile: "test", Label: "test", StateDir: h.dir,
		Renderer: plainRenderer(), Now: func() time.Time { return testNow }, Location: time.UTC,
		AutosaveDelay: 20 * time.Millisecond, ConfirmDelay: 20 * time.Millisecond,
	}
	var ctx context.Context
	ctx, h.stop = context.WithCancel(context.Background())
	o.Context = ctx
	for _, opt := range opts {
		opt(&o, sb)
	}
	track := h.counted
	if r.track != nil {
		track = func(c tea.Cmd) tea.Cmd { return h.counted(r.track(c)) }
	}
	var app *App
	app, h.guard = guardedApp(o, h.dir, "test", track) // what NewProgram runs
	var m tea.Model = h.guard
	if r.model != nil {
		m = r.model(app, h.guard)
	}
	h.tm = teatest.NewTestModel(t, m, size)
	h.guard.SetProgram(h.tm.GetProgram())
	t.Cleanup(h.settle) // before TempDir's removal: cleanups run last first
	return h
}

// counted wraps a command so that settle can wait for it: it counts the
// command from when it starts (one the program never ran is not waited
// for).
func (h *harness) counted(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		h.running.Add(1)
		defer h.running.Add(-1)
		return c()
	}
}

// settle ends the program and waits for the commands it started (a
// draft's autosave, a save in flight) so that nothing writes to the state
// folder once the test has returned.
func (h *harness) settle() {
	_ = h.tm.Quit()
	h.stop()
	ended := make(chan struct{})
	go func() { h.tm.GetProgram().Wait(); close(ended) }()
	deadline := time.After(10 * time.Second)
	select {
	case <-ended:
	case <-deadline:
		h.t.Error("the program was still running 10 s after the test ended")
		return
	}
	for quiet := 0; quiet < 3; { // no command running, three looks in a row
		select {
		case <-deadline:
			h.t.Errorf("%d commands still running 10 s after the test ended", h.running.Load())
			return
		case <-time.After(5 * time.Millisecond):
		}
		if h.running.Load() == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}

// plainRenderer paints nothing: golden files and assertions see text.
func plainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// read drains the app's output into seen.
func (h *harness) read() {
	b, _ := io.ReadAll(h.tm.Output())
	h.mu.Lock()
	defer h.mu.Unlock()
	h.raw.Write(b)
	h.seen.WriteString(ansi.Strip(string(b)))
}

// expect waits until the output since the last key press shows text.
func (h *harness) expect(text string) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.read()
		h.mu.Lock()
		got := strings.Contains(h.seen.String()[h.mark:], text)
		h.mu.Unlock()
		if got {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t.Fatalf("the screen never showed %q; output since the last key:\n%s", text, h.seen.String()[h.mark:])
}

// never checks that text has not appeared since the last key press.
func (h *harness) never(text string) {
	h.t.Helper()
	h.read()
	h.mu.Lock()
	defer h.mu.Unlock()
	if strings.Contains(h.seen.String()[h.mark:], text) {
		h.t.Fatalf("the screen showed %q", text)
	}
}

func (h *harness) setMark() {
	h.read()
	h.mu.Lock()
	h.mark = h.seen.Len()
	h.mu.Unlock()
}

// press sends keys: names like "enter", "tab", "esc", "ctrl+s", "up", or
// single characters.
func (h *harness) press(keys ...string) {
	h.setMark()
	for _, k := range keys {
		h.tm.Send(keyMsg(k))
	}
}

// openByID opens a contact from the lookup by its id, then waits until the
// server's copy has loaded (its keys are offered: until then the list's
// copy may show, and e or h only say it is loading) and shows each text.
func (h *harness) openByID(id string, shows ...string) {
	h.t.Helper()
	h.press("ctrl+u")
	h.typeText(id)
	h.press("enter")
	h.expect("h history")
	for _, s := range shows {
		h.expect(s)
	}
}

// typeText types text, one key per rune.
func (h *harness) typeText(s string) {
	h.setMark()
	for _, r := range s {
		if r == ' ' {
			h.tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{r}})
			continue
		}
		h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// keyPaste is text pasted in one go (bracketed paste).
func keyPaste(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

// phoneDraft is a draft of the docs contact with a new phone.
func phoneDraft() edit.Edit {
	base := api.Values{"first_name": api.String("Jean"), "last_name": api.String("Dupont"), "email": api.String("jean.dupont@acme.com"),
		"phone": api.String("+33 6 12 34 56 78"), "role": api.List("buyer", "signer"), "id_crm": api.Null(), "id_erp": api.Null(), "id_accounting": api.Null()}
	return edit.Edit{Target: edit.Target{Kind: api.KindContact, ID: sandbox.DocsContactID, ContactID: sandbox.DocsContactID},
		Base: base, After: api.Values{"phone": api.String("+33 1 99 99 99 99")}}
}

// finalView quits the app and returns its last frame.
func (h *harness) finalView() string {
	h.t.Helper()
	if err := h.tm.Quit(); err != nil {
		h.t.Fatal(err)
	}
	m := h.tm.FinalModel(h.t, teatest.WithFinalTimeout(5*time.Second))
	return m.(*Guard).app.(*App).View()
}

// send waits for the review to offer y, then presses it.
func (h *harness) send() {
	h.t.Helper()
	h.expect("Press y to ")
	h.press("y")
}

// patches returns the bodies of the PATCH requests the sandbox received.
func (h *harness) patches() []string {
	var out []string
	for _, r := range h.sb.Requests() {
		if r.Method == "PATCH" {
			out = append(out, r.Method+" "+r.Path+" "+string(r.Body))
		}
	}
	return out
}

// golden compares got with testdata/name.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test ./ui -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// waitUntil polls cond (disk state written by a command) for up to 5 s.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met within 5 s")
}
