package state

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// recovered runs f and returns what it panicked with and the stack.
func recovered(f func()) (v any, stack []byte) {
	defer func() {
		v = recover()
		stack = debug.Stack()
	}()
	f()
	return nil, nil
}

func TestCrashReportRuntimeError(t *testing.T) {
	dir := t.TempDir()
	v, stack := recovered(func() {
		var s []int
		i := 3
		_ = s[i]
	})
	path, err := WriteCrashReport(dir, "v1.2.3", v, stack)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(path), "crash-") || filepath.Dir(path) != filepath.Join(dir, "crash") {
		t.Errorf("report path %s", path)
	}
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700)
	data, _ := os.ReadFile(path)
	for _, want := range []string{"v1.2.3", "go1", "runtime.boundsError", "index out of range", "TestCrashReportRuntimeError"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q:\n%s", want, data)
		}
	}
}

func TestCrashReportHidesOtherValues(t *testing.T) {
	dir := t.TempDir()
	secret := "jane.doe@example.com tok_SECRET"
	seen := map[string]bool{}
	for _, v := range []any{secret, errors.New(secret), struct{ Email string }{secret}} {
		path, err := WriteCrashReport(dir, "dev", v, []byte("goroutine 1 [running]:\n"))
		if err != nil {
			t.Fatal(err)
		}
		if seen[path] {
			t.Errorf("two reports share %s", path)
		}
		seen[path] = true
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), "jane") || strings.Contains(string(data), "SECRET") {
			t.Errorf("report for %T holds the panic value:\n%s", v, data)
		}
		if !strings.Contains(string(data), "panic type: ") {
			t.Errorf("report lacks the type:\n%s", data)
		}
	}
	found := false
	ents, _ := os.ReadDir(filepath.Join(dir, "crash"))
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, "crash", e.Name()))
		found = found || strings.Contains(string(b), "panic type: string\n")
	}
	if !found {
		t.Error("no report records the type string")
	}
}
