//go:build unix

package control

import (
	"errors"
	"io/fs"
	"syscall"
)

// isStale reports whether a failed dial to an existing socket file means nobody listens.
func isStale(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// isNotRunning reports whether a failed dial means no daemon is there to answer.
func isNotRunning(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, fs.ErrNotExist)
}
