//go:build !((linux || freebsd || openbsd || netbsd) && !android)

package trayhost

import (
	"context"
	"log/slog"
)

// Preflight has nothing to check: the Windows and macOS trays need no bus.
func (SNI) Preflight(ctx context.Context) error { return nil }

// Watch does nothing: Windows and macOS always have a tray host.
func (SNI) Watch(context.Context, *slog.Logger, <-chan struct{}) {}
