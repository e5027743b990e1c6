package config

import (
	"fmt"
	"strings"
	"testing"
)

// TestTokenNeverPrinted loads settings every way a token can come, fails in
// every way that involves one, and checks that no formatting of the
// settings, their description or the errors shows a token.
func TestTokenNeverPrinted(t *testing.T) {
	secretFile := "default_profile = \"prod\"\n[profiles.prod]\ntoken = \"" + fileSecret + "\"\n"
	scenarios := []struct {
		name    string
		content string
		mode    uint32
		env     map[string]string
	}{
		{"file token", secretFile, 0o600, nil},
		{"env token", secretFile, 0o600, map[string]string{"QWOTY_TOKEN": envSecret}},
		{"command token", "default_profile = \"prod\"\n[profiles.prod]\ntoken_command = " + helperCommand(t, "token") + "\n", 0o600, nil},
		{"command fails", "default_profile = \"prod\"\n[profiles.prod]\ntoken_command = " + helperCommand(t, "fail", "2") + "\n", 0o600, nil},
		{"command empty", "default_profile = \"prod\"\n[profiles.prod]\ntoken_command = " + helperCommand(t, "empty") + "\n", 0o600, nil},
		{"open file", secretFile, 0o644, map[string]string{"QWOTY_TOKEN": envSecret}},
		{"both", "[profiles.prod]\ntoken = \"" + fileSecret + "\"\ntoken_command = \"pass\"\n", 0o600, nil},
		{"unquoted", "[profiles.prod]\ntoken = " + fileSecret + "\n", 0o600, nil},
		{"unclosed", "[profiles.prod]\ntoken = \"" + fileSecret + "\n", 0o600, nil},
		{"typo", "[profiles.prod]\ntokne = \"" + fileSecret + "\"\n", 0o600, nil},
		{"bad profile", secretFile, 0o600, map[string]string{"QWOTY_PROFILE": "nope", "QWOTY_TOKEN": envSecret}},
		{"bad URL", secretFile, 0o600, map[string]string{"QWOTY_BASE_URL": "http://example.com", "QWOTY_TOKEN": envSecret}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			path := writeConfig(t, sc.content, fsMode(sc.mode))
			s, err := Load(Flags{Config: path}, env(sc.env))
			var out []string
			out = append(out, formats(err)...)
			if s != nil {
				out = append(out, formats(s)...)
				out = append(out, formats(*s)...)
				out = append(out, formats(s.Describe())...)
				tok, err := s.Token()
				out = append(out, formats(err)...)
				out = append(out, formats(tok)...)
				out = append(out, formats(s)...) // after the token is resolved
				out = append(out, formats(*s)...)
				out = append(out, formats(s.Describe())...)
			}
			for _, o := range out {
				for _, secret := range []string{fileSecret, envSecret, cmdSecret, "SECRET0123"} {
					if strings.Contains(o, secret) {
						t.Fatalf("token printed: %s", o)
					}
				}
			}
		})
	}
}

func formats(v any) []string {
	return []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v), fmt.Sprintf("%q", v)}
}
