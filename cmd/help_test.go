package cmd

import (
	"strings"
	"testing"
)

func TestCompletion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := e.run("", "completion", shell)
		if r.code != ExitOK || len(r.out) < 100 || !strings.Contains(r.out, "qwoty-contacts") {
			t.Errorf("completion %s: exit %d, %d bytes: %s", shell, r.code, len(r.out), r.err)
		}
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.run("", "--help"); !strings.Contains(r.out, "Exit codes:") {
		t.Errorf("root --help does not list the exit codes:\n%s", r.out)
	}
	root := NewRoot(t.Context(), BuildInfo{}, &IO{})
	for _, c := range root.Commands() {
		name := c.Name()
		if name == "completion" || name == "help" {
			continue
		}
		r := e.run("", name, "--help")
		if r.code != ExitOK || !strings.Contains(r.out, "Exit codes:") {
			t.Errorf("%s --help: exit %d, does not list the exit codes:\n%s", name, r.code, r.out)
		}
		if name != "version" && !strings.Contains(r.out, "Examples:") {
			t.Errorf("%s --help has no examples", name)
		}
	}
	for _, c := range root.Commands() {
		if c.Short == "" {
			t.Errorf("%s has no Short", c.Name())
		}
	}
}

// TestMissingArgumentsSayWhichAndShowTheUsage: a missing or extra
// argument is a usage error naming it, with the usage line.
func TestMissingArgumentsSayWhichAndShowTheUsage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"get"}, "missing CONTACT_ID\nUsage: qwoty-contacts get CONTACT_ID [flags]\nSee qwoty-contacts get --help"},
		{[]string{"set"}, "missing CONTACT_ID\nUsage: qwoty-contacts set CONTACT_ID field=value..."},
		{[]string{"set-address"}, "missing ADDRESS_ID"},
		{[]string{"apply"}, "missing FILE (or - for standard input)"},
		{[]string{"log", "a", "b"}, "too many arguments (2): expected at most 1"},
		{[]string{"version", "x"}, `unexpected argument "x": qwoty-contacts version takes none`},
	} {
		r := e.run("", c.args...)
		if r.code != ExitUsage || !strings.Contains(r.err, c.says) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, r.code, r.err, c.says)
		}
	}
}

func TestVersionSaysWhyTheCommitIsMissing(t *testing.T) {
	t.Parallel()
	if v := Version("v1.2.3", "abc"); v.Version != "v1.2.3" || v.Commit != "abc" {
		t.Errorf("linker values: %+v", v)
	}
	// A test binary, like go run, has no VCS stamp.
	if v := Version("", ""); v.Version != "dev" || !strings.Contains(v.Commit, "go run -buildvcs=true") {
		t.Errorf("unstamped build: %+v", v)
	}
}
