// Package faultfs gives tests state folders that fail for real: one on a
// full file system, one that cannot be written. On Linux as root they are
// tmpfs mounts (a 64 KiB one filled to the brim, a read-only one); as
// another user a read-only folder is a folder without write permission.
package faultfs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// FullDir returns a folder on a 64 KiB file system with no space left: any
// new file or append fails with ENOSPC. The file "filler" uses the space.
func FullDir(t testing.TB) string {
	t.Helper()
	dir := mountTmpfs(t, "size=64k")
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("x"), 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// Fill the last partial block, byte by byte.
	for {
		if _, err := f.Write([]byte("x")); err != nil {
			break
		}
	}
	f.Close()
	return dir
}

// ReadOnlyDir returns a folder holding the files given (name → content)
// that cannot be written to: a read-only tmpfs as root, else a folder
// without write permission.
func ReadOnlyDir(t testing.TB, files map[string]string) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		dir := t.TempDir()
		write(t, dir, files)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return dir
	}
	dir := mountTmpfs(t, "size=1m")
	write(t, dir, files)
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, "size=1m"); err != nil {
		t.Fatalf("cannot remount %s read-only: %v", dir, err)
	}
	return dir
}

func write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// mountTmpfs mounts a tmpfs with the options on a fresh folder, unmounted
// at the end of the test. It needs Linux and root: a test that needs a
// full disk fails, with the reason, where it cannot have one.
func mountTmpfs(t testing.TB, opts string) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		Needs(t, "Linux and root, to mount a small tmpfs", "run the tests as root")
	}
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, opts+",mode=0700"); err != nil {
		Needs(t, "the right to mount a tmpfs", err.Error())
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}
