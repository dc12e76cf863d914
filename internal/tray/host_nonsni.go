//go:build !((linux || freebsd || openbsd || netbsd) && !android) && (!darwin || cgo)

package tray

import (
	"context"
	"log/slog"
)

// preflight has nothing to check: the Windows and macOS trays need no bus.
func preflight(ctx context.Context) error { return nil }

// presets says whether preset hands the first picture to systray.
const presets = false

// preset does nothing: these trays take the picture once they run (build sets it).
func preset(Menu) {}

// watchHost does nothing: Windows and macOS always have a tray host.
func watchHost(context.Context, *slog.Logger, <-chan struct{}) {}
