//go:build unix && !aix

package store

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// tryLock takes an exclusive flock on f without waiting; held reports that another open
// file holds it.
func tryLock(f *os.File) (held bool, err error) {
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if errors.Is(err, unix.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

func unlock(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_UN) }

// openLockFile opens the lock file at path: created if need be, for reading and writing, to
// lock it; only for reading, and never created, otherwise. A symlink at path is refused rather than followed (another user who could write into the directory
// could point it at any file of ours, which Lock would truncate), and so is what is not a
// regular file of this user's with one link.
func openLockFile(path string, create bool) (*os.File, error) {
	flags := os.O_RDONLY
	if create {
		flags = os.O_RDWR | os.O_CREATE
	}
	f, err := os.OpenFile(path, flags|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o600)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("a symlink is in the way; remove it: %w", err)
	}
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("check what was opened: %w", err)
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		err = errors.New("not a regular file; remove it")
	case int(st.Uid) != os.Getuid():
		err = fmt.Errorf("owned by uid %d, not by this user (uid %d); remove it", st.Uid, os.Getuid())
	case st.Nlink != 1:
		err = fmt.Errorf("the file has %d links, so another name points at it; remove it", st.Nlink)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// removeOnRelease: a unix file can be deleted while it is open and locked.
const removeOnRelease = true
