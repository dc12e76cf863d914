// Package control lets the CLI and other local programs drive the deskbreak daemon: one line
// of JSON in and one line of JSON out over a unix socket that only the daemon's user may open.
//
// The server (Listen, Serve) answers for a Controller, which the daemon implements; Client
// implements the same Controller from the other side of the socket, so the CLI calls the
// very methods the tray calls in-process.
//
// # Protocol
//
// A client connects, writes one request as a single line of JSON ending in "\n" (or
// half-closes the connection after it) and reads one line of JSON back; then the server
// closes the connection. A request line is at most MaxBodyBytes bytes and must arrive within
// 10 seconds; anything after its newline is ignored.
//
//	{"op":"snapshot"}                                   -> daemon.Snapshot
//	{"op":"snooze","args":{"duration":"10m"}}           -> daemon.Result (args optional: the first configured choice)
//	{"op":"skip"}, {"op":"break"}, {"op":"done"},       -> daemon.Result
//	{"op":"resume"}, {"op":"reload"}
//	{"op":"pause","args":{"for":"1h"}}                  -> daemon.Result; args is exactly one of
//	    {"for":"1h"} | {"until_next_range":true} | {"until_tomorrow":true} | {"indefinitely":true}
//
// "args" may be left out (or be {}) where an op takes none; unknown fields are refused
// everywhere. Durations are Go durations ("90s", "1h30m") between MinDuration and MaxSnooze
// (snooze) or MaxPause (pause).
//
// The answer is {"ok": <daemon.Snapshot or daemon.Result>} on success and
// {"error": "message", "kind": "..."} on failure, where kind is
//
//	refused      the action does not apply now (a *daemon.RefusedError; the message is for people)
//	bad_request  the request is not understood: not JSON, too large, an unknown op or field, a bad value
//	unavailable  the daemon did not answer in time, or is stopping
//	internal     any other error of the daemon
//
// A connection that sends nothing and closes gets no answer. On Linux, connections from
// another user are closed unanswered. From a shell:
//
//	printf '{"op":"snapshot"}\n' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/deskbreak/control.sock
//	printf '{"op":"pause","args":{"for":"30m"}}\n' | nc -U $XDG_RUNTIME_DIR/deskbreak/control.sock
package control

import (
	"context"
	"encoding/json"
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
	// MaxBodyBytes bounds a request line, without its newline.
	MaxBodyBytes = 4 << 10
	// MaxSnooze and MaxPause bound the durations a request may ask for; longer pauses are
	// "indefinitely".
	MaxSnooze = 24 * time.Hour
	MaxPause  = 30 * 24 * time.Hour
	// MinDuration is the shortest snooze or pause a request may ask for.
	MinDuration = time.Second
)

// Kinds of error answers.
const (
	kindRefused     = "refused"
	kindBadRequest  = "bad_request"
	kindUnavailable = "unavailable"
	kindInternal    = "internal"
)

// request is one request line.
type request struct {
	Op   string          `json:"op"`
	Args json.RawMessage `json:"args,omitempty"`
}

// answer is the server's side of an answer line: OK is set on success, Error and Kind on
// failure.
type answer struct {
	OK    any    `json:"ok,omitempty"`
	Error string `json:"error,omitempty"`
	Kind  string `json:"kind,omitempty"`
}

// clientAnswer is the client's side of an answer line.
type clientAnswer struct {
	OK    json.RawMessage `json:"ok"`
	Error string          `json:"error"`
	Kind  string          `json:"kind"`
}
