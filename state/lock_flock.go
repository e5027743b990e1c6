//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package state

import (
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
