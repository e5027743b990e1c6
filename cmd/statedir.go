package cmd

import "github.com/qwoty/qwoty-contacts/config"

// stateDir finds the folder holding the audit log and drafts. It reads
// QWOTY_STATE_DIR through the command's environment first (so tests can
// point it at a temporary folder without touching the process's
// environment), then falls back to config.StateDir.
func stateDir(std *IO) (string, error) {
	if dir := std.getenv("QWOTY_STATE_DIR"); dir != "" {
		return dir, nil
	}
	return config.StateDir()
}
