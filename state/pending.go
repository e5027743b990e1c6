package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// Pending markers: while a write is in flight, <dir>/pending/<op>.json
// holds a copy of its attempt entry. The result's entry removes it. A
// marker left behind names a write whose outcome nobody saw (the process
// was killed, the machine lost power): the next start reads the record
// again and records what it finds, without scanning the whole audit log.

func pendingPath(dir, op string) (string, error) {
	if !api.ValidID(op) {
		return "", fmt.Errorf("%q is not an operation id", op)
	}
	return filepath.Join(dir, "pending", strings.ToLower(op)+".json"), nil
}

// WritePending records that the attempt e is in flight (atomically, synced).
func WritePending(dir string, e Entry) error {
	path, err := pendingPath(dir, e.Op)
	if err != nil {
		return err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := writeAtomic("cannot record the write in flight in", path, data); err != nil {
		return stateError(dir, path, errors.Unwrap(err))
	}
	return nil
}

// PendingExists reports whether op is still marked in flight.
func PendingExists(dir, op string) bool {
	path, err := pendingPath(dir, op)
	if err != nil {
		return false
	}
	_, err = os.Stat(path)
	return err == nil
}

// RemovePending drops the marker of op; a missing marker is not an error.
func RemovePending(dir, op string) error {
	path, err := pendingPath(dir, op)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail("cannot remove the marker of a finished write", path, err)
	}
	return nil
}

// ListPending returns the attempts still marked in flight, oldest first.
// Damaged markers are skipped and reported in the error, by file name.
func ListPending(dir string) ([]Entry, error) {
	pdir := filepath.Join(dir, "pending")
	names, err := os.ReadDir(pdir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("cannot read the writes in flight in", pdir, err)
	}
	var out []Entry
	var errs []error
	for _, n := range names {
		if n.IsDir() || !strings.HasSuffix(n.Name(), ".json") || strings.HasPrefix(n.Name(), ".") {
			continue
		}
		path := filepath.Join(pdir, n.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fail("cannot read", path, err))
			continue
		}
		var e Entry
		if json.Unmarshal(data, &e) != nil || e.Entry != EntryAttempt || !api.ValidID(e.Op) {
			errs = append(errs, fmt.Errorf("the marker %s is damaged; it can be deleted once `qwoty-contacts log` shows its write", path))
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	return out, errors.Join(errs...)
}
