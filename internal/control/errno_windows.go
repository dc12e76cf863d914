package control

import (
	"errors"
	"io/fs"
	"syscall"
)

// wsaeconnrefused is WSAECONNREFUSED: Winsock reports its own code, not syscall.ECONNREFUSED.
const wsaeconnrefused = syscall.Errno(10061)

// isStale reports whether a failed dial to an existing socket file means nobody listens.
func isStale(err error) bool {
	return errors.Is(err, wsaeconnrefused) || errors.Is(err, syscall.ECONNREFUSED)
}

// isNotRunning reports whether a failed dial means no daemon is there to answer.
func isNotRunning(err error) bool { return isStale(err) || errors.Is(err, fs.ErrNotExist) }
