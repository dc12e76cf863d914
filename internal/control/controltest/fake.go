// Package controltest provides Fake, a scripted api.Controller for tests of the control
// socket and of the CLI commands that use it.
package controltest

import (
	"context"
	"fmt"
	"sync"

	"github.com/deskbreak/deskbreak/internal/api"
)

var _ api.Controller = (*Fake)(nil)

// Snapshot is the key of the Snapshot method in Fake's maps, and its record in Calls; every
// other method is keyed by its api.Action.
const Snapshot api.Action = "snapshot"

// Fake is an api.Controller whose answers are set by the test. Set its fields before use; it
// is then safe for concurrent use. Its zero value answers every call.
type Fake struct {
	// Snap is returned by Snapshot, inside every Result and as Watch's one snapshot.
	Snap api.Snapshot
	// Refuse maps an action to the message of an *api.Refused it returns.
	Refuse map[api.Action]string
	// Fail maps an action to a plain error it returns.
	Fail map[api.Action]error
	// Messages maps an action to its Result.Message; by default the message describes the
	// request ("snoozed for 10m0s").
	Messages map[api.Action]string

	mu    sync.Mutex
	calls []api.Request
}

// Calls returns the requests received so far, in order; Snapshot calls are recorded as
// Request{Action: Snapshot}.
func (f *Fake) Calls() []api.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]api.Request(nil), f.calls...)
}

// Snapshot returns f.Snap.
func (f *Fake) Snapshot(ctx context.Context) (api.Snapshot, error) {
	r, err := f.answer(api.Request{Action: Snapshot}, "")
	return r.Snapshot, err
}

// Act records r and answers with what it asked for ("snoozed for 10m0s", "skipped", ...).
// A request out of bounds is refused as the daemon refuses it.
func (f *Fake) Act(ctx context.Context, r api.Request) (api.Result, error) {
	if err := r.Check(); err != nil {
		f.record(r)
		return api.Result{}, err
	}
	return f.answer(r, describe(r))
}

// Watch sends f.Snap once and closes the channel when ctx is done.
func (f *Fake) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	r, err := f.answer(api.Request{Action: "watch"}, "")
	if err != nil {
		return nil, err
	}
	ch := make(chan api.Snapshot, 1)
	ch <- r.Snapshot
	context.AfterFunc(ctx, func() { close(ch) })
	return ch, nil
}

func (f *Fake) record(r api.Request) {
	f.mu.Lock()
	f.calls = append(f.calls, r)
	f.mu.Unlock()
}

func (f *Fake) answer(r api.Request, msg string) (api.Result, error) {
	f.record(r)
	if m, ok := f.Refuse[r.Action]; ok {
		return api.Result{}, &api.Refused{Msg: m}
	}
	if err, ok := f.Fail[r.Action]; ok {
		return api.Result{}, err
	}
	if m, ok := f.Messages[r.Action]; ok {
		msg = m
	}
	return api.Result{Message: msg, Snapshot: f.Snap}, nil
}

// describe is the default message of a request.
func describe(r api.Request) string {
	switch r.Action {
	case api.Snooze:
		if r.Snooze != 0 {
			return fmt.Sprintf("snoozed for %v", r.Snooze)
		}
		return "snoozed"
	case api.Skip:
		return "skipped"
	case api.Break:
		return "break started"
	case api.Done:
		return "break done"
	case api.Pause:
		switch p := r.Pause; {
		case p.For != 0:
			return fmt.Sprintf("paused for %v", p.For)
		case p.UntilNextRange:
			return "paused until the next work range"
		case p.UntilTomorrow:
			return "paused until tomorrow"
		default:
			return "paused indefinitely"
		}
	case api.Resume:
		return "resumed"
	case api.Reload:
		return "config reloaded"
	}
	return string(r.Action)
}
