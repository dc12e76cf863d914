// Package activity reads the desktop's own signals of the person being away or busy: how long
// keyboard and mouse have been untouched (idle time), suspend and resume, screen lock and unlock,
// and do-not-disturb (notifications paused, or a fullscreen window).
//
// Privacy: only the idle time is read, as a single number the desktop already keeps (the X
// server's MIT-SCREEN-SAVER counter, GNOME Mutter's or the ScreenSaver service's idle time,
// Windows' GetLastInputInfo tick, macOS's HIDIdleTime). No key or mouse event is ever
// received, recorded, or logged, and no input device is opened.
//
// One source per desktop is chosen at run time by [DetectIdle]; [WatchSignals] and [DetectDND]
// likewise use what the session offers and say so once in the log when it offers nothing.
// Every D-Bus call and X request carries a timeout, so a peer that never answers cannot stall
// the caller, and no D-Bus call starts (bus-activates) a service that is not already running.
package activity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrNoIdleSource is returned by the Idle method of the "none" source: nothing on this
// desktop reports idle time, and callers fall back to wall time.
var ErrNoIdleSource = errors.New("no idle time source on this desktop")

// IdleSource reports how long the person has not touched keyboard or mouse.
//
// The sources in this package are safe for concurrent use. Close releases what the source
// holds open; call it when done with the source.
type IdleSource interface {
	// Name says where idle time comes from, for logs and `deskbreak status`:
	// "mutter", "screensaver", "x11", "windows", "macos" or "none".
	Name() string
	// Idle returns the time since the last keyboard or mouse input.
	Idle(ctx context.Context) (time.Duration, error)
	// Close releases the source.
	Close() error
}

// Releaser is an [IdleSource] that can let go of its connection while it is not asked (the
// daemon does not ask while an idle watcher runs); the next Idle connects again.
type Releaser interface {
	Release()
}

// SignalKind is what happened to the session.
type SignalKind int

// The kinds of [Signal].
const (
	// Sleep: the machine is about to suspend or hibernate.
	Sleep SignalKind = iota + 1
	// Wake: the machine has resumed.
	Wake
	// Lock: the screen was locked (or the screen saver came on).
	Lock
	// Unlock: the screen was unlocked (or the screen saver went off).
	Unlock
)

// String returns the kind's lowercase name, e.g. "sleep".
func (k SignalKind) String() string {
	switch k {
	case Sleep:
		return "sleep"
	case Wake:
		return "wake"
	case Lock:
		return "lock"
	case Unlock:
		return "unlock"
	}
	return fmt.Sprintf("SignalKind(%d)", int(k))
}

// Signal is one session event, stamped with the wall-clock time it was received.
type Signal struct {
	Kind SignalKind
	At   time.Time
}

// DND reports whether the person is busy and does not want to be interrupted.
type DND interface {
	// Active reports busy, and why ("notifications inhibited", "notifications paused",
	// "fullscreen window"). A desktop that offers no such signal is never busy.
	Active(ctx context.Context) (busy bool, reason string, err error)
	// SetFullscreen says whether a fullscreen window counts as busy.
	SetFullscreen(on bool)
}

// noneSource is the idle source used when the desktop offers none.
type noneSource struct{}

var _ IdleSource = noneSource{}

// newNoneSource logs that no idle source was found (and what was tried) and returns the
// "none" source. DetectIdle calls it at most once, so the log says it once.
func newNoneSource(log *slog.Logger, tried []string) IdleSource {
	log.Info("no idle time source: work time counts by the wall clock", "tried", tried)
	return noneSource{}
}

func (noneSource) Name() string                                { return "none" }
func (noneSource) Idle(context.Context) (time.Duration, error) { return 0, ErrNoIdleSource }
func (noneSource) Close() error                                { return nil }
