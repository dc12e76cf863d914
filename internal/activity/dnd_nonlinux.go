//go:build !linux && !windows

package activity

import (
	"context"
	"log/slog"
)

// DetectDND returns the session's do-not-disturb signals. Outside Linux there are none that
// can be read without cgo, so the person is never busy; fullscreen is ignored.
func DetectDND(ctx context.Context, log *slog.Logger, fullscreen bool) DND {
	return neverBusy{}
}

// neverBusy is the DND of a desktop without do-not-disturb signals.
type neverBusy struct{}

var _ DND = neverBusy{}

func (neverBusy) Active(context.Context) (bool, string, error) { return false, "", nil }

// SetFullscreen does nothing: there is no fullscreen check here.
func (neverBusy) SetFullscreen(bool) {}

// Name says where do-not-disturb is read from: nowhere here.
func (neverBusy) Name() string { return "none on this system" }
