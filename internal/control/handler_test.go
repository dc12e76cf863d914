package control_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// testSnapshot is a snapshot with enough in it to see it survive the trip.
func testSnapshot() api.Snapshot {
	now := time.Date(2026, 3, 2, 13, 37, 0, 0, time.UTC)
	return api.Snapshot{
		Now: now,
		Status: scheduler.Status{
			State: scheduler.StateWorking,
			Next:  &scheduler.Upcoming{At: now.Add(23 * time.Minute), Kind: scheduler.KindBreak, Rule: "exercise", Duration: 3 * time.Minute},
		},
		Today:         api.Counts{Due: 3, Full: 2, Snoozed: 1, Prompts: 4},
		SnoozeChoices: []time.Duration{5 * time.Minute, 10 * time.Minute},
		SnoozesLeft:   2,
		TodayHours:    "09:00-12:30, 13:30-17:30",
	}
}

// answer is a decoded answer line.
type answer struct {
	OK    json.RawMessage `json:"ok"`
	Error string          `json:"error"`
	Kind  string          `json:"kind"`
}

// parseAnswer checks that data is one line holding one JSON object with either "ok" or both
// "error" and "kind", and decodes it.
func parseAnswer(t *testing.T, req string, data []byte) answer {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\n")) || bytes.Count(data, []byte("\n")) != 1 {
		t.Fatalf("request %q: answer %q is not one line", req, data)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatalf("request %q: answer %q is not a JSON object: %v", req, data, err)
	}
	var a answer
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatalf("request %q: answer %q: %v", req, data, err)
	}
	_, ok := fields["ok"]
	switch {
	case ok && len(fields) == 1:
	case !ok && len(fields) == 2 && a.Error != "" && a.Kind != "":
	default:
		t.Fatalf("request %q: answer %q has neither just ok nor error and kind", req, data)
	}
	return a
}

// do sends one request line to a server of c and returns the decoded answer.
func do(t *testing.T, c api.Controller, req string) answer {
	t.Helper()
	return parseAnswer(t, req, control.ServeRequest(c, []byte(req+"\n")))
}

// result decodes the ok of a, which must be a api.Result.
func result(t *testing.T, a answer) api.Result {
	t.Helper()
	if a.Error != "" {
		t.Fatalf("error answer %s: %s", a.Kind, a.Error)
	}
	var r api.Result
	if err := json.Unmarshal(a.OK, &r); err != nil {
		t.Fatalf("ok %s is not a result: %v", a.OK, err)
	}
	return r
}

func TestHandlerOps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, req string
		want      api.Request
		msg       string
	}{
		{"snooze_default", `{"op":"snooze"}`, api.SnoozeFor(0), "snoozed"},
		{"snooze_empty_args", `{"op":"snooze","args":{}}`, api.SnoozeFor(0), "snoozed"},
		{"snooze_null_args", `{"op":"snooze","args":null}`, api.SnoozeFor(0), "snoozed"},
		{"snooze_duration", `{"op":"snooze","args":{"duration":"10m"}}`, api.SnoozeFor(10 * time.Minute), "snoozed for 10m0s"},
		{"skip", `{"op":"skip"}`, api.Do(api.Skip), "skipped"},
		{"break", `{"op":"break","args":{}}`, api.Do(api.Break), "break started"},
		{"break_with_exercise", `{"op":"break","args":{"exercise":"chin-tuck"}}`, api.BreakWith("chin-tuck"), "break started"},
		{"done_spaced", " { \"op\" : \"done\" }\t\r", api.Do(api.Done), "break done"},
		{"args_first", `{"args":{"for":"1h30m"},"op":"pause"}`, api.PauseAs(api.PauseRequest{For: 90 * time.Minute}), "paused for 1h30m0s"},
		{"pause_until_next_range", `{"op":"pause","args":{"until_next_range":true}}`, api.PauseAs(api.PauseRequest{UntilNextRange: true}), "paused until the next work range"},
		{"pause_until_tomorrow", `{"op":"pause","args":{"until_tomorrow":true}}`, api.PauseAs(api.PauseRequest{UntilTomorrow: true}), "paused until tomorrow"},
		{"pause_indefinitely", `{"op":"pause","args":{"indefinitely":true}}`, api.PauseAs(api.PauseRequest{Indefinitely: true}), "paused indefinitely"},
		{"resume", `{"op":"resume"}`, api.Do(api.Resume), "resumed"},
		{"reload", `{"op":"reload"}`, api.Do(api.Reload), "config reloaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{Snap: testSnapshot()}
			r := result(t, do(t, f, tt.req))
			if r.Message != tt.msg {
				t.Errorf("message %q, want %q", r.Message, tt.msg)
			}
			if got := f.Calls(); len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("calls %+v, want [%+v]", got, tt.want)
			}
			if r.Snapshot.SnoozesLeft != 2 || r.Snapshot.TodayHours != testSnapshot().TodayHours {
				t.Errorf("snapshot in the result: %+v, want the fake's", r.Snapshot)
			}
		})
	}
}

func TestHandlerSnapshot(t *testing.T) {
	t.Parallel()
	for _, req := range []string{`{"op":"snapshot"}`, `{"op":"snapshot","args":{}}`} {
		f := &controltest.Fake{Snap: testSnapshot()}
		a := do(t, f, req)
		if a.Error != "" {
			t.Fatalf("%s: %s: %s", req, a.Kind, a.Error)
		}
		var got api.Snapshot
		if err := json.Unmarshal(a.OK, &got); err != nil {
			t.Fatal(err)
		}
		want := testSnapshot()
		if !got.Now.Equal(want.Now) || got.Status.Next == nil || got.Status.Next.Rule != "exercise" ||
			got.SnoozesLeft != 2 || got.Today != want.Today || !reflect.DeepEqual(got.SnoozeChoices, want.SnoozeChoices) {
			t.Errorf("%s: snapshot %+v, want %+v", req, got, want)
		}
		if calls := f.Calls(); len(calls) != 1 || calls[0].Action != controltest.Snapshot {
			t.Errorf("%s: calls %+v, want one Snapshot", req, calls)
		}
	}
}

func TestHandlerRefusals(t *testing.T) {
	t.Parallel()
	for _, method := range api.Actions {
		t.Run(string(method), func(t *testing.T) {
			t.Parallel()
			msg := "nothing to " + string(method) + ": refused by the test"
			f := &controltest.Fake{Refuse: map[api.Action]string{method: msg}}
			req := fmt.Sprintf(`{"op":%q}`, method)
			if method == api.Pause {
				req = `{"op":"pause","args":{"indefinitely":true}}`
			}
			if a := do(t, f, req); a.Kind != "refused" || a.Error != msg {
				t.Errorf("got %+v, want kind refused with error %q", a, msg)
			}
		})
	}
}

func TestHandlerControllerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		kind string
	}{
		{"plain_error", errors.New("save state: disk full"), "internal"},
		{"wrapped_refusal", fmt.Errorf("snooze: %w", &api.Refused{Msg: "snooze limit reached"}), "refused"},
		{"deadline", fmt.Errorf("daemon: %w", context.DeadlineExceeded), "unavailable"},
		{"canceled", context.Canceled, "unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{Fail: map[api.Action]error{api.Skip: tt.err, controltest.Snapshot: tt.err}}
			a := do(t, f, `{"op":"skip"}`)
			if a.Kind != tt.kind {
				t.Errorf("skip: kind %q, want %q (%+v)", a.Kind, tt.kind, a)
			}
			if tt.kind == "internal" && a.Error != tt.err.Error() {
				t.Errorf("skip: error %q, want the controller's %q", a.Error, tt.err)
			}
			if a := do(t, f, `{"op":"snapshot"}`); a.Kind != tt.kind {
				t.Errorf("snapshot: kind %q, want %q", a.Kind, tt.kind)
			}
		})
	}
}

func TestHandlerBadRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, req string
		errHas    string
	}{
		{"unknown_op", `{"op":"nope"}`, `unknown op "nope"; the ops are break, done, pause, reload, resume, skip, snapshot, snooze, watch`},
		{"op_case", `{"op":"Snooze"}`, `unknown op "Snooze"`},
		{"no_op", `{"args":{}}`, `no "op"; the ops are break`},
		{"null", `null`, `no "op"`},
		{"empty_line", ``, `empty request: send one line of JSON such as {"op":"snapshot"}`},
		{"blank_line", " \t", "empty request"},
		{"op_not_string", `{"op":7}`, "bad request: json: cannot unmarshal number"},
		{"request_unknown_field", `{"op":"skip","force":true}`, `bad request: json: unknown field "force"`},
		{"request_array", `[]`, "bad request: json: cannot unmarshal array"},
		{"not_json", `snooze 10m`, "bad request: invalid character"},
		{"http", `GET /v1/snapshot HTTP/1.1`, "bad request: invalid character"},
		{"two_values", `{"op":"skip"}{"op":"done"}`, "bad request: more than one JSON value"},
		{"junk_after", `{"op":"skip"} x`, "bad request"},
		{"unterminated", `{"op":"skip"`, "bad request: unexpected EOF"},
		{"snooze_bad_duration", `{"op":"snooze","args":{"duration":"ten"}}`, `bad duration "ten": want a duration such as 10m`},
		{"snooze_number", `{"op":"snooze","args":{"duration":600}}`, "bad args: json: cannot unmarshal number"},
		{"snooze_negative", `{"op":"snooze","args":{"duration":"-5m"}}`, "cannot snooze for -5m: choose between 1m and 24h"},
		{"snooze_too_long", `{"op":"snooze","args":{"duration":"25h"}}`, "choose between"},
		{"snooze_too_short", `{"op":"snooze","args":{"duration":"1ms"}}`, "choose between"},
		{"snooze_unknown_field", `{"op":"snooze","args":{"minutes":10}}`, `bad args: json: unknown field "minutes"`},
		{"break_unknown_field", `{"op":"break","args":{"exercise":"chin-tuck","minutes":3}}`, `bad args: json: unknown field "minutes"`},
		{"snooze_args_array", `{"op":"snooze","args":[]}`, "bad args"},
		{"snooze_args_string", `{"op":"snooze","args":"10m"}`, "bad args"},
		{"skip_with_field", `{"op":"skip","args":{"force":true}}`, "unknown field"},
		{"snapshot_with_field", `{"op":"snapshot","args":{"full":true}}`, "unknown field"},
		{"pause_nothing", `{"op":"pause"}`, "say how long to pause"},
		{"pause_empty", `{"op":"pause","args":{}}`, "say how long to pause"},
		{"pause_two", `{"op":"pause","args":{"for":"1h","indefinitely":true}}`, "say how long to pause"},
		{"pause_false", `{"op":"pause","args":{"indefinitely":false}}`, "say how long to pause"},
		{"pause_too_long", `{"op":"pause","args":{"for":"800h"}}`, "cannot pause for 800h: choose between 1m and 720h"},
		{"pause_too_short", `{"op":"pause","args":{"for":"30s"}}`, "cannot pause for 30s: choose between 1m and 720h"},
		{"pause_zero", `{"op":"pause","args":{"for":"0s"}}`, "cannot pause for 0s: choose between 1m and 720h"},
		{"pause_bad_type", `{"op":"pause","args":{"indefinitely":"yes"}}`, "bad args"},
		{"oversized", `{"op":"snooze","args":{"duration":"` + strings.Repeat(" ", control.MaxBodyBytes) + `10m"}}`, "too large: the limit is 4096 bytes"},
		{"oversized_garbage", strings.Repeat("x", control.MaxBodyBytes+1), "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{}
			a := do(t, f, tt.req)
			if a.Kind != "bad_request" {
				t.Errorf("kind %q, want bad_request (%+v)", a.Kind, a)
			}
			if !strings.Contains(a.Error, tt.errHas) {
				t.Errorf("error %q does not contain %q", a.Error, tt.errHas)
			}
			if calls := f.Calls(); len(calls) != 0 {
				t.Errorf("the controller was called: %+v", calls)
			}
		})
	}
}

func TestHandlerFraming(t *testing.T) {
	t.Parallel()
	full := strings.Repeat(" ", control.MaxBodyBytes-len(`{"op":"skip"}`)) + `{"op":"skip"}`
	tests := []struct {
		name, in string
		calls    int    // Skip calls wanted
		errHas   string // for an error answer
	}{
		{"newline", "{\"op\":\"skip\"}\n", 1, ""},
		{"crlf", "{\"op\":\"skip\"}\r\n", 1, ""},
		{"eof_without_newline", `{"op":"skip"}`, 1, ""},
		{"second_line_ignored", "{\"op\":\"skip\"}\n{\"op\":\"skip\"}\n", 1, ""},
		{"garbage_after_newline_ignored", "{\"op\":\"skip\"}\n\x00\xff{{{", 1, ""},
		{"at_the_limit", full + "\n", 1, ""},
		{"at_the_limit_eof", full, 1, ""},
		{"over_the_limit", " " + full + "\n", 0, "too large"},
		{"over_the_limit_eof", " " + full, 0, "too large"},
		{"binary", "\x00\x01\x02\xff\n", 0, "bad request"},
		{"invalid_utf8_op", "{\"op\":\"\xff\"}\n", 0, "unknown op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{}
			a := parseAnswer(t, tt.in, control.ServeRequest(f, []byte(tt.in)))
			if got := len(f.Calls()); got != tt.calls {
				t.Errorf("%d calls, want %d", got, tt.calls)
			}
			if tt.errHas == "" && a.Error != "" {
				t.Errorf("error answer %s: %s", a.Kind, a.Error)
			}
			if tt.errHas != "" && (a.Kind != "bad_request" || !strings.Contains(a.Error, tt.errHas)) {
				t.Errorf("answer %+v, want bad_request containing %q", a, tt.errHas)
			}
		})
	}
}

func TestHandlerNothingSent(t *testing.T) {
	t.Parallel()
	f := &controltest.Fake{}
	if got := control.ServeRequest(f, nil); got != nil {
		t.Errorf("a connection closed without a request got %q, want no answer", got)
	}
	if len(f.Calls()) != 0 {
		t.Errorf("the controller was called: %+v", f.Calls())
	}
}

// TestServeConnPipe runs whole exchanges over an in-memory connection: the server answers
// one line, also to garbage, and closes.
func TestServeConnPipe(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ req, kind, errHas string }{
		{`{"op":"snooze","args":{"duration":"5m"}}`, "", ""},
		{"\x1b[A\x00garbage", "bad_request", "bad request: invalid character"},
		{`{"op":"stop"}`, "bad_request", "unknown op"},
	} {
		client, srv := net.Pipe()
		f := &controltest.Fake{Snap: testSnapshot()}
		done := make(chan struct{})
		go func() { control.ServeConn(context.Background(), srv, f); close(done) }()
		// A hang fails here rather than at the test binary's timeout.
		client.SetDeadline(time.Now().Add(time.Minute))
		if _, err := io.WriteString(client, tt.req+"\n"); err != nil {
			t.Fatalf("%q: write: %v", tt.req, err)
		}
		data, err := io.ReadAll(client)
		if err != nil {
			t.Fatalf("%q: read the answer to the end: %v", tt.req, err)
		}
		<-done
		client.Close()
		a := parseAnswer(t, tt.req, data)
		if a.Kind != tt.kind || !strings.Contains(a.Error, tt.errHas) {
			t.Errorf("%q: answer %+v, want kind %q with %q", tt.req, a, tt.kind, tt.errHas)
		}
		if tt.kind == "" {
			if r := result(t, a); r.Message != "snoozed for 5m0s" {
				t.Errorf("%q: message %q", tt.req, r.Message)
			}
		}
	}
}

// TestServeConnStopping: a connection still sending its request when the daemon stops is
// told so at once.
func TestServeConnStopping(t *testing.T) {
	t.Parallel()
	client, srv := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	go control.ServeConn(ctx, srv, &controltest.Fake{})
	client.SetDeadline(time.Now().Add(time.Minute))
	data, err := io.ReadAll(client)
	if err != nil {
		t.Fatal(err)
	}
	if a := parseAnswer(t, "", data); a.Kind != "unavailable" || !strings.Contains(a.Error, "stopping") {
		t.Errorf("answer %+v, want unavailable: the daemon is stopping", a)
	}
}

func TestOps(t *testing.T) {
	t.Parallel()
	want := []string{"break", "done", "pause", "reload", "resume", "skip", "snapshot", "snooze", "watch"}
	if got := control.Ops(); !reflect.DeepEqual(got, want) {
		t.Errorf("Ops() = %q, want %q", got, want)
	}
}
