//go:build !windows && !darwin

package tray

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// openFile opens path in the desktop's default application, without waiting for it. An
// opener that cannot start is returned; one that starts and then fails (xdg-open finds no
// handler and exits 3, say) is reported to failed, from another goroutine.
func openFile(path string, failed func(error)) error {
	cmd := exec.Command("xdg-open", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s with xdg-open (package xdg-utils): %w", path, err)
	}
	go func() {
		if err := cmd.Wait(); err != nil && failed != nil {
			msg := strings.TrimSpace(stderr.String())
			if msg != "" {
				err = fmt.Errorf("%w: %s", err, msg)
			}
			failed(fmt.Errorf("xdg-open %s: %w", path, err))
		}
	}()
	return nil
}

// stepsInNote says whether "Exercises of this break..." shows the steps in a notification
// (Options.Note) rather than a text file: xdg-open often has no handler for text files on a fresh desktop, and says so only in its exit status.
const stepsInNote = true
