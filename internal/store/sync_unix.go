//go:build !windows

package store

import (
	"errors"
	"os"
	"syscall"
)

// syncDir flushes a directory's entries (a rename) to disk. File systems that cannot sync a
// directory (EINVAL) are tolerated: the rename has happened either way.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
