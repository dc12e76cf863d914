//go:build !linux

package activity

import (
	"context"
	"log/slog"
)

// WatchSignals sends sleep, wake, lock and unlock to out. Outside Linux it watches nothing
// and returns nil at once: the daemon's wall-clock check notices sleep on its own.
func WatchSignals(ctx context.Context, log *slog.Logger, out chan<- Signal) error {
	return nil
}
