package serve

import (
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/edit"
)

// saveWatch follows a session's saves from the moment a request leaves to
// its result, so that when the session ends (the person leaves, the idle
// timeout, a revoked key, the server stopping) the person is told what
// really became of a save they could not see finish.
type saveWatch struct {
	mu       sync.Mutex
	open     map[string]edit.Edit // in flight, by operation id
	finished []edit.Result        // ended after the program did: never shown
	ended    bool                 // the program has ended
	changed  chan struct{}        // poked when a save ends
}

func newSaveWatch() *saveWatch {
	return &saveWatch{open: map[string]edit.Edit{}, changed: make(chan struct{}, 1)}
}

// sending is the writer's Sending hook.
func (w *saveWatch) sending(op string, e edit.Edit) func(edit.Result) {
	w.mu.Lock()
	w.open[op] = e
	w.mu.Unlock()
	return func(r edit.Result) {
		w.mu.Lock()
		delete(w.open, op)
		if w.ended {
			w.finished = append(w.finished, r)
		}
		w.mu.Unlock()
		select {
		case w.changed <- struct{}{}:
		default:
		}
	}
}

// programEnded marks the moment the person stopped seeing results.
func (w *saveWatch) programEnded() {
	w.mu.Lock()
	w.ended = true
	w.mu.Unlock()
}

// wait lets the saves in flight finish, for at most grace, and returns
// those still open then, and those that finished unseen.
func (w *saveWatch) wait(grace time.Duration) (open map[string]edit.Edit, finished []edit.Result) {
	deadline := time.NewTimer(grace)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		n := len(w.open)
		w.mu.Unlock()
		if n == 0 {
			break
		}
		select {
		case <-w.changed:
			continue
		case <-deadline.C:
		}
		break
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	open = make(map[string]edit.Edit, len(w.open))
	for op, e := range w.open {
		open[op] = e
	}
	return open, append([]edit.Result(nil), w.finished...)
}

// savedOver reports whether a save that finished unseen put e's target on
// the server: the edit still on screen is then moot.
func savedOver(e edit.Edit, finished []edit.Result) bool {
	for _, r := range finished {
		if r.Landed() && r.Edit.Kind == e.Kind && api.SameID(r.Edit.ID, e.ID) {
			return true
		}
	}
	return false
}
