package state

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "f.json")
	for _, content := range []string{"first version, longer", "second"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Errorf("content %q, want %q", got, content)
		}
	}
	assertMode(t, path, 0o600)
	assertMode(t, dir, 0o700)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only f.json", names)
	}
}

func TestWriteFileAtomicParentIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "sub", "f.json")
	err := writeAtomic("cannot save the draft to", path, []byte("x"))
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.HasPrefix(err.Error(), "cannot save the draft to "+path+": ") || strings.Contains(err.Error(), "mkdir ") {
		t.Errorf("error %q", err)
	}
}
