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
	for _, name := range []string{"get", "set", "set-address", "apply", "log"} {
		r := e.run("", name, "--help")
		if r.code != ExitOK || !strings.Contains(r.out, "Examples:") {
			t.Errorf("%s --help: exit %d, no examples:\n%s", name, r.code, r.out)
		}
		if name != "log" && !strings.Contains(r.out, "Exit codes:") {
			t.Errorf("%s --help does not list the exit codes", name)
		}
	}
	root := NewRoot(t.Context(), BuildInfo{}, &IO{})
	for _, c := range root.Commands() {
		if c.Short == "" {
			t.Errorf("%s has no Short", c.Name())
		}
	}
}
