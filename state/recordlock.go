package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/qwoty/qwoty-contacts/api"
)

// Record locks: from the conflict-check read to the end of its PATCH, a
// write holds its record's lock, so two writes to one record from this
// machine never interleave (the later one sees the earlier one's values,
// and its conflict check works). Within a process a lock is a channel;
// across processes sharing a state folder, an flock on
// <dir>/locks/<host>/<kind>-<id>.lock.

var (
	heldMu sync.Mutex
	held   = map[string]chan struct{}{}
)

// lockPoll is how often a waiting process retries another's file lock.
const lockPoll = 5 * time.Millisecond

// LockRecord takes the lock of one record of one API host, waiting until
// it is free or ctx ends. dir is the state folder ("" locks within the
// process only). The returned function releases it.
func LockRecord(ctx context.Context, dir, apiHost string, kind api.Kind, id string) (unlock func(), err error) {
	if err := checkRecord(kind, id); err != nil {
		return nil, err
	}
	name := filepath.Join(safeName(apiHost), string(kind)+"-"+strings.ToLower(id)+".lock")
	ch := func() chan struct{} {
		heldMu.Lock()
		defer heldMu.Unlock()
		c, ok := held[name]
		if !ok {
			c = make(chan struct{}, 1)
			held[name] = c
		}
		return c
	}()
	select {
	case ch <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-ch }
	if dir == "" {
		return release, nil
	}
	path := filepath.Join(dir, "locks", name)
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		release()
		return nil, stateError(dir, path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, fileMode)
	if err != nil {
		release()
		return nil, stateError(dir, path, err)
	}
	for {
		ok, err := tryLockFile(f)
		if ok || err != nil { // err: no file locks here; the channel still serialises this process
			return func() {
				if ok {
					unlockFile(f)
				}
				f.Close()
				release()
			}, nil
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			f.Close()
			release()
			return nil, ctx.Err()
		}
	}
}

// ErrLockTimeout is returned (wrapped) when a record stays locked by
// another write for longer than the caller waits.
var ErrLockTimeout = errors.New("another write to this record is still under way")
