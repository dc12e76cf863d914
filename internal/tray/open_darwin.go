//go:build darwin && cgo

package tray

import (
	"fmt"
	"os/exec"
)

// openFile opens path in the default text editor (open -t), without waiting for it: a .toml
// file has no default application of its own. An opener that starts and then fails is
// reported to failed, from another goroutine.
func openFile(path string, failed func(error)) error {
	cmd := exec.Command("open", "-t", path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s with open -t: %w", path, err)
	}
	go func() {
		if err := cmd.Wait(); err != nil && failed != nil {
			failed(fmt.Errorf("open -t %s: %w", path, err))
		}
	}()
	return nil
}

// stepsInNote says whether "Exercises of this break..." shows the steps in a notification
// (Options.Note) rather than a text file: open -t always has TextEdit.
const stepsInNote = false
