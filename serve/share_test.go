package serve

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/ui"
)

// sessionKeys records the session key and priority of the requests made.
type sessionKeys struct {
	ui.API
	mu       sync.Mutex
	contacts []string // session keys of GetContact
	lists    []string // session keys of EachListed
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

// waitFor polls cond for up to waitLimit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, waitLimit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Each session has its own share of the API: its requests carry its own
// session key, so that the client's scheduler takes turns between them.
// The contact list is the server's, downloaded once for everyone.
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
	for _, k := range rec.contacts {
		if k == "" {
			t.Error("a contact request without a session key")
		}
		seen[k] = true
	}
	if len(rec.contacts) < 2 || len(seen) != 2 {
		t.Errorf("session keys %v; want one key per session, two sessions", rec.contacts)
	}
	if len(rec.lists) != 1 || rec.lists[0] != "" {
		t.Errorf("list downloads with session keys %q; want one, the server's (no session)", rec.lists)
	}
}
