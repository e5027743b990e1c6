package state

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/qwoty/qwoty-contacts/api"
)

// safeName turns a profile name into a file name: characters outside
// [A-Za-z0-9._-] become "_", a leading dot becomes "_" (so "." and ".."
// cannot name a directory) and an empty name becomes "default". Different
// profile names may map to the same file name; the files record the real
// profile name so a mix-up is detected.
func safeName(profile string) string {
	if profile == "" {
		return "default"
	}
	var b strings.Builder
	for i, r := range profile {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '-' || r == '_' || r == '.' && i > 0
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// checkRecord refuses a kind or id that could not name a Qwoty record, and
// so could not be used to build a path.
func checkRecord(kind api.Kind, id string) error {
	if kind != api.KindContact && kind != api.KindAddress {
		return fmt.Errorf("%q is not a kind of record (expected contact or address)", string(kind))
	}
	if !api.ValidID(id) {
		return fmt.Errorf("%q is not a Qwoty id (expected a UUID)", id)
	}
	return nil
}

// draftDir returns the directory holding a profile's drafts.
func draftDir(dir, profile string) string {
	return filepath.Join(dir, "drafts", safeName(profile))
}

// draftPath returns the file of one record's draft. Ids are lower-cased so
// the same record always maps to the same file.
func draftPath(dir, profile string, kind api.Kind, id string) (string, error) {
	if err := checkRecord(kind, id); err != nil {
		return "", err
	}
	return filepath.Join(draftDir(dir, profile), string(kind)+"-"+strings.ToLower(id)+".json"), nil
}
