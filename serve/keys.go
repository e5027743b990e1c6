package serve

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// readOnlyOption, on a line of the authorized-keys file, makes that key's
// sessions read-only.
const readOnlyOption = "qwoty-read-only"

// ignoredOptions are authorized_keys options that need nothing from this
// server: it forwards nothing, runs no rc file and only ever serves the app.
// Any other option (from=, command=, expiry-time=, no-pty, cert-authority…)
// is a restriction the server cannot honour, so a line carrying one is
// skipped (fail closed) with a warning.
var ignoredOptions = map[string]bool{
	"restrict": true, "pty": true, "no-touch-required": true,
	"no-port-forwarding": true, "no-agent-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
	"port-forwarding": true, "agent-forwarding": true, "x11-forwarding": true, "user-rc": true,
}

// keyEntry is what a key file says about one key.
type keyEntry struct {
	comment  string
	readOnly bool
}

// keyFile is an authorized_keys file, re-read whenever its size or
// modification time changes, so access is granted and revoked without a
// restart. It is safe for concurrent use.
type keyFile struct {
	path string
	log  *slog.Logger
	// unreadable says what happens while the file cannot be read.
	unreadable string

	mu     sync.Mutex
	info   os.FileInfo // of the file when last read
	readAt time.Time
	keys   map[string]keyEntry // by the key's wire encoding
	err    error               // why the file cannot be read; no key matches then
}

func newKeyFile(path, unreadable string, log *slog.Logger) (*keyFile, error) {
	f := &keyFile{path: path, unreadable: unreadable, log: log}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh()
	return f, f.err
}

// lookup returns the entry of key, re-reading the file first when it
// changed. err is set when the file cannot be read.
func (f *keyFile) lookup(key gossh.PublicKey) (keyEntry, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refresh()
	if f.err != nil {
		return keyEntry{}, false, f.err
	}
	e, ok := f.keys[string(key.Marshal())]
	return e, ok, nil
}

// refresh re-reads the file when it changed: another file (replaced), size
// or modification time. A file modified shortly before it was read is read
// again until that is no longer recent, so that two writes within the file
// system's timestamp granularity are both seen. f.mu is held.
func (f *keyFile) refresh() {
	fi, err := os.Stat(f.path)
	if err == nil && f.err == nil && f.info != nil && os.SameFile(fi, f.info) &&
		fi.Size() == f.info.Size() && fi.ModTime().Equal(f.info.ModTime()) &&
		fi.ModTime().Before(f.readAt.Add(-2*time.Second)) {
		return
	}
	changed := f.info == nil || err != nil || !os.SameFile(fi, f.info) ||
		fi.Size() != f.info.Size() || !fi.ModTime().Equal(f.info.ModTime())
	var data []byte
	if err == nil {
		data, err = os.ReadFile(f.path)
	}
	if err != nil {
		if f.err == nil {
			f.log.Warn("cannot read a key file: "+f.unreadable, "path", f.path, "error", err)
		}
		f.keys, f.err = nil, fmt.Errorf("cannot read %s: %w", f.path, err)
		return
	}
	log := f.log
	if !changed && f.err == nil {
		log = slog.New(slog.DiscardHandler) // a re-read of the same file: said already
	}
	f.info, f.readAt, f.err = fi, time.Now(), nil
	f.keys = parseKeys(data, f.path, log)
	ro := 0
	for _, e := range f.keys {
		if e.readOnly {
			ro++
		}
	}
	log.Info("key file loaded", "path", f.path, "keys", len(f.keys), "read_only", ro)
}

// parseKeys reads an OpenSSH authorized_keys file. Blank lines and comments
// are skipped; so are, with a warning, lines that are not keys or carry an
// option the server cannot honour. A key listed twice is read-only if any
// of its lines says so.
func parseKeys(data []byte, path string, log *slog.Logger) map[string]keyEntry {
	keys := map[string]keyEntry{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			log.Warn("skipped a line that is not a public key", "path", path, "line", i+1)
			continue
		}
		e := keyEntry{comment: comment}
		if bad := e.apply(options); bad != "" {
			log.Warn("skipped a key with an option this server cannot honour", "path", path, "line", i+1, "option", bad, "key", gossh.FingerprintSHA256(key))
			continue
		}
		id := string(key.Marshal())
		if old, ok := keys[id]; ok {
			e.readOnly = e.readOnly || old.readOnly
			if old.comment != "" {
				e.comment = old.comment
			}
		}
		keys[id] = e
	}
	return keys
}

// apply reads a line's options; it returns the first one it cannot honour.
func (e *keyEntry) apply(options []string) string {
	for _, o := range options {
		name, _, _ := strings.Cut(o, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == readOnlyOption:
			e.readOnly = true
		case !ignoredOptions[name]:
			return name
		}
	}
	return ""
}

// keyring answers who may come in, and how: the authorized-keys file
// grants access; the read-only list (or the qwoty-read-only option) limits
// it.
type keyring struct {
	authorized *keyFile
	readOnly   *keyFile // nil when there is no read-only list
}

// access is the outcome of a key lookup.
type access struct {
	allowed  bool
	readOnly bool
	comment  string
	// why explains a refusal, for the operator's log.
	why string
}

func (k *keyring) check(key gossh.PublicKey) access {
	e, ok, err := k.authorized.lookup(key)
	switch {
	case err != nil:
		return access{why: "the authorized-keys file cannot be read"}
	case !ok:
		if k.readOnly != nil {
			if _, listed, _ := k.readOnly.lookup(key); listed {
				return access{why: "key is in the read-only list but not in the authorized-keys file"}
			}
		}
		return access{why: "key not in the authorized-keys file"}
	}
	a := access{allowed: true, readOnly: e.readOnly, comment: e.comment}
	if k.readOnly != nil && !a.readOnly {
		_, listed, err := k.readOnly.lookup(key)
		// An unreadable read-only list makes everyone read-only rather than
		// lifting the restriction.
		a.readOnly = listed || err != nil
	}
	return a
}
