//go:build unix && !aix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLockRefusesPlanted: a symlink (or a second hard link) planted where the lock file goes
// is refused, and the file it points at is left as it was (issue 15).
func TestLockRefusesPlanted(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"symlink", "hardlink", "fifo"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			victim := filepath.Join(dir, "victim")
			if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, LockFile)
			var err error
			switch kind {
			case "symlink":
				err = os.Symlink(victim, path)
			case "hardlink":
				err = os.Link(victim, path)
			case "fifo":
				err = syscall.Mkfifo(path, 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
			release, err := Lock(path, "")
			if err == nil {
				release()
				t.Fatalf("Lock through a %s succeeded", kind)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "remove it") {
				t.Errorf("error %q, want it to name %s and say to remove it", err, path)
			}
			if data, _ := os.ReadFile(victim); string(data) != "precious\n" {
				t.Errorf("the file the %s points at now holds %q", kind, data)
			}
		})
	}
}
