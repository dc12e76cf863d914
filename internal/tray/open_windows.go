package tray

import (
	"fmt"
	"os/exec"
	"syscall"
)

// openFile opens path in its default application (cmd /c start), without waiting for it and
// without flashing a console window.
func openFile(path string) error {
	cmd := exec.Command("cmd", "/c", "start", "", path)
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: 0x08000000} // CREATE_NO_WINDOW
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s with cmd /c start: %w", path, err)
	}
	go cmd.Wait()
	return nil
}
