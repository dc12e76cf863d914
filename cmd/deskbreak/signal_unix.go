//go:build !windows

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

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
