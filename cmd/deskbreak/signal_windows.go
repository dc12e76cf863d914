//go:build windows

package main

import (
	"context"
	"os/exec"
	"syscall"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// reloadOnSignal does nothing on Windows, which has no SIGHUP; the config file is watched,
// and "deskbreak reload" works.
func reloadOnSignal(ctx context.Context, d *daemon.Daemon) {}

// ignoreSIGPIPE does nothing on Windows, which has no SIGPIPE.
func ignoreSIGPIPE() {}

// detach starts cmd without a console window of its own: the web UI needs none.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: 0x08000000} // CREATE_NO_WINDOW
}
