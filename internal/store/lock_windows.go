package store

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// The locked byte lies far beyond the pid text: Windows locks are mandatory, and a lock on
// the text itself would stop a second process from reading the holder's pid.
const (
	lockOffsetHigh = 1 // 4 GiB
	lockLen        = 1
)

// tryLock takes an exclusive LockFileEx lock on f without waiting; held reports that
// another open file holds it.
func tryLock(f *os.File) (held bool, err error) {
	ol := windows.Overlapped{OffsetHigh: lockOffsetHigh}
	err = windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, lockLen, 0, &ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return true, nil
	}
	return false, err
}

func unlock(f *os.File) error {
	ol := windows.Overlapped{OffsetHigh: lockOffsetHigh}
	return windows.UnlockFileEx(windows.Handle(f.Fd()), 0, lockLen, 0, &ol)
}

// openLockFile opens the lock file at path: created if need be, for reading and writing, to
// lock it; only for reading, and never created, otherwise.
func openLockFile(path string, create bool) (*os.File, error) {
	if !create {
		return os.Open(path)
	}
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// removeOnRelease: Windows refuses to delete a file another handle has open, so the released
// lock file is emptied instead.
const removeOnRelease = false
