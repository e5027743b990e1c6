package serve

import (
	"context"
	"time"

	"github.com/qwoty/qwoty-contacts/ui"
)

// DefaultIndexRefresh is how often the shared contact index is downloaded
// anew.
const DefaultIndexRefresh = 5 * time.Minute

// The contact index is the server's, one for its profile, shared by every
// session: downloaded once when the server starts serving, searched by
// every session from then on (none downloads the list itself), refreshed
// in the background every Config.IndexRefresh, and updated in place after
// each save made through this server (the app hands saved contacts to
// ui.Options.Contacts). Readers see whole snapshots: a refresh or a save
// makes a new one behind an atomic pointer (ui.SharedIndex). Its downloads
// are background requests, so a person's requests never wait behind them
// (api/sched.go).

// newIndex returns the server's index, with requests that end when
// cancel is called.
func newIndex(cfg Config) (*ui.SharedIndex, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	return ui.NewSharedIndex(ctx, cfg.UI.API), cancel
}

// keepIndex downloads the index at once, then again every refresh
// (never when refresh is negative), until stop is closed; then it ends
// the download under way.
func (s *Server) keepIndex(stop <-chan struct{}) {
	defer s.stopIndex()
	refresh := func() {
		start := time.Now()
		if err := s.index.Refresh(context.Background()); err != nil {
			s.log.Warn("cannot download the contact list for search; sessions can still open contacts by id", "error", err)
			return
		}
		s.log.Info("contact index ready", "contacts", s.index.Latest().Len(), "took", time.Since(start).Round(time.Millisecond).String())
	}
	go refresh()
	if s.cfg.IndexRefresh < 0 {
		<-stop
		return
	}
	every(stop, s.cfg.IndexRefresh, refresh)
}

// every runs f every d until stop is closed.
func every(stop <-chan struct{}, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			f()
		}
	}
}
