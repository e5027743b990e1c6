package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// fakeLister serves a list of contacts, counting the downloads; gate,
// when set, holds each download until it is closed.
type fakeLister struct {
	mu       sync.Mutex
	contacts []api.Contact
	fail     error
	gate     chan struct{}
	calls    atomic.Int32
}

func (f *fakeLister) EachListed(ctx context.Context, _ string, fn func(*api.ListedContact) error) error {
	f.calls.Add(1)
	f.mu.Lock()
	cs, fail, gate := append([]api.Contact{}, f.contacts...), f.fail, f.gate
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if fail != nil {
		return fail
	}
	for i := range cs {
		if err := fn(listedOf(&cs[i])); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeLister) set(cs []api.Contact) {
	f.mu.Lock()
	f.contacts = cs
	f.mu.Unlock()
}

func person(i int, last string) api.Contact {
	return api.Contact{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), FirstName: "P", LastName: last, AddressIDs: []string{}}
}

// Many sessions asking at once start one download, and all get its index.
func TestSharedIndexFetchesOnceForEveryone(t *testing.T) {
	l := &fakeLister{contacts: []api.Contact{person(1, "Dupont")}, gate: make(chan struct{})}
	s := NewSharedIndex(context.Background(), l)
	var wg sync.WaitGroup
	got := make([]*ContactIndex, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = s.Index(context.Background())
		}()
	}
	time.Sleep(20 * time.Millisecond) // let them all wait
	close(l.gate)
	wg.Wait()
	for i, x := range got {
		if x == nil || x != got[0] || x.Len() != 1 {
			t.Fatalf("session %d got %v", i, x)
		}
	}
	if n := l.calls.Load(); n != 1 {
		t.Errorf("%d downloads, want 1", n)
	}
}

// A download that fails is not kept: the next one who asks tries again.
func TestSharedIndexTriesAgainAfterAFailure(t *testing.T) {
	l := &fakeLister{contacts: []api.Contact{person(1, "Dupont")}, fail: errors.New("down")}
	s := NewSharedIndex(context.Background(), l)
	if _, err := s.Index(context.Background()); err == nil || err.Error() != "down" {
		t.Fatalf("error %v, want the download's", err)
	}
	l.mu.Lock()
	l.fail = nil
	l.mu.Unlock()
	x, err := s.Index(context.Background())
	if err != nil || x.Len() != 1 || l.calls.Load() != 2 {
		t.Fatalf("index %v, error %v, %d downloads", x, err, l.calls.Load())
	}
}

// A refresh replaces the index whole, and a save made while it downloads
// is applied again to what it brings (the list may predate the save).
func TestRefreshKeepsTheSavesMadeMeanwhile(t *testing.T) {
	l := &fakeLister{contacts: []api.Contact{person(1, "Dupont"), person(2, "Martin")}}
	s := NewSharedIndex(context.Background(), l)
	if _, err := s.Index(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.set([]api.Contact{person(1, "Dupont"), person(2, "Martin"), person(3, "Weiß")})
	l.gate = make(chan struct{})
	done := make(chan error)
	go func() { done <- s.Refresh(context.Background()) }()
	waitUntil(t, func() bool { return l.calls.Load() == 2 })
	saved := person(1, "Durand")
	s.Saved(&saved)
	if got := matchIDs(s.Latest().ix, parseQuery("durand")); len(got) != 1 {
		t.Fatalf("the save is not in the index in place: %q", got)
	}
	close(l.gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	x := s.Latest()
	if x.Len() != 3 {
		t.Errorf("the refresh brought %d contacts, want 3", x.Len())
	}
	if got := matchIDs(x.ix, parseQuery("durand")); len(got) != 1 {
		t.Errorf("the refresh lost the save made meanwhile: %q", got)
	}
	if got := matchIDs(x.ix, parseQuery("dupont")); len(got) != 0 {
		t.Errorf("the old name is back: %q", got)
	}
}

// Sessions search while saves replace the index (run with -race): each
// reader sees a whole snapshot, before or after each save.
func TestReadersAndSavesTogether(t *testing.T) {
	var cs []api.Contact
	for i := range 2000 {
		cs = append(cs, person(i, fmt.Sprintf("Name%04d", i)))
	}
	s := NewSharedIndex(context.Background(), &fakeLister{contacts: cs})
	if _, err := s.Index(context.Background()); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad atomic.Int32
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				x := s.Latest()
				if x.Len() != 2000 || len(x.ix.Match(parseQuery("name"), nil)) != 2000 {
					bad.Add(1)
				}
			}
		}()
	}
	for i := range 200 {
		c := person(i*7%2000, fmt.Sprintf("Name%04d renamed", i))
		s.Saved(&c)
	}
	close(stop)
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d reads saw a partial index", bad.Load())
	}
	if got := len(s.Latest().ix.Match(parseQuery("renamed"), nil)); got == 0 {
		t.Error("no save reached the index")
	}
}
