package store

import (
	"bytes"
	"errors"
	"fmt"
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
}

// Error returns "already running (pid N)".
func (e *AlreadyRunningError) Error() string {
	if e.PID <= 0 {
		return "already running"
	}
	return fmt.Sprintf("already running (pid %d)", e.PID)
}

// Lock takes an exclusive, non-blocking lock on the file at path (creating it and its
// directory) and writes this process's id into it, so that only one daemon runs per user.
// The lock belongs to the open file: a second Lock on the same path fails even inside the
// same process, and the operating system drops it when the process dies, so a file left by
// a dead process is simply taken over. A held lock is an *AlreadyRunningError naming the
// holder's pid.
//
// release empties the file and drops the lock; call it once. The file itself stays, because
// deleting it would let two processes lock two different files of the same name.
func Lock(path string) (release func() error, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
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
		return nil, &AlreadyRunningError{PID: readPID(path)}
	}
	if err := writePID(f); err != nil {
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
		terr := f.Truncate(0)
		uerr := unlock(f)
		cerr := f.Close()
		if err := errors.Join(terr, uerr, cerr); err != nil {
			return fmt.Errorf("unlock %s: %w", path, err)
		}
		return nil
	}, nil
}

func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// readPID reads the holder's pid from path. The holder writes it just after locking, so an
// empty file is read again for a short while.
func readPID(path string) int {
	for i := 0; i < 20; i++ {
		data, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0
		}
		if pid, err := strconv.Atoi(string(bytes.TrimSpace(data))); err == nil && pid > 0 {
			return pid
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0
}
