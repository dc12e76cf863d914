// Package control lets the CLI and other local programs drive the deskbreak daemon: HTTP with
// JSON over a unix socket that only the daemon's user may open.
//
// The server (Listen, Serve, NewHandler) answers for a Controller, which the daemon
// implements; Client implements the same Controller from the other side of the socket, so
// the CLI calls the very methods the tray calls in-process.
//
// Routes, all under /v1/ (a request body is at most MaxBodyBytes of JSON):
//
//	GET  /v1/snapshot                                    -> daemon.Snapshot
//	POST /v1/snooze  {"duration": "10m"} (or {})         -> daemon.Result
//	POST /v1/skip, /v1/break, /v1/done, /v1/resume, /v1/reload (no body, or {})
//	POST /v1/pause   {"for": "1h"} | {"until_next_range": true} | {"until_tomorrow": true} | {"indefinitely": true}
//
// Errors are {"error": "..."} with a 4xx or 5xx status; a refusal (*daemon.RefusedError)
// is 409 Conflict.
package control

import (
	"context"
	"errors"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// Controller is what the server needs from the daemon. Every method may be called from
// many goroutines at once. An action that does not apply now returns a *daemon.RefusedError.
type Controller interface {
	// Snapshot returns the daemon's current picture.
	Snapshot(ctx context.Context) (daemon.Snapshot, error)
	// Snooze snoozes the due break for d; d == 0 means the first configured choice.
	Snooze(ctx context.Context, d time.Duration) (daemon.Result, error)
	// Skip skips the due break.
	Skip(ctx context.Context) (daemon.Result, error)
	// StartBreak starts a break now.
	StartBreak(ctx context.Context) (daemon.Result, error)
	// Done ends the running break.
	Done(ctx context.Context) (daemon.Result, error)
	// Pause pauses all reminders as p says.
	Pause(ctx context.Context, p daemon.PauseRequest) (daemon.Result, error)
	// Resume ends a pause.
	Resume(ctx context.Context) (daemon.Result, error)
	// Reload rereads the config file.
	Reload(ctx context.Context) (daemon.Result, error)
}

// ErrNotRunning is returned by Client methods when no daemon listens on the socket.
var ErrNotRunning = errors.New("deskbreak is not running")

// Limits of what the server accepts.
const (
	// MaxBodyBytes bounds a request body.
	MaxBodyBytes = 4 << 10
	// MaxSnooze and MaxPause bound the durations a request may ask for; longer pauses are
	// "indefinitely".
	MaxSnooze = 24 * time.Hour
	MaxPause  = 30 * 24 * time.Hour
	// MinDuration is the shortest snooze or pause a request may ask for.
	MinDuration = time.Second
)

// errorBody is the body of every error answer.
type errorBody struct {
	Error string `json:"error"`
}
