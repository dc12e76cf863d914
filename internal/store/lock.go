package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// AlreadyRunningError is returned by Lock when another process holds the lock.
type AlreadyRunningError struct {
	// PID is the holder's process id, or 0 when it could not be read.
	PID int
	// Socket is the control socket the holder wrote beside its pid, or "".
	Socket string
}

// Error returns "already running (pid N), listening on SOCKET".
func (e *AlreadyRunningError) Error() string {
	msg := "already running"
	if e.PID > 0 {
		msg = fmt.Sprintf("already running (pid %d)", e.PID)
	}
	if e.Socket != "" {
		msg += ", listening on " + e.Socket
	}
	return msg
}

// Lock takes an exclusive, non-blocking lock on the file at path (creating it and its
// directory) and writes this process's id into it, and on a second line socket when it is
// not "" (where this process listens, for the error a second process gets), so that only
// one daemon runs per user. The file is opened without following a symlink, and must be a
// regular file of this user's with no other link to it (where the system tells).
// The lock belongs to the open file: a second Lock on the same path fails even inside the
// same process, and the operating system drops it when the process dies, so a file left by
// a dead process is simply taken over. A held lock is an *AlreadyRunningError naming the
// holder's pid.
//
// release drops the lock; call it once. Where the system lets a locked file be deleted
// (unix), release deletes it while still holding the lock, so a clean stop leaves nothing
// behind; elsewhere it empties it. Deleting is safe because Lock checks, once it holds the
// lock, that the path still names the file it locked, and starts again if it does not: two
// processes never hold locks on two different files of the same name.
func Lock(path, socket string) (release func() error, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := lockCurrent(path)
	if err != nil {
		return nil, err
	}
	if err := writePID(f, socket); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("lock %s: write pid: %w", path, err)
	}
	released := false
	return func() error {
		if released {
			return fmt.Errorf("unlock %s: already released", path)
		}
		released = true
		var terr error
		if removeOnRelease {
			terr = os.Remove(path)
		} else {
			terr = f.Truncate(0)
		}
		uerr := unlock(f)
		cerr := f.Close()
		if err := errors.Join(terr, uerr, cerr); err != nil {
			return fmt.Errorf("unlock %s: %w", path, err)
		}
		return nil
	}, nil
}

// lockCurrent opens the lock file at path and locks it. A holder that stops deletes the file
// while holding its lock, so a file opened just before that is no longer the one at path once
// locked: lockCurrent then tries again with the new file, a few times.
func lockCurrent(path string) (*os.File, error) {
	for try := 0; ; try++ {
		f, err := openLockFile(path, true)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if held {
			f.Close()
			pid, sock := readPID(path)
			return nil, &AlreadyRunningError{PID: pid, Socket: sock}
		}
		locked, ferr := f.Stat()
		named, lerr := os.Lstat(path)
		if ferr == nil && lerr == nil && os.SameFile(locked, named) {
			return f, nil
		}
		unlock(f)
		f.Close()
		if try == 10 {
			return nil, fmt.Errorf("lock %s: the file kept being replaced while it was locked", path)
		}
	}
}

func writePID(f *os.File, socket string) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	text := strconv.Itoa(os.Getpid()) + "\n"
	if socket != "" {
		text += socket + "\n"
	}
	_, err := f.WriteAt([]byte(text), 0)
	return err
}

// readPID reads the holder's pid, and its socket when it wrote one, from path. The holder
// writes them just after locking, so an empty file is read again for a short while.
func readPID(path string) (pid int, socket string) {
	for i := 0; i < 20; i++ {
		data, err := readLockFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, ""
		}
		if pid, socket := parseLock(data); pid > 0 {
			return pid, socket
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, ""
}

// Holder reads the lock file at path once: the pid of the process that wrote it and its
// socket ("" when it wrote none). pid is 0 when the file is missing or empty, as a daemon
// that stopped leaves it. The writer may have died since: only Lock knows for sure.
func Holder(path string) (pid int, socket string) {
	data, err := readLockFile(path)
	if err != nil {
		return 0, ""
	}
	return parseLock(data)
}

// parseLock reads what writePID wrote: the pid (0 when there is none) and the socket.
func parseLock(data []byte) (pid int, socket string) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	pid, err := strconv.Atoi(string(bytes.TrimSpace(first)))
	if err != nil || pid <= 0 {
		return 0, ""
	}
	return pid, string(bytes.TrimSpace(rest))
}

// readLockFile reads at most 4 KiB of the lock file at path, without following a symlink
// and without creating it.
func readLockFile(path string) ([]byte, error) {
	f, err := openLockFile(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 4096))
}
