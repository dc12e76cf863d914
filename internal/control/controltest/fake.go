// Package controltest provides Fake, a scripted control.Controller for tests of the control
// socket and of the CLI commands that use it.
package controltest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/daemon"
)

var _ control.Controller = (*Fake)(nil)

// Method names, as used in Fake's maps and Calls.
const (
	Snapshot   = "Snapshot"
	Snooze     = "Snooze"
	Skip       = "Skip"
	StartBreak = "StartBreak"
	Done       = "Done"
	Pause      = "Pause"
	Resume     = "Resume"
	Reload     = "Reload"
)

// Call is one call the Fake received.
type Call struct {
	Method   string
	Duration time.Duration       // Snooze's argument
	Pause    daemon.PauseRequest // Pause's argument
}

// Fake is a Controller whose answers are set by the test. Set its fields before use; it is
// then safe for concurrent use. Its zero value answers every call.
type Fake struct {
	// Snap is returned by Snapshot and inside every Result.
	Snap daemon.Snapshot
	// Refuse maps a method name to the message of a *daemon.RefusedError it returns.
	Refuse map[string]string
	// Fail maps a method name to a plain error it returns.
	Fail map[string]error
	// Messages maps a method name to its Result.Message; by default the message describes
	// the call ("snoozed for 10m0s").
	Messages map[string]string

	mu    sync.Mutex
	calls []Call
}

// Calls returns the calls received so far, in order.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

func (f *Fake) answer(c Call, msg string) (daemon.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	if m, ok := f.Refuse[c.Method]; ok {
		return daemon.Result{}, &daemon.RefusedError{Msg: m}
	}
	if err, ok := f.Fail[c.Method]; ok {
		return daemon.Result{}, err
	}
	if m, ok := f.Messages[c.Method]; ok {
		msg = m
	}
	return daemon.Result{Message: msg, Snapshot: f.Snap}, nil
}

// Snapshot returns f.Snap.
func (f *Fake) Snapshot(ctx context.Context) (daemon.Snapshot, error) {
	r, err := f.answer(Call{Method: Snapshot}, "")
	return r.Snapshot, err
}

// Snooze records the call and answers "snoozed for D" ("snoozed" when d is 0).
func (f *Fake) Snooze(ctx context.Context, d time.Duration) (daemon.Result, error) {
	msg := "snoozed"
	if d != 0 {
		msg = fmt.Sprintf("snoozed for %v", d)
	}
	return f.answer(Call{Method: Snooze, Duration: d}, msg)
}

// Skip records the call and answers "skipped".
func (f *Fake) Skip(ctx context.Context) (daemon.Result, error) {
	return f.answer(Call{Method: Skip}, "skipped")
}

// StartBreak records the call and answers "break started".
func (f *Fake) StartBreak(ctx context.Context) (daemon.Result, error) {
	return f.answer(Call{Method: StartBreak}, "break started")
}

// Done records the call and answers "break done".
func (f *Fake) Done(ctx context.Context) (daemon.Result, error) {
	return f.answer(Call{Method: Done}, "break done")
}

// Pause records the call and answers with what p asked for. A p without exactly one field
// set is an error, as it would be for the daemon.
func (f *Fake) Pause(ctx context.Context, p daemon.PauseRequest) (daemon.Result, error) {
	var msg string
	n := 0
	if p.For != 0 {
		msg, n = fmt.Sprintf("paused for %v", p.For), n+1
	}
	if p.UntilNextRange {
		msg, n = "paused until the next work range", n+1
	}
	if p.UntilTomorrow {
		msg, n = "paused until tomorrow", n+1
	}
	if p.Indefinitely {
		msg, n = "paused indefinitely", n+1
	}
	if n != 1 {
		f.mu.Lock()
		f.calls = append(f.calls, Call{Method: Pause, Pause: p})
		f.mu.Unlock()
		return daemon.Result{}, errors.New("fake pause: want exactly one of For, UntilNextRange, UntilTomorrow, Indefinitely")
	}
	return f.answer(Call{Method: Pause, Pause: p}, msg)
}

// Resume records the call and answers "resumed".
func (f *Fake) Resume(ctx context.Context) (daemon.Result, error) {
	return f.answer(Call{Method: Resume}, "resumed")
}

// Reload records the call and answers "config reloaded".
func (f *Fake) Reload(ctx context.Context) (daemon.Result, error) {
	return f.answer(Call{Method: Reload}, "config reloaded")
}
