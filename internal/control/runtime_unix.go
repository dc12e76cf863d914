//go:build unix

package control

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// checkOwner fails unless this user owns dir; it makes a dir open to others 0700 again.
func checkOwner(dir string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("runtime dir %s: cannot read its owner", dir)
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return fmt.Errorf("runtime dir %s: owned by uid %d, not by this user (uid %d); remove it or set XDG_RUNTIME_DIR", dir, st.Uid, uid)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("runtime dir %s: mode %v is open to others: %w", dir, fi.Mode().Perm(), err)
		}
	}
	return nil
}

// chmodSocket gives the socket at path mode 0600.
func chmodSocket(path string) error { return os.Chmod(path, 0o600) }

// checkSocketEnv returns the socket path $DESKBREAK_SOCKET names, cleaned.
func checkSocketEnv(s string) (string, error) { return filepath.Clean(s), nil }

// defaultSocketPath returns control.sock in RuntimeDir, which it creates.
func defaultSocketPath(getenv func(string) string) (string, error) {
	dir, err := RuntimeDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, socketName), nil
}
