//go:build unix

package control

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"time"
)

// ErrAlreadyRunning is returned by Listen when another daemon answers on the socket.
var ErrAlreadyRunning = errors.New("another deskbreak daemon is listening")

// Listen opens the control socket at path with mode 0600. A socket left behind by a daemon
// that died (nobody answers on it) is replaced; one that answers is left alone and Listen
// returns an error matching ErrAlreadyRunning. Anything at path that is not a socket is an
// error. Closing the listener removes the socket.
func Listen(path string) (net.Listener, error) {
	fi, err := os.Lstat(path)
	switch {
	case err == nil:
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, fmt.Errorf("listen on %s: a %v that is not a socket is in the way; remove it", path, fileKind(fi))
		}
		conn, err := net.DialTimeout("unix", path, 2*time.Second)
		if err == nil {
			conn.Close()
			return nil, fmt.Errorf("listen on %s: %w", path, ErrAlreadyRunning)
		}
		if !isStale(err) {
			return nil, fmt.Errorf("listen on %s: check the socket already there: %w", path, err)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("listen on %s: remove stale socket: %w", path, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	if err := chmodSocket(path); err != nil {
		l.Close()
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	return l, nil
}

func fileKind(fi fs.FileInfo) string {
	switch {
	case fi.IsDir():
		return "directory"
	case fi.Mode().IsRegular():
		return "file"
	case fi.Mode()&fs.ModeSymlink != 0:
		return "symlink"
	default:
		return "file of type " + fi.Mode().Type().String()
	}
}
