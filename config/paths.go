package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// appName names the application's directories.
const appName = "qwoty-contacts"

// DefaultPath returns the config file's usual path:
// qwoty-contacts/config.toml under os.UserConfigDir (on Linux
// $XDG_CONFIG_HOME or ~/.config).
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the config directory: %w", err)
	}
	return filepath.Join(dir, appName, "config.toml"), nil
}

// StateDir returns the directory for the audit log, drafts, recent contacts
// and crash reports: $QWOTY_STATE_DIR if set, else on Windows
// os.UserCacheDir()/qwoty-contacts, else $XDG_STATE_HOME/qwoty-contacts
// (when absolute), else ~/.local/state/qwoty-contacts. It does not create
// the directory.
func StateDir() (string, error) {
	return stateDir(os.Getenv, runtime.GOOS, os.UserHomeDir, os.UserCacheDir)
}

func stateDir(getenv func(string) string, goos string, home, cache func() (string, error)) (string, error) {
	if dir := getenv("QWOTY_STATE_DIR"); dir != "" {
		return dir, nil
	}
	if goos == "windows" {
		dir, err := cache()
		if err != nil {
			return "", fmt.Errorf("cannot find a state directory (set QWOTY_STATE_DIR): %w", err)
		}
		return filepath.Join(dir, appName), nil
	}
	if dir := getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, appName), nil
	}
	dir, err := home()
	if err != nil {
		return "", fmt.Errorf("cannot find a state directory (set QWOTY_STATE_DIR): %w", err)
	}
	return filepath.Join(dir, ".local", "state", appName), nil
}
