package serve

import "strings"

// Keys are people. A session runs as the key the client proved it holds;
// the person is that key's authorized_keys comment (shown in the status bar,
// logged, and recorded in the audit as ssh_key_name beside the key's
// fingerprint). The user name the client sends is anyone's guess: it is
// kept apart, as ssh_user_claimed, and never shown as who is signed in.

// personName is who a key belongs to, as shown and logged: its
// authorized_keys comment, or its short fingerprint when it has none.
func personName(comment, fingerprint string) string {
	if c := strings.TrimSpace(comment); c != "" {
		return c
	}
	return shortFingerprint(fingerprint)
}
