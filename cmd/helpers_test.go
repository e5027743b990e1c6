package cmd

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
	"github.com/qwoty/qwoty-contacts/state"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedNow is the clock of the sandbox and of audit entries in tests.
var fixedNow = time.Date(2026, 11, 22, 11, 22, 0, 0, time.UTC)

// TestMain sets the test hooks once, before any test runs, so parallel
// tests only read them.
func TestMain(m *testing.M) {
	runtimeHook = func(rt *runtime) {
		rt.writer.Now = func() time.Time { return fixedNow }
		rt.writer.Identity.OSUser = "tester"
	}
	logLocation = time.UTC
	applyRetryDefault = 5 * time.Millisecond
	os.Exit(m.Run())
}

// testEnv is a sandbox behind an HTTP server, a state dir and an
// environment pointing the commands at them.
type testEnv struct {
	t        *testing.T
	sb       *sandbox.Server
	srv      *httptest.Server
	stateDir string
	vars     map[string]string
	statuses *statusLog
}

// newEnv starts a seeded sandbox; wrap, when given, wraps its handler
// (after the status log).
func newEnv(t *testing.T, wrap ...func(http.Handler) http.Handler) *testEnv {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Now: func() time.Time { return fixedNow }})
	var h http.Handler = sb
	for _, w := range wrap {
		h = w(h)
	}
	sl := &statusLog{}
	srv := httptest.NewServer(sl.wrap(h))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, sb: sb, srv: srv, stateDir: filepath.Join(dir, "state"), statuses: sl}
	e.vars = map[string]string{
		"QWOTY_BASE_URL":  srv.URL + "/api",
		"QWOTY_TOKEN":     sandbox.DefaultToken,
		"QWOTY_CONFIG":    cfg,
		"QWOTY_STATE_DIR": e.stateDir,
		"NO_COLOR":        "1",
	}
	return e
}

// result is what one command run produced.
type result struct {
	out, err string
	code     int
}

// run runs the command line args in-process with stdin.
func (e *testEnv) run(stdin string, args ...string) result {
	e.t.Helper()
	return e.runCtx(context.Background(), stdin, args...)
}

func (e *testEnv) runCtx(ctx context.Context, stdin string, args ...string) result {
	e.t.Helper()
	var out, errOut bytes.Buffer
	std := &IO{In: strings.NewReader(stdin), Out: &out, Err: &errOut, Getenv: func(k string) string { return e.vars[k] }}
	root := NewRoot(ctx, BuildInfo{Version: "test", Commit: "abc"}, std)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil {
		errOut.WriteString("qwoty-contacts: " + err.Error() + "\n")
	}
	return result{out: out.String(), err: errOut.String(), code: ExitCode(err)}
}

// scrub replaces the server's random address in output.
func (e *testEnv) scrub(s string) string {
	return strings.ReplaceAll(s, strings.TrimPrefix(e.srv.URL, "http://"), "sandbox")
}

// patches returns the PATCH requests the sandbox received.
func (e *testEnv) patches() []sandbox.Request {
	var out []sandbox.Request
	for _, r := range e.sb.Requests() {
		if r.Method == http.MethodPatch {
			out = append(out, r)
		}
	}
	return out
}

// audit returns the operations of the audit log, newest first.
func (e *testEnv) audit() []state.Op {
	e.t.Helper()
	ops, err := state.OpenAudit(e.stateDir).Ops(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return ops
}

// statusLog records the status of every answer, by method and path.
type statusLog struct {
	mu   sync.Mutex
	list []answered
}

type answered struct {
	method, path string
	status       int
}

func (l *statusLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		l.mu.Lock()
		l.list = append(l.list, answered{r.Method, r.URL.Path, sw.status})
		l.mu.Unlock()
	})
}

// count counts answers with that method, path prefix and status.
func (l *statusLog) count(method, pathPrefix string, status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, a := range l.list {
		if a.method == method && strings.HasPrefix(a.path, pathPrefix) && a.status == status {
			n++
		}
	}
	return n
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// afterFirst runs fn once, right after the first request matching method
// and path (with /api) was served and before its answer leaves: the way
// to change a record "behind the client's back" between two reads,
// deterministically.
func afterFirst(method, path string, fn func()) func(http.Handler) http.Handler {
	return afterFirstMatch(func(r *http.Request) bool { return r.Method == method && r.URL.Path == path }, fn)
}

// afterFirstMatch is afterFirst for any request match accepts.
func afterFirstMatch(match func(*http.Request) bool, fn func()) func(http.Handler) http.Handler {
	var once sync.Once
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				h.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			once.Do(fn)
			for k, vs := range rec.Header() {
				w.Header()[k] = vs
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		})
	}
}

// golden compares got with testdata/name.golden (go test ./cmd -update
// rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s is missing (go test ./cmd -update creates it)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./cmd -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
