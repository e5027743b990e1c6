//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package state

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an advisory lock on f (exclusive or shared) and returns
// the function releasing it. Locking is best effort: when the file system
// does not support it, the caller goes on unlocked.
func lockFile(f *os.File, exclusive bool) (unlock func()) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	fd := int(f.Fd())
	for {
		err := syscall.Flock(fd, how)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return func() {}
		}
		return func() { _ = syscall.Flock(fd, syscall.LOCK_UN) }
	}
}

// tryLockFile tries to take an exclusive lock on f without waiting. held
// is false when another open file holds it; an error means the file system
// cannot lock (the caller then relies on the in-process lock alone).
func tryLockFile(f *os.File) (held bool, err error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case err == syscall.EINTR:
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		}
		return false, err
	}
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// isFull reports a full disk or an exceeded quota.
func isFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// isReadOnlyFS reports a read-only file system.
func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }
