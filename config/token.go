package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/qwoty/qwoty-contacts/api"
)

// tokenCommandTimeout bounds a token_command run.
const tokenCommandTimeout = 10 * time.Second

// lazyToken holds the token, or how to get it. A token_command runs on the
// first get, once; its result, token or error, is kept.
type lazyToken struct {
	source  Source
	argv    []string // token_command, when source is SourceTokenCommand
	timeout time.Duration

	once sync.Once  // runs the command
	mu   sync.Mutex // guards the result, never held while the command runs
	done bool
	tok  api.Token
	err  error
}

// fixedToken is a token already known (or its absence, as err).
func fixedToken(t api.Token, src Source, err error) *lazyToken {
	return &lazyToken{source: src, done: true, tok: t, err: err}
}

func (l *lazyToken) get() (api.Token, error) {
	l.once.Do(func() {
		if l.argv == nil {
			return // a fixed token
		}
		t, err := runTokenCommand(l.argv, l.timeout)
		l.mu.Lock()
		l.tok, l.err, l.done = t, err, true
		l.mu.Unlock()
	})
	t, err, _ := l.peek()
	return t, err
}

// peek returns the token state without running anything or waiting for a
// command that runs.
func (l *lazyToken) peek() (t api.Token, err error, done bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tok, l.err, l.done
}

// Token returns the API token. When it comes from a token_command, the
// first call runs the command (up to 10 s) and every later call returns the
// same result, token or error; calls may come from several goroutines.
// With no token anywhere the error says how to provide one.
func (s *Settings) Token() (api.Token, error) {
	if s.tok == nil {
		return api.Token{}, errors.New("no API token: set QWOTY_TOKEN")
	}
	return s.tok.get()
}

// TokenSource tells where the token comes from: SourceEnvToken,
// SourceFileToken or SourceTokenCommand, or "" when there is none. It runs
// nothing.
func (s *Settings) TokenSource() Source {
	if s.tok == nil {
		return ""
	}
	return s.tok.source
}

// runTokenCommand runs argv without a shell and returns the first line of
// its output as the token. Errors name argv[0] only and never hold the
// command's output, only the last line it wrote to standard error.
func runTokenCommand(argv []string, timeout time.Duration) (api.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second // a grandchild holding stdout must not hang us
	err := cmd.Run()
	name := fmt.Sprintf("token_command %q", argv[0])
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return api.Token{}, fmt.Errorf("%s timed out after %s", name, timeout)
	case errors.Is(err, exec.ErrNotFound):
		return api.Token{}, fmt.Errorf("%s: no such program in PATH", name)
	case errors.As(err, &exit) && exit.Exited():
		return api.Token{}, fmt.Errorf("%s exited with status %d%s", name, exit.ExitCode(), lastLine(stderr.Bytes()))
	case errors.As(err, &exit):
		return api.Token{}, fmt.Errorf("%s was stopped (%s)", name, exit.ProcessState)
	case err != nil:
		return api.Token{}, fmt.Errorf("%s could not run: %w", name, err)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), "\n")
	t := api.NewToken(first)
	if t.IsZero() {
		return api.Token{}, fmt.Errorf("%s printed nothing: it must print the token on standard output", name)
	}
	return t, nil
}

// lastLine returns ": " and the last non-empty line of a command's standard
// error, cut to 200 bytes, or "".
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if last == "" {
		return ""
	}
	if len(last) > 200 {
		last = last[:200]
		for !utf8.ValidString(last) {
			last = last[:len(last)-1]
		}
		last += "…"
	}
	return ": " + last
}
