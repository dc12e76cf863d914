//go:build unix

package control

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// checkOwner fails unless this user owns dir and no other user could write into it; it
// takes away others' access to read or enter it. A dir others could write into may hold
// what they planted (a symlink where the socket goes), so it is refused rather than fixed.
func checkOwner(dir string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("runtime dir %s: cannot read its owner", dir)
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return &takenError{fmt.Sprintf("runtime dir %s: owned by uid %d, not by this user (uid %d); remove it or set XDG_RUNTIME_DIR", dir, st.Uid, uid)}
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("runtime dir %s: mode %04o lets other users write into it, so what is inside cannot be trusted; remove it (deskbreak makes it again, mode 0700)", dir, fi.Mode().Perm())
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("runtime dir %s: mode %04o is open to others: %w", dir, fi.Mode().Perm(), err)
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
