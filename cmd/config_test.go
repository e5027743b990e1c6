package cmd

import (
	"strings"
	"testing"

	"github.com/qwoty/qwoty-contacts/api/sandbox"
)

// TestConfigShowsTheStateFolderAndWhatDemoUses: config names the state
// folder and where it comes from; with --demo it shows the sandbox and the
// temporary folder a demo really uses, not the config file's settings; a
// missing token says how to set one.
func TestConfigShowsTheStateFolderAndWhatDemoUses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	writeFile(t, e.vars["QWOTY_CONFIG"], "default_profile = \"prod\"\n[profiles.prod]\nbase_url = \"https://qwoty.app/api\"\nlabel = \"PRODUCTION\"\n")
	delete(e.vars, "QWOTY_BASE_URL")
	delete(e.vars, "QWOTY_TOKEN")
	r := e.run("", "config")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{
		"state_dir       " + e.stateDir, "(env QWOTY_STATE_DIR)",
		"token           (none)", "(missing)", "No token: set QWOTY_TOKEN, or token or token_command in the profile",
		"label           PRODUCTION",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("config does not show %q:\n%s", want, r.out)
		}
	}
	for _, l := range strings.Split(r.out, "\n") {
		// A path cannot be wrapped; a line holding one keeps its source
		// on the line below.
		if len([]rune(l)) > 80 && (!strings.Contains(l, t.TempDir()[:len("/tmp/")]) || strings.Contains(l, "(")) {
			t.Errorf("a line is wider than 80 columns: %q", l)
		}
	}
	r = e.run("", "config", "--demo", "--timeout", "3s")
	for _, want := range []string{
		"profile         demo", "base_url        the built-in sandbox, on a loopback port", "token           " + sandbox.DefaultToken,
		"timeout         3s", "(flag)", "state_dir       a temporary folder, removed at exit", "label           demo sandbox",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("config --demo does not show %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "PRODUCTION") || strings.Contains(r.out, "qwoty.app") {
		t.Errorf("config --demo shows the config file's settings:\n%s", r.out)
	}
}

// TestPluralsAgree: one problem is "1 problem".
func TestPluralsAgree(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.run(`{"id": "`+sandbox.DocsContactID+`", "set": {"fax": "1"}}`, "apply", "-")
	if r.code != ExitUsage || !strings.Contains(r.err, "1 problem in the input: nothing was sent") {
		t.Errorf("exit %d: %s", r.code, r.err)
	}
}
