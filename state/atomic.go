package state

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

const (
	dirMode  = 0o700
	fileMode = 0o600
)

// WriteFileAtomic replaces the file at path with data so that readers see
// either the old content or the new one, never a mix: it writes a 0600
// temporary file in the same directory, syncs it, renames it over path and
// syncs the directory. The parent directory is created with mode 0700 when
// missing.
func WriteFileAtomic(path string, data []byte) error {
	return writeAtomic("cannot save", path, data)
}

// writeAtomic is WriteFileAtomic with the opening words of its error
// messages, such as "cannot save the draft to".
func writeAtomic(what, path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fail(what, path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fail(what, path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already uses 0600; Chmod makes it independent of that.
	if err := tmp.Chmod(fileMode); err != nil && runtime.GOOS != "windows" {
		return fail(what, path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(what, path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(what, path, err)
	}
	if err := tmp.Close(); err != nil {
		return fail(what, path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(what, path, err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return fail(what, path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable. Windows cannot sync directories.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// mkdir creates dir (and its parents) with mode 0700.
func mkdir(what, dir string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fail(what, dir, err)
	}
	return nil
}

// fileError is an error in plain words that still unwraps to the OS error,
// so errors.Is(err, fs.ErrPermission) keeps working.
type fileError struct {
	msg string
	err error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.err }

// fail builds "<what> <path>: <reason>", where reason is the operating
// system's words ("permission denied") without Go's "open /x:" prefix.
func fail(what, path string, err error) error {
	return &fileError{msg: what + " " + path + ": " + reason(err), err: err}
}

// reason strips the operation and path Go puts in front of an OS error.
func reason(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		return pe.Err.Error()
	case errors.As(err, &le):
		return le.Err.Error()
	case errors.As(err, &se):
		return se.Err.Error()
	}
	return err.Error()
}
