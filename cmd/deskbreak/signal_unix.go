//go:build !windows

package main

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// detach makes cmd a session of its own, so that the web UI outlives the terminal that ran
// "deskbreak ui".
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }

// reloadOnSignal reloads the config on SIGHUP until ctx is done.
func reloadOnSignal(ctx context.Context, d *daemon.Daemon) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	defer signal.Stop(ch)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ch:
			d.RequestReload(ctx)
		}
	}
}

// ignoreSIGPIPE keeps a log reader that went away (deskbreak run 2>&1 | head -n1) from
// killing the daemon: Go raises SIGPIPE on a failed write to stderr unless it is ignored.
// The log lines are lost; the daemon goes on, saves and removes its socket as usual.
func ignoreSIGPIPE() { signal.Ignore(syscall.SIGPIPE) }
