package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

const fullConfig = `
default_profile = "prod"

[profiles.prod]
base_url = "https://prod.example.com/api"
token = "` + fileSecret + `"
timeout = "20s"
read_only = true
require_reason = true
label = "PRODUCTION"
color = "#d70000"

[profiles.staging]
base_url = "https://staging.example.com/api/"
read_only = false
color = 33

[profiles.bare]
`

func TestPrecedence(t *testing.T) {
	path := writeConfig(t, fullConfig, 0o600)
	other := writeConfig(t, "[profiles.x]\n", 0o600)
	type value struct {
		v   any
		src Source
	}
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		got   func(*Settings) value
		want  value
	}{
		// config path
		{"config default", Flags{}, nil, func(s *Settings) value { return value{filepath.Base(s.ConfigPath), s.ConfigPathSource} }, value{"config.toml", SourceDefault}},
		{"config env", Flags{}, map[string]string{"QWOTY_CONFIG": path}, func(s *Settings) value { return value{s.ConfigPath, s.ConfigPathSource} }, value{path, SourceEnv}},
		{"config flag", Flags{Config: path}, map[string]string{"QWOTY_CONFIG": other}, func(s *Settings) value { return value{s.ConfigPath, s.ConfigPathSource} }, value{path, SourceFlag}},
		// profile
		{"profile default", Flags{}, nil, func(s *Settings) value { return value{s.Profile, s.ProfileSource} }, value{"", SourceDefault}},
		{"profile file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.Profile, s.ProfileSource} }, value{"prod", SourceFile}},
		{"profile env", Flags{Config: path}, map[string]string{"QWOTY_PROFILE": "staging"}, func(s *Settings) value { return value{s.Profile, s.ProfileSource} }, value{"staging", SourceEnv}},
		{"profile flag", Flags{Config: path, Profile: "bare"}, map[string]string{"QWOTY_PROFILE": "staging"}, func(s *Settings) value { return value{s.Profile, s.ProfileSource} }, value{"bare", SourceFlag}},
		// base URL
		{"base_url default", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.BaseURL, s.BaseURLSource} }, value{api.DefaultBaseURL, SourceDefault}},
		{"base_url file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.BaseURL, s.BaseURLSource} }, value{"https://prod.example.com/api", SourceFile}},
		{"base_url file trimmed", Flags{Config: path, Profile: "staging"}, nil, func(s *Settings) value { return value{s.BaseURL, s.BaseURLSource} }, value{"https://staging.example.com/api", SourceFile}},
		{"base_url env", Flags{Config: path}, map[string]string{"QWOTY_BASE_URL": "http://localhost:8080/api"}, func(s *Settings) value { return value{s.BaseURL, s.BaseURLSource} }, value{"http://localhost:8080/api", SourceEnv}},
		{"base_url flag", Flags{Config: path, BaseURL: "https://flag.example.com"}, map[string]string{"QWOTY_BASE_URL": "https://env.example.com"}, func(s *Settings) value { return value{s.BaseURL, s.BaseURLSource} }, value{"https://flag.example.com", SourceFlag}},
		// timeout
		{"timeout default", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.Timeout, s.TimeoutSource} }, value{api.DefaultTimeout, SourceDefault}},
		{"timeout file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.Timeout, s.TimeoutSource} }, value{20 * time.Second, SourceFile}},
		{"timeout flag", Flags{Config: path, Timeout: 5 * time.Second}, nil, func(s *Settings) value { return value{s.Timeout, s.TimeoutSource} }, value{5 * time.Second, SourceFlag}},
		// read-only
		{"read_only default", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.ReadOnly, s.ReadOnlySource} }, value{false, SourceDefault}},
		{"read_only file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.ReadOnly, s.ReadOnlySource} }, value{true, SourceFile}},
		{"read_only file false", Flags{Config: path, Profile: "staging"}, nil, func(s *Settings) value { return value{s.ReadOnly, s.ReadOnlySource} }, value{false, SourceFile}},
		{"read_only flag adds", Flags{Config: path, Profile: "staging", ReadOnly: true}, nil, func(s *Settings) value { return value{s.ReadOnly, s.ReadOnlySource} }, value{true, SourceFlag}},
		{"read_only flag cannot remove", Flags{Config: path, ReadOnly: false}, nil, func(s *Settings) value { return value{s.ReadOnly, s.ReadOnlySource} }, value{true, SourceFile}},
		// require_reason
		{"require_reason default", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.RequireReason, s.RequireReasonSource} }, value{false, SourceDefault}},
		{"require_reason file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.RequireReason, s.RequireReasonSource} }, value{true, SourceFile}},
		// label
		{"label default", Flags{}, nil, func(s *Settings) value { return value{s.Label, s.LabelSource} }, value{"default", SourceDefault}},
		{"label profile name", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.Label, s.LabelSource} }, value{"bare", SourceDefault}},
		{"label file", Flags{Config: path}, nil, func(s *Settings) value { return value{s.Label, s.LabelSource} }, value{"PRODUCTION", SourceFile}},
		// color
		{"color default", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{s.Color, s.ColorSource} }, value{"", SourceDefault}},
		{"color hex", Flags{Config: path}, nil, func(s *Settings) value { return value{s.Color, s.ColorSource} }, value{"#d70000", SourceFile}},
		{"color ansi", Flags{Config: path, Profile: "staging"}, nil, func(s *Settings) value { return value{s.Color, s.ColorSource} }, value{"33", SourceFile}},
		// token
		{"token none", Flags{Config: path, Profile: "bare"}, nil, func(s *Settings) value { return value{nil, s.TokenSource()} }, value{nil, ""}},
		{"token file", Flags{Config: path}, nil, func(s *Settings) value { return value{nil, s.TokenSource()} }, value{nil, SourceFileToken}},
		{"token env", Flags{Config: path}, map[string]string{"QWOTY_TOKEN": envSecret}, func(s *Settings) value { return value{nil, s.TokenSource()} }, value{nil, SourceEnvToken}},
		{"token env blank", Flags{Config: path}, map[string]string{"QWOTY_TOKEN": " \n"}, func(s *Settings) value { return value{nil, s.TokenSource()} }, value{nil, SourceFileToken}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.flags, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.got(s); got != tt.want {
				t.Errorf("got %v (%s), want %v (%s)", got.v, got.src, tt.want.v, tt.want.src)
			}
		})
	}
}

func TestTokenValues(t *testing.T) {
	path := writeConfig(t, fullConfig, 0o600)
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{nil, fileSecret},
		{map[string]string{"QWOTY_TOKEN": envSecret + "\n"}, envSecret},
	} {
		s, err := Load(Flags{Config: path}, env(tt.env))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.Token()
		if err != nil || tok.Reveal() != tt.want {
			t.Errorf("Token() = %s, %v; want the %s", tok, err, tt.want[:9])
		}
	}
}

func TestProfileSelection(t *testing.T) {
	path := writeConfig(t, fullConfig, 0o600)
	empty := writeConfig(t, "# nothing yet\n", 0o600)
	missing := filepath.Join(t.TempDir(), "config.toml")
	tests := []struct {
		name    string
		flags   Flags
		env     map[string]string
		wantErr []string // all of these, or success when nil
	}{
		{"flag unknown", Flags{Config: path, Profile: "prd"}, nil,
			[]string{`profile "prd" (from --profile) is not in ` + path, "its profiles are bare, prod, staging"}},
		{"env unknown", Flags{Config: path}, map[string]string{"QWOTY_PROFILE": "dev"},
			[]string{`profile "dev" (from QWOTY_PROFILE)`, "bare, prod, staging"}},
		{"default_profile unknown", Flags{Config: writeConfig(t, "default_profile = \"gone\"\n[profiles.a]\n", 0o600)}, nil,
			[]string{`profile "gone" (from default_profile)`, "its profiles are a"}},
		{"no profiles", Flags{Config: empty, Profile: "prod"}, nil,
			[]string{"it defines no profiles"}},
		{"no file", Flags{Profile: "prod"}, map[string]string{"QWOTY_CONFIG": ""},
			[]string{`profile "prod" (from --profile) is not in`, "the file does not exist"}},
		{"named file missing", Flags{Config: missing}, nil,
			[]string{"config file " + missing + " (from --config) does not exist"}},
		{"env file missing", Flags{}, map[string]string{"QWOTY_CONFIG": missing},
			[]string{"(from QWOTY_CONFIG) does not exist"}},
		{"default file missing is fine", Flags{}, nil, nil},
		{"no profile is fine", Flags{Config: empty}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.flags, env(tt.env))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if s.Profile != "" || s.BaseURL != api.DefaultBaseURL {
					t.Errorf("got profile %q, base URL %s", s.Profile, s.BaseURL)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestDefaultFileIsRead(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "qwoty-contacts", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fullConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(Flags{}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.ConfigPath != path || !s.ConfigFound || s.Profile != "prod" {
		t.Errorf("got %s (found %v), profile %q", s.ConfigPath, s.ConfigFound, s.Profile)
	}
}

func TestBadFlagsAndEnv(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		want  string
	}{
		{"http flag", Flags{BaseURL: "http://qwoty.app/api"}, nil, "--base-url: the base URL http://qwoty.app/api uses plain http"},
		{"http env", Flags{}, map[string]string{"QWOTY_BASE_URL": "http://10.0.0.1/api"}, "QWOTY_BASE_URL: the base URL http://10.0.0.1/api uses plain http"},
		{"not a URL", Flags{BaseURL: "qwoty.app"}, nil, "is not an http(s) URL"},
		{"negative timeout", Flags{Timeout: -time.Second}, nil, "--timeout must be more than 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.flags, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	for _, u := range []string{"http://localhost:8080/api", "http://127.0.0.1/api", "http://[::1]:9/api"} {
		if _, err := Load(Flags{BaseURL: u}, env(nil)); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
}
