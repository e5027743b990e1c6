package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Secrets the tests look for in every output.
const (
	fileSecret = "qwoty_FILESECRET0123456789abcdef"
	envSecret  = "qwoty_ENVSECRET0123456789abcdef"
	cmdSecret  = "qwoty_CMDSECRET0123456789abcdef"
)

// helperArg makes the test binary act as a token_command (see helperMain).
const helperArg = "qwoty-config-helper"

// TestMain runs the helper when asked to, and otherwise the tests, with
// XDG_CONFIG_HOME pointing at an empty directory so that the user's own
// config file is never read.
func TestMain(m *testing.M) {
	if len(os.Args) > 2 && os.Args[1] == helperArg {
		os.Exit(helperMain(os.Args[2:]))
	}
	dir, err := os.MkdirTemp("", "qwoty-config-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Setenv("GORACE", "atexit_sleep_ms=0") // helpers built with -race exit at once
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// helperMain is a token_command:
//
//	token        prints cmdSecret, then a second line
//	count FILE   appends a line to FILE, then prints cmdSecret
//	fail N       prints cmdSecret, complains on stderr, exits with N
//	empty        prints only blanks
//	sleep        sleeps for a minute
func helperMain(args []string) int {
	switch args[0] {
	case "token":
		fmt.Println(cmdSecret)
		fmt.Println("url: https://qwoty.app")
	case "count":
		f, err := os.OpenFile(args[1], os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return 1
		}
		fmt.Fprintln(f, "run")
		f.Close()
		fmt.Println(cmdSecret)
	case "fail":
		fmt.Println(cmdSecret)
		fmt.Fprintln(os.Stderr, "gpg: decryption failed: No secret key")
		n, _ := strconv.Atoi(args[1])
		return n
	case "empty":
		fmt.Println("   ")
	case "sleep":
		time.Sleep(time.Minute)
	}
	return 0
}

// helperCommand returns a TOML array that runs helperMain with args.
func helperCommand(t *testing.T, args ...string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	words := append([]string{exe, helperArg}, args...)
	for i, w := range words {
		words[i] = strconv.Quote(w)
	}
	return "[" + strings.Join(words, ", ") + "]"
}

// writeConfig writes a config file with the given mode and returns its path.
func writeConfig(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

// env returns a getenv over vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func fsMode(m uint32) os.FileMode { return os.FileMode(m) }
