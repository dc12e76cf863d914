//go:build !linux && !windows && !darwin

package activity

import (
	"context"
	"log/slog"
)

// DetectIdle returns the idle source of this desktop. On this system there is none: it logs
// that once and returns the "none" source, whose Idle returns [ErrNoIdleSource].
func DetectIdle(ctx context.Context, log *slog.Logger) IdleSource {
	return newNoneSource(log, nil)
}
