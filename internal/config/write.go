package config

import (
	"os"
	"path/filepath"
)

// WriteFile replaces path with data (mode 0644) through a temporary file in the same
// directory and a rename, so that a running daemon, which watches the directory, never reads
// half a file. "config init", the web UI's Save and its exercise toggles write through it.
func WriteFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
