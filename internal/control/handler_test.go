package control_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// testSnapshot is a snapshot with enough in it to see it survive the trip.
func testSnapshot() daemon.Snapshot {
	now := time.Date(2026, 3, 2, 13, 37, 0, 0, time.UTC)
	return daemon.Snapshot{
		Now: now,
		Status: scheduler.Status{
			State: scheduler.StateWorking,
			Next:  &scheduler.Upcoming{At: now.Add(23 * time.Minute), Kind: scheduler.KindBreak, Rule: "exercise", Duration: 3 * time.Minute},
		},
		Today:         daemon.Counts{Due: 3, Taken: 2, Snoozed: 1, Prompts: 4},
		SnoozeChoices: []time.Duration{5 * time.Minute, 10 * time.Minute},
		SnoozesLeft:   2,
		TodayHours:    "09:00-12:30, 13:30-17:30",
	}
}

// do sends one request to h and returns the status code and decoded body.
func do(t *testing.T, h http.Handler, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q, want application/json", method, path, ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("%s %s: answer %q is not a JSON object: %v", method, path, rec.Body.String(), err)
	}
	return rec.Code, rec.Header(), m
}

func TestHandlerRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path, body string
		want                     controltest.Call
		msg                      string
	}{
		{"snooze_default", "POST", "/v1/snooze", "", controltest.Call{Method: controltest.Snooze}, "snoozed"},
		{"snooze_empty_object", "POST", "/v1/snooze", "{}", controltest.Call{Method: controltest.Snooze}, "snoozed"},
		{"snooze_duration", "POST", "/v1/snooze", `{"duration":"10m"}`, controltest.Call{Method: controltest.Snooze, Duration: 10 * time.Minute}, "snoozed for 10m0s"},
		{"skip", "POST", "/v1/skip", "", controltest.Call{Method: controltest.Skip}, "skipped"},
		{"break", "POST", "/v1/break", "{}", controltest.Call{Method: controltest.StartBreak}, "break started"},
		{"done", "POST", "/v1/done", " \n", controltest.Call{Method: controltest.Done}, "break done"},
		{"pause_for", "POST", "/v1/pause", `{"for":"1h30m"}`, controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{For: 90 * time.Minute}}, "paused for 1h30m0s"},
		{"pause_until_next_range", "POST", "/v1/pause", `{"until_next_range":true}`, controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{UntilNextRange: true}}, "paused until the next work range"},
		{"pause_indefinitely", "POST", "/v1/pause", `{"indefinitely":true}`, controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{Indefinitely: true}}, "paused indefinitely"},
		{"resume", "POST", "/v1/resume", "", controltest.Call{Method: controltest.Resume}, "resumed"},
		{"reload", "POST", "/v1/reload", "", controltest.Call{Method: controltest.Reload}, "config reloaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{Snap: testSnapshot()}
			code, _, m := do(t, control.NewHandler(f, nil), tt.method, tt.path, tt.body)
			if code != http.StatusOK {
				t.Fatalf("status %d, want 200; body %v", code, m)
			}
			if m["message"] != tt.msg {
				t.Errorf("message %q, want %q", m["message"], tt.msg)
			}
			if got := f.Calls(); len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("calls %+v, want [%+v]", got, tt.want)
			}
			snap, _ := m["snapshot"].(map[string]any)
			if snap["snoozes_left"] != float64(2) {
				t.Errorf("snapshot in the result: %v, want snoozes_left 2", snap)
			}
		})
	}
}

func TestHandlerSnapshot(t *testing.T) {
	t.Parallel()
	f := &controltest.Fake{Snap: testSnapshot()}
	req := httptest.NewRequest("GET", "/v1/snapshot", nil)
	rec := httptest.NewRecorder()
	control.NewHandler(f, nil).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var got daemon.Snapshot
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := testSnapshot()
	if !got.Now.Equal(want.Now) || got.Status.Next == nil || got.Status.Next.Rule != "exercise" ||
		got.SnoozesLeft != 2 || got.Today != want.Today || !reflect.DeepEqual(got.SnoozeChoices, want.SnoozeChoices) {
		t.Errorf("snapshot %+v, want %+v", got, want)
	}
}

func TestHandlerRefusals(t *testing.T) {
	t.Parallel()
	for path, method := range map[string]string{
		"/v1/snooze": controltest.Snooze, "/v1/skip": controltest.Skip, "/v1/break": controltest.StartBreak,
		"/v1/done": controltest.Done, "/v1/pause": controltest.Pause, "/v1/resume": controltest.Resume,
		"/v1/reload": controltest.Reload,
	} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			msg := "nothing to " + method + ": refused by the test"
			f := &controltest.Fake{Refuse: map[string]string{method: msg}}
			body := ""
			if method == controltest.Pause {
				body = `{"indefinitely":true}`
			}
			code, _, m := do(t, control.NewHandler(f, nil), "POST", path, body)
			if code != http.StatusConflict || m["error"] != msg {
				t.Errorf("got %d %v, want 409 with error %q", code, m, msg)
			}
		})
	}
}

func TestHandlerControllerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		code int
	}{
		{"plain_error", errors.New("save state: disk full"), http.StatusInternalServerError},
		{"wrapped_refusal", fmt.Errorf("snooze: %w", &daemon.RefusedError{Msg: "snooze limit reached"}), http.StatusConflict},
		{"deadline", fmt.Errorf("daemon: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{"canceled", context.Canceled, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{Fail: map[string]error{controltest.Skip: tt.err, controltest.Snapshot: tt.err}}
			code, _, m := do(t, control.NewHandler(f, nil), "POST", "/v1/skip", "")
			if code != tt.code {
				t.Errorf("skip: status %d, want %d (%v)", code, tt.code, m)
			}
			if s, _ := m["error"].(string); s == "" {
				t.Errorf("skip: no error message in %v", m)
			}
			if code, _, _ := do(t, control.NewHandler(f, nil), "GET", "/v1/snapshot", ""); code != tt.code {
				t.Errorf("snapshot: status %d, want %d", code, tt.code)
			}
		})
	}
}

func TestHandlerBadRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path, body string
		code                     int
		errHas                   string
	}{
		{"unknown_route", "GET", "/v1/nope", "", 404, "no such route"},
		{"root", "GET", "/", "", 404, "POST /v1/snooze"},
		{"unversioned", "POST", "/snooze", "", 404, "no such route"},
		{"get_action", "GET", "/v1/snooze", "", 405, "use POST"},
		{"post_snapshot", "POST", "/v1/snapshot", "", 405, "use GET"},
		{"delete", "DELETE", "/v1/pause", "", 405, "method DELETE"},
		{"snooze_not_json", "POST", "/v1/snooze", "ten minutes", 400, "bad request body"},
		{"snooze_bad_duration", "POST", "/v1/snooze", `{"duration":"ten"}`, 400, `bad duration "ten"`},
		{"snooze_number", "POST", "/v1/snooze", `{"duration":600}`, 400, "bad request body"},
		{"snooze_negative", "POST", "/v1/snooze", `{"duration":"-5m"}`, 400, "want between"},
		{"snooze_too_long", "POST", "/v1/snooze", `{"duration":"25h"}`, 400, "want between"},
		{"snooze_too_short", "POST", "/v1/snooze", `{"duration":"1ms"}`, 400, "want between"},
		{"snooze_unknown_field", "POST", "/v1/snooze", `{"minutes":10}`, 400, "unknown field"},
		{"snooze_two_values", "POST", "/v1/snooze", `{}{}`, 400, "more than one JSON value"},
		{"snooze_array", "POST", "/v1/snooze", `[]`, 400, "bad request body"},
		{"snooze_null_then_junk", "POST", "/v1/snooze", `{} x`, 400, "bad request body"},
		{"skip_with_field", "POST", "/v1/skip", `{"force":true}`, 400, "unknown field"},
		{"pause_nothing", "POST", "/v1/pause", ``, 400, "exactly one"},
		{"pause_empty", "POST", "/v1/pause", `{}`, 400, "exactly one"},
		{"pause_two", "POST", "/v1/pause", `{"for":"1h","indefinitely":true}`, 400, "exactly one"},
		{"pause_false", "POST", "/v1/pause", `{"indefinitely":false}`, 400, "exactly one"},
		{"pause_too_long", "POST", "/v1/pause", `{"for":"800h"}`, 400, "want between"},
		{"pause_bad_type", "POST", "/v1/pause", `{"indefinitely":"yes"}`, 400, "bad request body"},
		{"oversized", "POST", "/v1/snooze", `{"duration":"` + strings.Repeat(" ", control.MaxBodyBytes) + `10m"}`, 413, "too large"},
		{"oversized_get", "GET", "/v1/snapshot", strings.Repeat("x", control.MaxBodyBytes+1), 413, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &controltest.Fake{}
			code, hdr, m := do(t, control.NewHandler(f, nil), tt.method, tt.path, tt.body)
			if code != tt.code {
				t.Errorf("status %d, want %d (%v)", code, tt.code, m)
			}
			if s, _ := m["error"].(string); !strings.Contains(s, tt.errHas) {
				t.Errorf("error %q does not contain %q", s, tt.errHas)
			}
			if code == 405 && hdr.Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
			if calls := f.Calls(); len(calls) != 0 {
				t.Errorf("the controller was called: %+v", calls)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	want := []string{"GET /v1/snapshot", "POST /v1/break", "POST /v1/done", "POST /v1/pause", "POST /v1/reload",
		"POST /v1/resume", "POST /v1/skip", "POST /v1/snooze"}
	if got := control.Routes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Routes() = %q, want %q", got, want)
	}
}
