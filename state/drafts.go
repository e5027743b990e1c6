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
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// Draft is an edit not sent yet, kept so it survives a crash or a closed
// terminal. It lives in <dir>/drafts/<profile>/<kind>-<id>.json.
type Draft struct {
	Profile   string     `json:"profile"`
	Kind      api.Kind   `json:"kind"`
	ID        string     `json:"id"`
	ContactID string     `json:"contact_id,omitempty"`
	Base      api.Values `json:"base"`   // the record as the edit started from it
	Edited    api.Values `json:"edited"` // the fields the user touched, with their new values
	Reason    string     `json:"reason,omitempty"`
	SavedAt   time.Time  `json:"saved_at"`
}

// SaveDraft writes d atomically, replacing any earlier draft of the same
// record. A zero SavedAt is set to now (UTC). The kind and id must name a
// record (a UUID), so they cannot escape the drafts directory.
func SaveDraft(dir string, d Draft) error {
	path, err := draftPath(dir, d.Profile, d.Kind, d.ID)
	if err != nil {
		return errors.New("cannot save the draft: " + err.Error())
	}
	if d.ContactID != "" && !api.ValidID(d.ContactID) {
		return fmt.Errorf("cannot save the draft: contact id %q is not a Qwoty id", d.ContactID)
	}
	if d.SavedAt.IsZero() {
		d.SavedAt = time.Now().UTC()
	}
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return errors.New("cannot save the draft: " + err.Error())
	}
	return writeAtomic("cannot save the draft to", path, append(data, '\n'))
}

// LoadDraft returns the draft of one record, or (nil, nil) when there is
// none. A damaged draft file gives an error naming the file.
func LoadDraft(dir, profile string, kind api.Kind, id string) (*Draft, error) {
	path, err := draftPath(dir, profile, kind, id)
	if err != nil {
		return nil, errors.New("cannot load the draft: " + err.Error())
	}
	d, err := readDraft(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if d.Profile != profile || d.Kind != kind || !strings.EqualFold(d.ID, id) {
		return nil, fmt.Errorf("the draft file %s belongs to another record or profile; delete it if it is not needed", path)
	}
	return d, nil
}

// DeleteDraft removes the draft of one record; a missing draft is not an
// error.
func DeleteDraft(dir, profile string, kind api.Kind, id string) error {
	path, err := draftPath(dir, profile, kind, id)
	if err != nil {
		return errors.New("cannot delete the draft: " + err.Error())
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fail("cannot delete the draft", path, err)
	}
	return nil
}

// ListDrafts returns the profile's drafts, most recently saved first. A
// missing directory means no drafts. Damaged files do not hide the others:
// the readable drafts come back together with an error naming the damaged
// ones.
func ListDrafts(dir, profile string) ([]Draft, error) {
	ddir := draftDir(dir, profile)
	ents, err := os.ReadDir(ddir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("cannot list the drafts in", ddir, err)
	}
	var out []Draft
	var errs []error
	for _, ent := range ents {
		name := ent.Name()
		if !ent.Type().IsRegular() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue // temporary files and strays
		}
		d, err := readDraft(filepath.Join(ddir, name))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if d.Profile != profile {
			continue // another profile whose name sanitises the same way
		}
		out = append(out, *d)
	}
	slices.SortStableFunc(out, func(a, b Draft) int {
		if c := b.SavedAt.Compare(a.SavedAt); c != 0 {
			return c
		}
		return strings.Compare(string(a.Kind)+a.ID, string(b.Kind)+b.ID)
	})
	return out, errors.Join(errs...)
}

// readDraft reads and checks one draft file. A missing file gives an error
// wrapping fs.ErrNotExist.
func readDraft(path string) (*Draft, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fail("cannot read the draft", path, err)
	}
	var d Draft
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("the draft file %s is damaged (%v); it can be deleted", path, err)
	}
	if err := checkRecord(d.Kind, d.ID); err != nil {
		return nil, fmt.Errorf("the draft file %s is damaged (%v); it can be deleted", path, err)
	}
	return &d, nil
}
