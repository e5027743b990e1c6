package serve

import (
	"context"
	"sync"
	"testing"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/ui"
)

// sessionKeys records the session key and priority of the requests made.
type sessionKeys struct {
	ui.API
	mu       sync.Mutex
	contacts []string // session keys of GetContact
	lists    []string // session keys of EachContact
}

func (k *sessionKeys) GetContact(ctx context.Context, id string) (*api.Contact, error) {
	k.mu.Lock()
	k.contacts = append(k.contacts, api.SessionOf(ctx))
	k.mu.Unlock()
	return k.API.GetContact(ctx, id)
}

func (k *sessionKeys) EachListed(ctx context.Context, customerID string, fn func(*api.ListedContact) error) error {
	k.mu.Lock()
	k.lists = append(k.lists, api.SessionOf(ctx))
	k.mu.Unlock()
	return k.API.EachListed(ctx, customerID, fn)
}

// Each session has its own share of the API: its requests carry its own
// session key, so that the client's scheduler takes turns between them.
func TestSessionsHaveTheirOwnAPIShare(t *testing.T) {
	key := newKey(t)
	var rec *sessionKeys
	e := newEnv(t, []string{line(key, "")}, func(c *Config) {
		rec = &sessionKeys{API: c.UI.API}
		c.UI.API = rec
	})
	for _, user := range []string{"ann", "ben"} {
		if err := openDocsContact(e.open(user, key)); err != nil {
			t.Fatal(err)
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	seen := map[string]bool{}
	for _, k := range append(append([]string{}, rec.contacts...), rec.lists...) {
		if k == "" {
			t.Error("a request without a session key")
		}
		seen[k] = true
	}
	if len(rec.contacts) < 2 || len(seen) != 2 {
		t.Errorf("session keys %v (contacts) and %v (lists); want one key per session, two sessions", rec.contacts, rec.lists)
	}
}
