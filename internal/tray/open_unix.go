//go:build !windows && !darwin

package tray

import (
	"fmt"
	"os/exec"
)

// openFile opens path in the desktop's default application, without waiting for it.
func openFile(path string) error {
	cmd := exec.Command("xdg-open", path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s with xdg-open (package xdg-utils): %w", path, err)
	}
	go cmd.Wait() // reap it; its exit status says nothing useful
	return nil
}
