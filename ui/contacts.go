package ui

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/qwoty/qwoty-contacts/api"
)

// ContactIndex is the workspace's contacts as the lookup searches them: a
// snapshot that never changes, safe for any number of readers. A save
// makes a new snapshot (WithSaved) that shares almost everything with the
// old one.
type ContactIndex struct{ ix *searchIndex }

// Len returns the number of contacts.
func (x *ContactIndex) Len() int {
	if x == nil {
		return 0
	}
	return x.ix.Len()
}

// WithSaved returns a snapshot in which c, as a save brought it back,
// replaces the contact with its id (or joins the list). x is unchanged.
func (x *ContactIndex) WithSaved(c *api.Contact) *ContactIndex {
	var ix *searchIndex
	if x != nil {
		ix = x.ix
	}
	return &ContactIndex{ix: ix.with(listedOf(c))}
}

// Lister streams the workspace's contacts as the list carries them;
// *api.Client implements it.
type Lister interface {
	EachListed(ctx context.Context, customerID string, fn func(*api.ListedContact) error) error
}

// BuildContactIndex downloads the workspace's contact list and indexes it
// as it streams in: one goroutine decodes, another indexes what was
// decoded, in batches, so the two share the machine's cores.
func BuildContactIndex(ctx context.Context, l Lister) (*ContactIndex, error) {
	const batchSize = 512
	var b indexBuilder
	batches := make(chan []api.ListedContact, 4)
	free := make(chan []api.ListedContact, 8)
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		for batch := range batches {
			for i := range batch {
				b.add(&batch[i])
			}
			clear(batch)
			select {
			case free <- batch[:0]:
			default:
			}
		}
	}()
	cur := make([]api.ListedContact, 0, batchSize)
	err := l.EachListed(ctx, "", func(lc *api.ListedContact) error {
		cur = append(cur, *lc)
		if len(cur) == batchSize {
			batches <- cur
			select {
			case cur = <-free:
			default:
				cur = make([]api.ListedContact, 0, batchSize)
			}
		}
		return nil
	})
	if len(cur) > 0 {
		batches <- cur
	}
	close(batches)
	<-indexed
	if err != nil {
		return nil, err
	}
	return &ContactIndex{ix: b.build()}, nil
}

// Contacts hands the app its contact index: its own, or one a server
// shares between its sessions.
type Contacts interface {
	// Index returns the latest index, fetching the list first when there
	// is none yet (one fetch however many ask); it waits until ctx ends at
	// most.
	Index(ctx context.Context) (*ContactIndex, error)
	// Latest returns the latest index without waiting: nil while there is
	// none.
	Latest() *ContactIndex
	// Saved takes a contact that a save made through the app brought back.
	Saved(c *api.Contact)
}

// SharedIndex is a Contacts safe for concurrent use: the index is fetched
// on first need (or by Refresh), replaced whole by each Refresh, and
// updated in place by each save; readers always see a complete snapshot
// (copy on write behind an atomic pointer).
type SharedIndex struct {
	ctx    context.Context // fetches live as long as this
	lister Lister

	cur atomic.Pointer[ContactIndex]

	mu       sync.Mutex
	fetching chan struct{} // closed when the running fetch ends; nil when none runs
	err      error         // the last fetch's
	// saves made while a fetch runs: applied again to its result, which
	// may have been read before them.
	saves []*api.Contact
}

// NewSharedIndex returns an index fetched through l, with requests that
// live as long as ctx.
func NewSharedIndex(ctx context.Context, l Lister) *SharedIndex {
	return &SharedIndex{ctx: ctx, lister: l}
}

// Latest implements Contacts.
func (s *SharedIndex) Latest() *ContactIndex { return s.cur.Load() }

// Index implements Contacts.
func (s *SharedIndex) Index(ctx context.Context) (*ContactIndex, error) {
	if x := s.cur.Load(); x != nil {
		return x, nil
	}
	if err := s.fetch(ctx, true); err != nil {
		return nil, err
	}
	return s.cur.Load(), nil
}

// Refresh fetches the list anew and replaces the index with it; the index
// in place stays until the new one is complete. It waits for a fetch
// already running instead of starting another.
func (s *SharedIndex) Refresh(ctx context.Context) error { return s.fetch(ctx, false) }

// fetch waits for the running fetch, or starts one (when any index will
// do, one in place is enough), and returns its error.
func (s *SharedIndex) fetch(ctx context.Context, anyIndex bool) error {
	s.mu.Lock()
	if anyIndex && s.cur.Load() != nil {
		s.mu.Unlock()
		return nil
	}
	done := s.fetching
	if done == nil {
		done = s.start()
	}
	s.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// start starts a fetch. s.mu is held.
func (s *SharedIndex) start() chan struct{} {
	done := make(chan struct{})
	s.fetching, s.saves = done, nil
	go func() {
		x, err := BuildContactIndex(s.ctx, s.lister)
		s.mu.Lock()
		if err == nil {
			for _, c := range s.saves {
				x = x.WithSaved(c)
			}
			s.cur.Store(x)
		}
		s.err, s.fetching, s.saves = err, nil, nil
		s.mu.Unlock()
		close(done)
	}()
	return done
}

// Saved implements Contacts: the contact replaces its entry in a new
// snapshot.
func (s *SharedIndex) Saved(c *api.Contact) {
	if c == nil || c.ID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fetching != nil {
		s.saves = append(s.saves, c)
	}
	if x := s.cur.Load(); x != nil {
		s.cur.Store(x.WithSaved(c))
	}
}
