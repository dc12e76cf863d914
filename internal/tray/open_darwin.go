//go:build darwin && cgo

package tray

import (
	"fmt"
	"os/exec"
)

// openFile opens path in the default text editor (open -t), without waiting for it: a .toml
// file has no default application of its own.
func openFile(path string) error {
	cmd := exec.Command("open", "-t", path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s with open -t: %w", path, err)
	}
	go cmd.Wait()
	return nil
}
