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

// openLockFile opens the lock file at path: created if need be, for reading and writing, to
// lock it; only for reading, and never created, otherwise.
func openLockFile(path string, create bool) (*os.File, error) {
	if !create {
		return os.Open(path)
	}
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// removeOnRelease: without file locks, the file is emptied as on Windows.
const removeOnRelease = false
