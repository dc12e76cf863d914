package main

// daemon.go is the one file that knows how the UI reaches the daemon: through the contract
// package (internal/api) and the control socket's client. Everything else of the UI sees the
// daemon through daemonClient and the aliases below.

import (
	"context"
	"errors"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
)

// snapshot is the daemon's picture, as the control socket sends it.
type snapshot = api.Snapshot

// result is the answer to an action.
type result = api.Result

// exercisesDoneHint and noExercisesHint say what to do in a running break once its
// exercises are over, or in one without any, as its notification does.
const (
	exercisesDoneHint = api.ExercisesDoneHint
	noExercisesHint   = api.NoExercisesHint
)

// refusedError is an action that does not apply now; its message is for people.
type refusedError = api.Refused

// daemonClient is what the UI needs of the daemon: apiClient implements it over any
// api.Controller (the control socket's client in production), tests a fake.
type daemonClient interface {
	Snapshot(ctx context.Context) (snapshot, error)
	Snooze(ctx context.Context, d time.Duration) (result, error)
	Skip(ctx context.Context) (result, error)
	StartBreak(ctx context.Context) (result, error)
	// StartWith starts a break now with the catalog exercise id.
	StartWith(ctx context.Context, id string) (result, error)
	Done(ctx context.Context) (result, error)
	Reload(ctx context.Context) (result, error)
	// Watch calls fn with each snapshot, on the calling goroutine, until ctx is done (then
	// it returns nil) or the daemon stops (errWatchEnded).
	Watch(ctx context.Context, fn func(snapshot)) error
}

// apiClient is a daemonClient over an api.Controller.
type apiClient struct{ c api.Controller }

var _ daemonClient = apiClient{}

func (a apiClient) Snapshot(ctx context.Context) (snapshot, error) { return a.c.Snapshot(ctx) }
func (a apiClient) Snooze(ctx context.Context, d time.Duration) (result, error) {
	return a.c.Act(ctx, api.SnoozeFor(d))
}
func (a apiClient) Skip(ctx context.Context) (result, error) { return a.c.Act(ctx, api.Do(api.Skip)) }
func (a apiClient) StartBreak(ctx context.Context) (result, error) {
	return a.c.Act(ctx, api.Do(api.Break))
}
func (a apiClient) StartWith(ctx context.Context, id string) (result, error) {
	return a.c.Act(ctx, api.BreakWith(id))
}
func (a apiClient) Done(ctx context.Context) (result, error) { return a.c.Act(ctx, api.Do(api.Done)) }
func (a apiClient) Reload(ctx context.Context) (result, error) {
	return a.c.Act(ctx, api.Do(api.Reload))
}

func (a apiClient) Watch(ctx context.Context, fn func(snapshot)) error {
	ch, err := a.c.Watch(ctx)
	if err != nil {
		return err
	}
	for s := range ch {
		fn(s)
	}
	if ctx.Err() != nil {
		return nil
	}
	return errWatchEnded
}

// errNotRunning matches a client error when no daemon listens.
var errNotRunning = control.ErrNotRunning

// errWatchEnded is Watch's error when the daemon stopped (or the connection to it broke).
var errWatchEnded = errors.New("the daemon ended the watch")

// newClient returns a client of the daemon's control socket (getenv: $DESKBREAK_SOCKET
// overrides where it is).
func newClient(getenv func(string) string) (daemonClient, error) {
	path, err := control.SocketPath(getenv)
	if err != nil {
		return nil, err
	}
	return apiClient{control.NewClient(path)}, nil
}

// when formats t for people relative to now, as the CLI does.
func when(t, now time.Time) string { return api.FormatTime(t, now) }

// length formats a duration for people ("3 min").
func length(d time.Duration) string { return api.FormatLength(d) }
