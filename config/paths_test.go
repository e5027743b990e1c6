package config

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestStateDir(t *testing.T) {
	home := func() (string, error) { return "/home/ana", nil }
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	cache := func() (string, error) { return `C:\Users\ana\AppData\Local`, nil }
	tests := []struct {
		name string
		env  map[string]string
		goos string
		home func() (string, error)
		want string // "" for an error
	}{
		{"override", map[string]string{"QWOTY_STATE_DIR": "/srv/q", "XDG_STATE_HOME": "/x"}, "linux", home, "/srv/q"},
		{"xdg", map[string]string{"XDG_STATE_HOME": "/x"}, "linux", home, filepath.Join("/x", "qwoty-contacts")},
		{"relative xdg ignored", map[string]string{"XDG_STATE_HOME": "x"}, "linux", home, filepath.Join("/home/ana", ".local", "state", "qwoty-contacts")},
		{"home", nil, "darwin", home, filepath.Join("/home/ana", ".local", "state", "qwoty-contacts")},
		{"windows", map[string]string{"XDG_STATE_HOME": "/x"}, "windows", home, filepath.Join(`C:\Users\ana\AppData\Local`, "qwoty-contacts")},
		{"windows override", map[string]string{"QWOTY_STATE_DIR": `D:\q`}, "windows", home, `D:\q`},
		{"no home", nil, "linux", noHome, ""},
	}
	for _, tt := range tests {
		got, err := stateDir(env(tt.env), tt.goos, tt.home, cache)
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s: got %q, want an error", tt.name, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	got, err := DefaultPath()
	if want := filepath.Join(dir, "qwoty-contacts", "config.toml"); err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
