//go:build unix

package control_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

// serve listens on path and serves c until the test ends; it returns the server's log.
func serve(t *testing.T, path string, c api.Controller) *controltest.Log {
	t.Helper()
	return controltest.Serve(t, path, c)
}

func TestSocketEveryMethod(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{Snap: testSnapshot()}
	serve(t, path, f)
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want a 0600 socket", fi.Mode())
	}
	c := control.NewClient(path)
	defer c.Close()
	ctx := context.Background()
	snap, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Status.Next == nil || snap.Status.Next.Rule != "exercise" || snap.TodayHours != "09:00-12:30, 13:30-17:30" {
		t.Errorf("snapshot %+v", snap)
	}
	actions := []struct {
		call func() (api.Result, error)
		want api.Request
		msg  string
	}{
		{func() (api.Result, error) { return c.Act(ctx, api.SnoozeFor(0)) }, api.SnoozeFor(0), "snoozed"},
		{func() (api.Result, error) { return c.Act(ctx, api.SnoozeFor(7*time.Minute)) }, api.SnoozeFor(7 * time.Minute), "snoozed for 7m0s"},
		{func() (api.Result, error) { return c.Act(ctx, api.Do(api.Skip)) }, api.Do(api.Skip), "skipped"},
		{func() (api.Result, error) { return c.Act(ctx, api.Do(api.Break)) }, api.Do(api.Break), "break started"},
		{func() (api.Result, error) { return c.Act(ctx, api.Do(api.Done)) }, api.Do(api.Done), "break done"},
		{func() (api.Result, error) { return c.Act(ctx, api.PauseAs(api.PauseRequest{For: 45 * time.Minute})) },
			api.PauseAs(api.PauseRequest{For: 45 * time.Minute}), "paused for 45m0s"},
		{func() (api.Result, error) { return c.Act(ctx, api.PauseAs(api.PauseRequest{UntilNextRange: true})) },
			api.PauseAs(api.PauseRequest{UntilNextRange: true}), "paused until the next work range"},
		{func() (api.Result, error) { return c.Act(ctx, api.PauseAs(api.PauseRequest{Indefinitely: true})) },
			api.PauseAs(api.PauseRequest{Indefinitely: true}), "paused indefinitely"},
		{func() (api.Result, error) { return c.Act(ctx, api.Do(api.Resume)) }, api.Do(api.Resume), "resumed"},
		{func() (api.Result, error) { return c.Act(ctx, api.Do(api.Reload)) }, api.Do(api.Reload), "config reloaded"},
	}
	for i, a := range actions {
		r, err := a.call()
		if err != nil {
			t.Errorf("%s: %v", a.want.Action, err)
			continue
		}
		if r.Message != a.msg || r.Snapshot.SnoozesLeft != 2 {
			t.Errorf("%s: result %+v, want message %q and the snapshot", a.want.Action, r, a.msg)
		}
		calls := f.Calls()
		if got := calls[len(calls)-1]; got != a.want {
			t.Errorf("action %d: the controller got %+v, want %+v", i, got, a.want)
		}
	}
}

func TestSocketErrors(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{
		Refuse: map[api.Action]string{api.Snooze: "snooze limit reached", api.Done: "no break is running"},
		Fail:   map[api.Action]error{api.Reload: errors.New("read config.toml: permission denied")},
	}
	serve(t, path, f)
	c := control.NewClient(path)
	ctx := context.Background()
	for name, call := range map[string]func() (api.Result, error){
		"snooze limit reached": func() (api.Result, error) { return c.Act(ctx, api.SnoozeFor(0)) },
		"no break is running":  func() (api.Result, error) { return c.Act(ctx, api.Do(api.Done)) },
	} {
		_, err := call()
		var refused *api.Refused
		if !errors.As(err, &refused) || refused.Msg != name {
			t.Errorf("got %v (%T), want the refusal %q", err, err, name)
		}
	}
	_, err := c.Act(ctx, api.Do(api.Reload))
	var refused *api.Refused
	want := "control reload on " + path + ": the daemon answered internal: read config.toml: permission denied"
	if err == nil || errors.As(err, &refused) || err.Error() != want {
		t.Errorf("reload: got %v, want a plain error %q", err, want)
	}
	// Out of bounds: refused by the client with the daemon's own words, never sent.
	before := len(f.Calls())
	_, err = c.Act(ctx, api.SnoozeFor(-time.Minute))
	if !errors.As(err, &refused) || refused.Msg != "cannot snooze for -1m: choose between 1m and 24h" {
		t.Errorf("negative snooze: got %v, want the refusal", err)
	}
	_, err = c.Act(ctx, api.PauseAs(api.PauseRequest{}))
	if !errors.As(err, &refused) || !strings.Contains(refused.Msg, "say how long to pause") {
		t.Errorf("empty pause: got %v, want the refusal", err)
	}
	if n := len(f.Calls()) - before; n != 0 {
		t.Errorf("%d requests out of bounds reached the daemon", n)
	}
}

func TestClientNotRunning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "control.sock")
	for name, path := range map[string]string{"no_socket": missing, "no_dir": filepath.Join(dir, "nodir", "control.sock"), "stale": controltest.StaleSocket(t)} {
		_, err := control.NewClient(path).Snapshot(context.Background())
		if !errors.Is(err, control.ErrNotRunning) {
			t.Errorf("%s: got %v, want ErrNotRunning", name, err)
		}
		_, err = control.NewClient(path).Act(context.Background(), api.Do(api.Skip))
		if !errors.Is(err, control.ErrNotRunning) {
			t.Errorf("%s: skip: got %v, want ErrNotRunning", name, err)
		}
	}
}

func TestListenReplacesStaleSocket(t *testing.T) {
	t.Parallel()
	path := controltest.StaleSocket(t)
	f := &controltest.Fake{}
	serve(t, path, f)
	if _, err := control.NewClient(path).Act(context.Background(), api.Do(api.Skip)); err != nil {
		t.Fatalf("after replacing the stale socket: %v", err)
	}
}

func TestListenRefusesLiveSocket(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	first := &controltest.Fake{}
	serve(t, path, first)
	if _, err := control.Listen(path); !errors.Is(err, control.ErrAlreadyRunning) {
		t.Fatalf("second Listen: got %v, want ErrAlreadyRunning", err)
	}
	// The first daemon still answers.
	if _, err := control.NewClient(path).Act(context.Background(), api.Do(api.Skip)); err != nil {
		t.Fatal(err)
	}
	if n := len(first.Calls()); n != 1 {
		t.Errorf("the first daemon got %d calls, want 1", n)
	}
}

func TestListenRefusesNonSocket(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "control.sock")
	if err := os.WriteFile(file, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := control.Listen(file); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Listen over a file: got %v, want an error saying it is not a socket", err)
	}
	if data, _ := os.ReadFile(file); string(data) != "precious" {
		t.Errorf("the file was touched: %q", data)
	}
	if _, err := control.Listen(filepath.Join(dir, "missing", "control.sock")); err == nil {
		t.Errorf("Listen in a missing directory: no error")
	}
}

func TestServeStopsAndRemovesSocket(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	l, err := control.Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- control.Serve(ctx, l, &controltest.Fake{}, nil) }()
	// A client stuck halfway through its request does not hold the daemon up: it is told
	// the daemon is stopping.
	stuck, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	io.WriteString(stuck, `{"op":`)
	// Connections are accepted in turn: once this one is answered, the stuck one is served.
	if _, err := control.NewClient(path).Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
	}
	stuck.SetDeadline(time.Now().Add(time.Minute))
	ans, err := io.ReadAll(stuck)
	if err != nil {
		t.Fatalf("the stuck client: %v", err)
	}
	if a := parseAnswer(t, "half a request", ans); a.Kind != "unavailable" || a.Error != "the daemon is stopping" {
		t.Errorf("the stuck client got %+v, want unavailable: the daemon is stopping", a)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket still there after Serve returned: %v", err)
	}
	if _, err := control.NewClient(path).Snapshot(context.Background()); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("after Serve returned: got %v, want ErrNotRunning", err)
	}
}

func TestServeSlowClientDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{}
	serve(t, path, f)
	// Clients that connect and send half a request, or nothing, hold one connection each.
	for _, half := range []string{`{"op":"skip"`, ""} {
		conn, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, half)
	}
	// A server that took connections in turn would answer only when the stuck ones time out
	// (after 10 s); this one answers at once, so 5 s is generous.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := control.NewClient(path).Snapshot(ctx); err != nil {
		t.Fatalf("another client while two are stuck: %v", err)
	}
	if calls := f.Calls(); len(calls) != 1 || calls[0].Action != controltest.Snapshot {
		t.Errorf("calls %+v, want only the snapshot", calls)
	}
}

// rawExchange connects to path, writes req, half-closes when asked to, and reads the answer
// to the end.
func rawExchange(t *testing.T, path, req string, halfClose bool) string {
	t.Helper()
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A hang fails here rather than at the test binary's timeout.
	conn.SetDeadline(time.Now().Add(time.Minute))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatalf("write %.40q: %v", req, err)
	}
	if halfClose {
		if err := conn.(*net.UnixConn).CloseWrite(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("read the answer to %.40q: %v (got %q)", req, err, data)
	}
	return string(data)
}

func TestSocketHalfClose(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{Snap: testSnapshot()}
	serve(t, path, f)
	ans := rawExchange(t, path, `{"op":"snapshot"}`, true)
	a := parseAnswer(t, "snapshot without a newline", []byte(ans))
	var snap api.Snapshot
	if err := json.Unmarshal(a.OK, &snap); err != nil || snap.TodayHours != testSnapshot().TodayHours {
		t.Errorf("answer %q: snapshot %+v, %v", ans, snap, err)
	}
	// Nothing at all, then EOF: no answer, and no call.
	if ans := rawExchange(t, path, "", true); ans != "" {
		t.Errorf("no request: answer %q, want none", ans)
	}
	if calls := f.Calls(); len(calls) != 1 {
		t.Errorf("calls %+v, want the one snapshot", calls)
	}
}

func TestSocketGarbage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{}
	serve(t, path, f)
	for _, tt := range []struct{ req, errHas string }{
		{"\x00\xff\xfe garbage \x1b[2J\n", "bad request: invalid character"},
		{"GET /v1/snapshot HTTP/1.1\r\nHost: deskbreak\r\n\r\n", "bad request: invalid character"},
		// Over the limit and no newline, without closing: answered at once, not after the
		// read timeout ("no complete line").
		{strings.Repeat("\x01", control.MaxBodyBytes+1), "too large"},
	} {
		ans := rawExchange(t, path, tt.req, false)
		a := parseAnswer(t, tt.req, []byte(ans))
		if a.Kind != "bad_request" || !strings.Contains(a.Error, tt.errHas) {
			t.Errorf("%.40q: answer %+v, want bad_request with %q", tt.req, a, tt.errHas)
		}
	}
	if calls := f.Calls(); len(calls) != 0 {
		t.Errorf("the controller was called: %+v", calls)
	}
}

// TestSocketByHand speaks the protocol as a shell user does: a line in, a line out.
func TestSocketByHand(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{Refuse: map[api.Action]string{api.Skip: "nothing to skip: no break is due"}}
	logs := serve(t, path, f)
	for req, want := range map[string]string{
		`{"op":"pause","args":{"for":"30m"}}` + "\n": `{"ok":{"message":"paused for 30m0s",`,
		`{"op":"skip"}` + "\n":                       `{"error":"nothing to skip: no break is due","kind":"refused"}` + "\n",
		`{"op":"fly"}` + "\n":                        `{"error":"unknown op \"fly\"; the ops are break, done, pause, reload, resume, skip, snapshot, snooze, watch","kind":"bad_request"}` + "\n",
	} {
		if got := rawExchange(t, path, req, false); !strings.HasPrefix(got, want) {
			t.Errorf("%s: got %q, want %q...", strings.TrimSpace(req), got, want)
		}
	}
	// Each request is logged at debug level with its op and outcome.
	for _, want := range []string{"op=pause outcome=ok", "op=skip outcome=refused", "op=fly outcome=bad_request"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not have %q:\n%s", want, logs)
		}
	}
}

var _ io.Writer = (*controltest.Log)(nil)
