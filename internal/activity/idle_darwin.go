//go:build darwin

package activity

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"time"
)

// DetectIdle returns the idle source of this desktop: on macOS, the HIDIdleTime that
// `ioreg -c IOHIDSystem` prints (no cgo). When it fails it logs that once and returns the
// "none" source, whose Idle returns [ErrNoIdleSource].
func DetectIdle(ctx context.Context, log *slog.Logger) IdleSource {
	s := macSource{}
	if _, err := s.Idle(ctx); err != nil {
		return newNoneSource(log, []string{err.Error()})
	}
	log.Info("idle time from ioreg's HIDIdleTime")
	return s
}

// macSource runs ioreg for each reading; it holds nothing open.
type macSource struct{}

var _ IdleSource = macSource{}

func (macSource) Name() string { return "macos" }

func (macSource) Idle(ctx context.Context) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ioreg", "-c", "IOHIDSystem").Output()
	if err != nil {
		return 0, fmt.Errorf("ioreg -c IOHIDSystem: %w", err)
	}
	return parseHIDIdleTime(out)
}

func (macSource) Close() error { return nil }
