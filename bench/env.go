package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

const modulePath = "github.com/qwoty/qwoty-contacts"

// moduleRoot finds the module's folder: from the working directory up,
// then from this file's location (go run keeps source paths).
func moduleRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	for _, dir := range starts {
		for {
			if isModuleRoot(dir) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", errors.New("cannot find the module root (a go.mod declaring " + modulePath + "): run the bench from inside the repository")
}

func isModuleRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fs := strings.Fields(sc.Text()); len(fs) == 2 && fs[0] == "module" {
			return fs[1] == modulePath
		}
	}
	return false
}

// buildApp builds the app binary into dir.
func buildApp(root, dir string) (string, error) {
	bin := filepath.Join(dir, "qwoty-contacts")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build failed: %v\n%s", err, out.String())
	}
	return bin, nil
}

// sandboxServer is the sandbox on a loopback port. It keeps a timeline of
// the requests it served, to show where the time of a measure went.
type sandboxServer struct {
	sb   *sandbox.Server
	srv  *http.Server
	base string // http://127.0.0.1:port/api

	mu    sync.Mutex
	trace []served
}

// served is one request: when it arrived and when its answer was written.
type served struct {
	method, path string
	start, end   time.Time
}

func startSandbox(latency time.Duration) (*sandboxServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sandboxServer{sb: sandbox.New(sandbox.Options{Latency: latency}), base: "http://" + l.Addr().String() + "/api"}
	s.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.sb.ServeHTTP(w, r)
		end := time.Now()
		s.mu.Lock()
		s.trace = append(s.trace, served{r.Method, r.URL.Path, start, end})
		s.mu.Unlock()
	})}
	go func() { _ = s.srv.Serve(l) }()
	return s, nil
}

// servedSince returns the requests that arrived at or after t.
func (s *sandboxServer) servedSince(t time.Time) []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []served
	for _, x := range s.trace {
		if !x.start.Before(t) {
			out = append(out, x)
		}
	}
	return out
}

func (s *sandboxServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// appEnv is the app's whole environment: no variable of the bench's own
// (COLORTERM, NO_COLOR, a real config) leaks in.
func appEnv(base, home string, extra ...string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"USER=bench",
		"LANG=C.UTF-8",
		"TERM=xterm-256color",
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"QWOTY_STATE_DIR=" + filepath.Join(home, "state"),
		"QWOTY_BASE_URL=" + base,
		"QWOTY_TOKEN=" + sandbox.DefaultToken,
	}
	for _, e := range extra {
		k, _, _ := strings.Cut(e, "=")
		replaced := false
		for i, x := range env {
			if strings.HasPrefix(x, k+"=") {
				env[i], replaced = e, true
			}
		}
		if !replaced {
			env = append(env, e)
		}
	}
	return env
}

// machine describes where the bench ran.
type machine struct {
	cpu, cores, goVersion, os string
}

func describeMachine() machine {
	m := machine{cpu: "unknown", cores: fmt.Sprint(runtime.NumCPU()), goVersion: runtime.Version(), os: runtime.GOOS + "/" + runtime.GOARCH}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				m.os += ", " + strings.Trim(v, `"`)
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.os += ", kernel " + strings.TrimSpace(string(data))
	}
	return m
}
