//go:build unix

package autostart

import (
	"os/exec"
	"syscall"
)

// detach makes cmd a session leader of its own, so that closing the terminal that ran
// "deskbreak start" does not end it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
