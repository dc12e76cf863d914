//go:build darwin && !cgo

package tray

import (
	"context"
	"log/slog"

	"github.com/deskbreak/deskbreak/internal/api"
)

// Run would show the tray, but the macOS menu bar needs cgo and this build has none: it logs
// why and returns when ctx is done, so that the daemon runs on without a tray.
func Run(ctx context.Context, c api.Controller, o Options) {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	log.Warn("no tray icon: this build of deskbreak has no cgo, which the macOS menu bar needs",
		"hint", "use the CLI (deskbreak status, snooze, pause), or a build made with CGO_ENABLED=1")
	<-ctx.Done()
}
