//go:build (!unix && !windows) || aix

package store

import (
	"errors"
	"os"
)

// tryLock reports that this system has no file locks deskbreak knows how to use.
func tryLock(f *os.File) (held bool, err error) {
	return false, errors.New("file locking is not supported on this system")
}

func unlock(f *os.File) error { return nil }

// openLockFile opens (creating) the lock file at path for reading and writing.
func openLockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// removeOnRelease: without file locks, the file is emptied as on Windows.
const removeOnRelease = false
