package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/deskbreak/deskbreak/internal/sibling"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// installedUI returns the installed web UI program: $DESKBREAK_UI, else deskbreak-ui beside
// this binary, else on PATH; "" when there is none. Unlike "deskbreak ui" it never falls back
// to "go run": the daemon opens windows by itself only with a real installation.
func installedUI(getenv func(string) string) string {
	if p := getenv("DESKBREAK_UI"); p != "" {
		return p
	}
	return sibling.Find("deskbreak-ui")
}

// uiOpener returns a function that opens a page of the installed web UI in a process of its
// own (which exits by itself when its window closes), or nil when the UI is not installed.
func uiOpener(getenv func(string) string, log *slog.Logger) func(page string) error {
	ui := installedUI(getenv)
	if ui == "" {
		return nil
	}
	return func(page string) error {
		cmd := exec.Command(ui, page)
		cmd.Stderr = os.Stderr // its log joins the daemon's
		detach(cmd)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("open the %s page: %w", page, err)
		}
		log.Info("opened the web UI", "page", page, "pid", cmd.Process.Pid)
		go cmd.Wait()
		return nil
	}
}

// hasDisplay reports whether a graphical session is there to show a window in.
func hasDisplay(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// openBreakWindows opens the break page each time a break comes due, while [ui]
// break_window is on (read from the config file at that moment, so a reload counts), the
// web UI is installed and there is a display. It returns when ctx is done.
func openBreakWindows(ctx context.Context, d *daemon.Daemon, open func(string) error, path string, getenv func(string) string, log *slog.Logger) {
	if open == nil || !hasDisplay(getenv) {
		return
	}
	snaps, err := d.Watch(ctx)
	if err != nil {
		log.Warn("no break window: cannot follow the daemon", "err", err)
		return
	}
	var shown time.Time // DueAt of the last break a window was opened for
	for {
		select {
		case <-ctx.Done():
			return
		case s, ok := <-snaps:
			if !ok {
				return
			}
			p := s.Status.Pending
			if s.Status.State != scheduler.StateDue || p == nil || p.DueAt.Equal(shown) {
				continue
			}
			shown = p.DueAt
			cfg, err := config.Load(path, nil)
			if err != nil || !cfg.UI.BreakWindow {
				continue
			}
			if err := open("break"); err != nil && !errors.Is(err, context.Canceled) {
				log.Warn("no break window; the notification stays", "err", err)
			}
		}
	}
}
