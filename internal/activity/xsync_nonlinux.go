//go:build !linux

package activity

import (
	"context"
	"fmt"
	"time"
)

// IdleChange is the person going idle for the threshold (Away, At = when their last input was)
// or coming back (At = about when their input resumed).
type IdleChange struct {
	Away bool
	At   time.Time
}

// IdleWatcher reports idle changes as they happen, without polling: an X SYNC alarm on the
// server's IDLETIME counter. Outside Linux there is no X server to watch.
type IdleWatcher struct{}

// WatchX11Idle connects to display (its own connection), checks SYNC and IDLETIME, and starts
// watching with threshold; changes are sent on out. Outside Linux it always returns an error:
// the daemon polls its IdleSource instead.
func WatchX11Idle(ctx context.Context, display string, threshold time.Duration, out chan<- IdleChange) (*IdleWatcher, error) {
	return nil, fmt.Errorf("display %s: X11 idle watching is only built for Linux", display)
}

// SetThreshold re-arms the alarms for a new threshold (config reload).
func (w *IdleWatcher) SetThreshold(d time.Duration) error {
	return fmt.Errorf("idle threshold %v: X11 idle watching is only built for Linux", d)
}

// Close destroys the alarms and closes the connection.
func (w *IdleWatcher) Close() error { return nil }
