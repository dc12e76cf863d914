// Package control lets the CLI and other local programs drive the deskbreak daemon: one line
// of JSON in and one line of JSON out over a unix socket that only the daemon's user may open,
// or on Windows a named pipe (\\.\pipe\deskbreak-<SID>) whose security descriptor admits
// only that user.
//
// The server (Listen, Serve) answers for an api.Controller, which the daemon implements;
// Client implements the same api.Controller from the other side of the socket, so the CLI
// calls the very methods the tray calls in-process.
//
// # Protocol
//
// A client connects, writes one request as a single line of JSON ending in "\n" (or
// half-closes the connection after it) and reads one line of JSON back; then the server
// closes the connection. A watch is answered with many lines, and ends when the client
// closes (or half-closes) its side. A request line is at most MaxBodyBytes bytes and must arrive within
// 10 seconds; anything after its newline is ignored.
//
//	{"op":"snapshot"}                                   -> api.Snapshot
//	{"op":"snooze","args":{"duration":"10m"}}           -> api.Result (args optional: the first configured choice)
//	{"op":"break","args":{"exercise":"chin-tuck"}}      -> api.Result (args optional: the daemon picks)
//	{"op":"skip"}, {"op":"break"}, {"op":"done"},       -> api.Result
//	{"op":"resume"}, {"op":"reload"}
//	{"op":"pause","args":{"for":"1h"}}                  -> api.Result; args is exactly one of
//	    {"for":"1h"} | {"until_next_range":true} | {"until_tomorrow":true} | {"indefinitely":true}
//	{"op":"watch"}                                      -> a stream of answer lines, one api.Snapshot each:
//	    the current one at once, then one on every change, until the client closes its side
//	    (or the daemon stops); a reader that falls behind gets the newest only
//
// "args" may be left out (or be {}) where an op takes none; unknown fields are refused
// everywhere. The ops other than snapshot are the api.Actions. Durations are Go durations
// ("90s", "1h30m") between api.MinDuration and api.MaxSnooze (snooze) or api.MaxPause (pause).
//
// The answer is {"ok": <api.Snapshot or api.Result>} on success and
// {"error": "message", "kind": "..."} on failure, where kind is
//
//	refused      the action does not apply now (an *api.Refused; the message is for people)
//	not_saved    the action took effect but its state could not be saved (an *api.NotSaved)
//	bad_request  the request is not understood: not JSON, too large, an unknown op or field, a bad value
//	unavailable  the daemon did not answer in time, or is stopping
//	internal     any other error of the daemon
//
// A connection that sends nothing and closes gets no answer. On Linux, connections from
// another user are closed unanswered. From a shell:
//
//	printf '{"op":"snapshot"}\n' | socat - UNIX-CONNECT:$XDG_RUNTIME_DIR/deskbreak/control.sock
//	printf '{"op":"pause","args":{"for":"30m"}}\n' | nc -U $XDG_RUNTIME_DIR/deskbreak/control.sock
//
// and from PowerShell on Windows:
//
//	$p = New-Object IO.Pipes.NamedPipeClientStream('.', "deskbreak-$([Security.Principal.WindowsIdentity]::GetCurrent().User)")
//	$p.Connect(2000); $w = New-Object IO.StreamWriter($p); $w.WriteLine('{"op":"snapshot"}'); $w.Flush()
//	(New-Object IO.StreamReader($p)).ReadLine()
package control

import (
	"encoding/json"
	"errors"
)

// ErrNotRunning is returned by Client methods when no daemon listens on the socket.
var ErrNotRunning = errors.New("deskbreak is not running")

// MaxBodyBytes bounds a request line, without its newline.
const MaxBodyBytes = 4 << 10

// Kinds of error answers.
const (
	kindRefused     = "refused"
	kindNotSaved    = "not_saved"
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
