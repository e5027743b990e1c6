package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	gossh "golang.org/x/crypto/ssh"
)

// loadHostKey reads the server's private key at path, creating it (ed25519,
// OpenSSH format, mode 0600 in a 0700 directory) when it does not exist.
// created reports whether it was made now.
func loadHostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createHostKey(path); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, false, err
		} else if err == nil {
			created = true
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, false, fmt.Errorf("cannot read the host key: %w", err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("the host key %s can be read by other users (mode %04o): run chmod 600 %s", path, fi.Mode().Perm(), path)
		}
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("the host key %s is not an unencrypted OpenSSH private key: %w", path, err)
	}
	return signer, created, nil
}

// createHostKey writes a new ed25519 key; it fails with fs.ErrExist when
// another process created the file meanwhile.
func createHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("cannot generate a host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "qwoty-contacts host key")
	if err != nil {
		return fmt.Errorf("cannot encode the host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create the host key's folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("cannot create the host key: %w", err)
	}
	if err = pem.Encode(f, block); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("cannot write the host key: %w", err)
	}
	return nil
}
