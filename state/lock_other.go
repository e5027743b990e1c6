//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package state

import (
	"errors"
	"os"
)

// lockFile does nothing here: appends rely on O_APPEND and a single write.
func lockFile(*os.File, bool) (unlock func()) { return func() {} }

// tryLockFile cannot lock here: records are locked within the process only.
func tryLockFile(*os.File) (bool, error) { return false, errors.ErrUnsupported }

func unlockFile(*os.File) {}

func isFull(error) bool       { return false }
func isReadOnlyFS(error) bool { return false }
