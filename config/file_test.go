package config

import (
	"runtime"
	"strings"
	"testing"
)

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string // after "PATH"
	}{
		{"unknown profile key", "[profiles.prod]\ntokne = \"" + fileSecret + "\"\n",
			` line 2: unknown key "tokne" in [profiles.prod] (known keys: base_url, token,`},
		{"unknown top-level key", "\ndefualt_profile = \"prod\"\n",
			` line 2: unknown key "defualt_profile"`},
		{"unknown table", "[profile.prod]\nbase_url = \"https://qwoty.app/api\"\n",
			` line 1: unknown key "profile"`},
		{"unknown dotted key", "[profiles]\nprod.labl = \"x\"\n",
			` line 2: unknown key "labl" in [profiles.prod]`},
		{"syntax", "[profiles.prod]\nlabel = \"x\"\ngarbage\n",
			` line 3: expected '.' or '=', but got '\n' instead`},
		{"missing value", "[profiles.prod]\nlabel =\n",
			` line 2: label: expected value but found '\n' instead`},
		{"duplicate key", "[profiles.prod]\nlabel = \"a\"\nlabel = \"b\"\n",
			` line 3: label: Key 'profiles.prod.label' has already been defined.`},
		{"bad timeout", "[profiles.prod]\n\ntimeout = \"20x\"\n",
			` line 3: timeout: "20x" is not a duration such as "20s" or "1m30s"`},
		{"zero timeout", "[profiles.prod]\ntimeout = \"0s\"\n",
			` line 2: timeout: must be more than 0`},
		{"number timeout", "[profiles.prod]\ntimeout = 20\n",
			` line 2: timeout: must be a duration in double quotes such as "20s", not a number`},
		{"bad bool", "[profiles.prod]\nread_only = \"yes\"\n",
			` line 2: read_only: must be true or false (without quotes), not a string`},
		{"bad color", "[profiles.prod]\ncolor = \"red\"\n",
			` line 2: color: must be "#rgb", "#rrggbb" or an ANSI colour number 0-255`},
		{"color too big", "[profiles.prod]\ncolor = 256\n",
			` line 2: color: must be "#rgb"`},
		{"http base_url", "[profiles.prod]\nbase_url = \"http://qwoty.app/api\"\n",
			` line 2: base_url: the base URL http://qwoty.app/api uses plain http`},
		{"empty command", "[profiles.prod]\ntoken_command = []\n",
			` line 2: token_command: names no program`},
		{"unclosed quote", "[profiles.prod]\ntoken_command = \"pass 'show\"\n",
			` line 2: token_command: has an unclosed ' quote`},
		{"bad default_profile", "default_profile = 1\n",
			` line 1: default_profile: must be a string in double quotes, not a number`},
		{"profiles not tables", "profiles = 3\n",
			`: profiles must be tables such as [profiles.prod]`},
		{"both token and command", "[profiles.prod]\ntoken = \"" + fileSecret + "\"\ntoken_command = \"pass show x\"\n",
			`: [profiles.prod] has both token and token_command: keep one`},
		// The parser would quote part of the token here; the message must not.
		{"unquoted token", "[profiles.prod]\ntoken = " + fileSecret + "\n",
			` line 2: token: must be the token in double quotes: token = "qwoty_…"`},
		{"unquoted digits token", "[profiles.prod]\ntoken = 1234abcdefgh5678\n",
			` line 2: token: must be the token in double quotes`},
		{"dotted unquoted token", "[profiles]\nprod.token = 1234abcdefgh5678\n",
			` line 2: token: must be the token in double quotes`},
		{"unclosed token", "[profiles.prod]\ntoken = \"" + fileSecret + "\n",
			` line 2: token: must be the token in double quotes`},
		{"number token", "[profiles.prod]\ntoken = 12345678901234\n",
			` line 2: token: must be the token in double quotes`},
		{"empty token", "[profiles.prod]\ntoken = \"  \"\n",
			` line 2: token: must be the token in double quotes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.content, 0o600)
			_, err := Load(Flags{Config: path}, env(nil))
			if err == nil {
				t.Fatal("no error")
			}
			if want := path + tt.want; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("got  %q\nwant %q…", err, want)
			}
			if strings.Contains(strings.TrimPrefix(err.Error(), path), "toml") {
				t.Errorf("library jargon in %q", err)
			}
			for _, secret := range []string{fileSecret, "1234abcdefgh5678", "12345678901234", "FILESECRET"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q holds the token", err)
				}
			}
		})
	}
}

func TestFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	withToken := "[profiles.prod]\ntoken = \"" + fileSecret + "\"\n"
	withCommand := "[profiles.prod]\ntoken_command = [\"pass\", \"show\", \"qwoty\"]\n"
	tests := []struct {
		name    string
		content string
		mode    uint32
		want    string // "" for no error; else the message after the path
	}{
		{"token 0644", withToken, 0o644, " holds a token but is readable by others (mode 0644): run  chmod 600 "},
		{"token 0640", withToken, 0o640, " holds a token but is readable by others (mode 0640): run  chmod 600 "},
		{"token 0620", withToken, 0o620, " holds a token but is writable by others (mode 0620): run  chmod 600 "},
		{"token 0600", withToken, 0o600, ""},
		{"token 0400", withToken, 0o400, ""},
		{"no token 0644", withCommand, 0o644, ""},
		{"token in another profile", "default_profile = \"a\"\n[profiles.a]\n[profiles.b]\ntoken = \"" + fileSecret + "\"\n", 0o644, " holds a token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.content, fsMode(tt.mode))
			_, err := Load(Flags{Config: path}, env(map[string]string{"QWOTY_TOKEN": envSecret}))
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want == "":
			case err == nil:
				t.Fatal("no error")
			case !strings.HasPrefix(err.Error(), "config file "+path+tt.want):
				t.Errorf("got %q", err)
			case tt.want[len(tt.want)-1] == ' ' && !strings.HasSuffix(err.Error(), "chmod 600 "+path):
				t.Errorf("no fix in %q", err)
			}
		})
	}
}

func TestFixQuotesPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	fc := &fileConfig{Profiles: map[string]fileProfile{"p": {Token: secret{set: true}}}}
	path := "/Users/ana/Library/Application Support/qwoty-contacts/config.toml"
	err := checkMode(path, 0o644, fc)
	want := "config file " + path + " holds a token but is readable by others (mode 0644): run  chmod 600 '" + path + "'"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
