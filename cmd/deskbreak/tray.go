package main

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/tray"
	"github.com/deskbreak/deskbreak/internal/trayhost"
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
	// The tray's notes (the steps of a break, an opener that failed) have a notifier of
	// their own, so that they never replace the break's notification. It connects on the
	// first note.
	notes := notify.New(log, nil)
	defer notes.Shutdown()
	tray.Run(ctx, d, tray.Options{
		Host:          trayhost.SNI{},
		ConfigPath:    path,
		DefaultConfig: config.DefaultFile,
		Log:           log,
		OnQuit:        cancel,
		Version:       version,
		OpenUI:        openUI,
		Note: func(ctx context.Context, summary, body string) error {
			return notes.Show(ctx, notify.Message{Summary: summary, Body: body, Timeout: 2 * time.Minute, Category: "x-deskbreak.note"})
		},
	})
	cancel()
	return <-errc
}
