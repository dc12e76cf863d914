package main

import (
	"context"
	"log/slog"
	"runtime"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/tray"
)

// The tray's event loop must run on the process's main thread (macOS requires it): keep the
// main goroutine there from the start.
func init() { runtime.LockOSThread() }

// runWithTray runs the daemon beside the tray, which takes the main goroutine. Quit in the
// tray, or ctx ending, stops both; the daemon saves before Run returns.
func runWithTray(ctx context.Context, cancel context.CancelFunc, d *daemon.Daemon, log *slog.Logger, path string, openUI func(string) error) error {
	errc := make(chan error, 1)
	go func() {
		errc <- d.Run(ctx)
		cancel()
	}()
	tray.Run(ctx, d, tray.Options{
		ConfigPath:    path,
		DefaultConfig: config.DefaultFile,
		Log:           log,
		OnQuit:        cancel,
		Version:       version,
		OpenUI:        openUI,
	})
	cancel()
	return <-errc
}
