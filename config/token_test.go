package config

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// commandConfig writes a config whose prod profile runs the helper.
func commandConfig(t *testing.T, args ...string) string {
	return writeConfig(t, "default_profile = \"prod\"\n[profiles.prod]\ntoken_command = "+helperCommand(t, args...)+"\n", 0o600)
}

func runs(t *testing.T, countFile string) int {
	t.Helper()
	b, err := os.ReadFile(countFile)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "run")
}

func TestTokenCommandIsLazyAndRunsOnce(t *testing.T) {
	t.Parallel()
	count := filepath.Join(t.TempDir(), "count")
	s, err := Load(Flags{Config: commandConfig(t, "count", count)}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.TokenSource() != SourceTokenCommand {
		t.Errorf("source %q", s.TokenSource())
	}
	lines := s.Describe()
	if n := runs(t, count); n != 0 {
		t.Fatalf("ran %d times before Token", n)
	}
	if got := lookup(lines, "token"); !strings.Contains(got.Value, "not run yet") || got.Source != SourceTokenCommand {
		t.Errorf("Describe token before Token: %+v", got)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			tok, err := s.Token()
			if err != nil || tok.Reveal() != cmdSecret {
				t.Errorf("Token() = %s, %v", tok, err)
			}
		})
	}
	wg.Wait()
	if n := runs(t, count); n != 1 {
		t.Errorf("ran %d times, want 1", n)
	}
	if got := lookup(s.Describe(), "token"); got.Value != "qwoty_…cdef" {
		t.Errorf("Describe token after Token: %+v", got)
	}
}

func TestTokenCommandFirstLine(t *testing.T) {
	t.Parallel()
	s, err := Load(Flags{Config: commandConfig(t, "token")}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := s.Token(); err != nil || tok.Reveal() != cmdSecret {
		t.Errorf("Token() = %s, %v", tok, err)
	}
}

func TestEnvTokenBeatsCommand(t *testing.T) {
	t.Parallel()
	count := filepath.Join(t.TempDir(), "count")
	s, err := Load(Flags{Config: commandConfig(t, "count", count)}, env(map[string]string{"QWOTY_TOKEN": envSecret}))
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := s.Token(); err != nil || tok.Reveal() != envSecret {
		t.Errorf("Token() = %s, %v", tok, err)
	}
	if n := runs(t, count); n != 0 {
		t.Errorf("token_command ran %d times", n)
	}
}

func TestTokenCommandErrors(t *testing.T) {
	t.Parallel()
	exe, _ := os.Executable()
	tests := []struct {
		name    string
		argv    []string
		timeout time.Duration
		want    string
	}{
		{"exit status", []string{exe, helperArg, "fail", "3"}, 10 * time.Second,
			`token_command "` + exe + `" exited with status 3: gpg: decryption failed: No secret key`},
		{"empty output", []string{exe, helperArg, "empty"}, 10 * time.Second,
			`token_command "` + exe + `" printed nothing: it must print the token on standard output`},
		{"not found", []string{"qwoty-no-such-program", "--secret-arg"}, 10 * time.Second,
			`token_command "qwoty-no-such-program": no such program in PATH`},
		{"timeout", []string{exe, helperArg, "sleep"}, 300 * time.Millisecond,
			`token_command "` + exe + `" timed out after 300ms`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := runTokenCommand(tt.argv, tt.timeout)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
			if err != nil && (strings.Contains(err.Error(), cmdSecret) || strings.Contains(err.Error(), helperArg) || strings.Contains(err.Error(), "--secret-arg")) {
				t.Errorf("error %q holds output or arguments", err)
			}
			if tt.timeout < time.Second && time.Since(start) > 5*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
}

func TestTokenCommandErrorIsKept(t *testing.T) {
	t.Parallel()
	s, err := Load(Flags{Config: commandConfig(t, "fail", "1")}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := s.Token()
	_, err2 := s.Token()
	if err1 == nil || err1 != err2 {
		t.Errorf("errors %v, %v", err1, err2)
	}
	if got := lookup(s.Describe(), "token"); got.Value != "(token_command failed)" {
		t.Errorf("Describe token: %+v", got)
	}
}

func TestTimeoutMessageInProduction(t *testing.T) {
	s := &Settings{tok: &lazyToken{source: SourceTokenCommand, argv: []string{"x"}, timeout: tokenCommandTimeout}}
	if s.tok.timeout.String() != "10s" {
		t.Errorf("timeout %s, want 10s", s.tok.timeout)
	}
}

func TestNoToken(t *testing.T) {
	t.Parallel()
	path := writeConfig(t, "default_profile = \"prod\"\n[profiles.prod]\n[profiles.other]\n", 0o600)
	noProfile := writeConfig(t, "[profiles.prod]\n", 0o600)
	const start = `no API token: set QWOTY_TOKEN, or add token = "…" or token_command = [...] to `
	tests := []struct {
		name  string
		flags Flags
		want  string
	}{
		{"profile", Flags{Config: path}, start + `the profile "prod" in ` + path},
		{"no profile", Flags{Config: noProfile}, start + "a profile in " + noProfile + " and select it with default_profile"},
	}
	for _, tt := range tests {
		s, err := Load(tt.flags, env(nil))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Token(); err == nil || err.Error() != tt.want {
			t.Errorf("%s: got  %v\nwant %s", tt.name, err, tt.want)
		}
		if s.TokenSource() != "" {
			t.Errorf("%s: source %q", tt.name, s.TokenSource())
		}
	}
}

func lookup(lines []Line, name string) Line {
	for _, l := range lines {
		if l.Name == name {
			return l
		}
	}
	return Line{}
}

func TestDescribeDoesNotWaitForCommand(t *testing.T) {
	t.Parallel()
	exe, _ := os.Executable()
	s := &Settings{tok: &lazyToken{source: SourceTokenCommand, argv: []string{exe, helperArg, "sleep"}, timeout: 2 * time.Second}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := s.Token(); err == nil {
			t.Error("sleep gave a token")
		}
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if got := lookup(s.Describe(), "token"); !strings.Contains(got.Value, "not run yet") {
		t.Errorf("Describe token: %+v", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Describe waited %s", d)
	}
	<-done
}
