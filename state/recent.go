package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// MaxRecent is how many recently opened contacts are kept per profile.
const MaxRecent = 20

// RecentContact is a contact the user opened, for the quick-open list.
type RecentContact struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Email    string    `json:"email"`
	OpenedAt time.Time `json:"opened_at"`
}

// RecentList names the recent-contacts list of one profile on one API
// host, so a sandbox's contacts never show in the real profile's list (and
// the same profile pointed at another workspace keeps its own).
func RecentList(profile, apiHost string) string {
	if apiHost == "" {
		return profile
	}
	return profile + "@" + apiHost
}

// recentMu keeps two PushRecent calls in this process from losing each
// other's update.
var recentMu sync.Mutex

// recentPath returns <dir>/recent/<list>.json (list: see RecentList).
func recentPath(dir, profile string) string {
	return filepath.Join(dir, "recent", safeName(profile)+".json")
}

// LoadRecent returns the profile's recently opened contacts, newest first.
// A missing file gives an empty list. A damaged file also gives an empty
// list, with an error the UI may show or ignore; the next PushRecent
// replaces the file.
func LoadRecent(dir, profile string) ([]RecentContact, error) {
	path := recentPath(dir, profile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fail("cannot read the recent contacts", path, err)
	}
	var list []RecentContact
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("the recent contacts file %s is damaged and was ignored; it will be replaced", path)
	}
	return clean(list), nil
}

// PushRecent puts c at the front of the profile's recent contacts (moving
// it there if already listed), keeps the newest MaxRecent, saves the list
// atomically and returns it. A zero OpenedAt is set to now (UTC). A damaged
// file is replaced.
func PushRecent(dir, profile string, c RecentContact) ([]RecentContact, error) {
	if !api.ValidID(c.ID) {
		return nil, fmt.Errorf("cannot remember contact %q: not a Qwoty id", c.ID)
	}
	if c.OpenedAt.IsZero() {
		c.OpenedAt = time.Now().UTC()
	}
	recentMu.Lock()
	defer recentMu.Unlock()
	old, _ := LoadRecent(dir, profile) // a damaged list is started afresh
	list := clean(append([]RecentContact{c}, old...))
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return nil, errors.New("cannot save the recent contacts: " + err.Error())
	}
	path := recentPath(dir, profile)
	if err := writeAtomic("cannot save the recent contacts to", path, append(data, '\n')); err != nil {
		return nil, err
	}
	return list, nil
}

// clean drops invalid ids and later duplicates and keeps MaxRecent items.
func clean(list []RecentContact) []RecentContact {
	out := make([]RecentContact, 0, min(len(list), MaxRecent))
	seen := map[string]bool{}
	for _, c := range list {
		key := strings.ToLower(c.ID)
		if !api.ValidID(c.ID) || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
		if len(out) == MaxRecent {
			break
		}
	}
	return out
}
