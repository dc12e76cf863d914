package control_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
	"github.com/deskbreak/deskbreak/internal/daemon"
)

// serve listens on path and serves c until the test ends; it returns the server's log.
func serve(t *testing.T, path string, c control.Controller) *controltest.Log {
	t.Helper()
	return controltest.Serve(t, path, c)
}

func TestSocketEveryMethod(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	f := &controltest.Fake{Snap: testSnapshot()}
	serve(t, path, f)
	if runtime.GOOS != "windows" {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != 0o600 {
			t.Errorf("socket mode %v, want a 0600 socket", fi.Mode())
		}
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
		call func() (daemon.Result, error)
		want controltest.Call
		msg  string
	}{
		{func() (daemon.Result, error) { return c.Snooze(ctx, 0) }, controltest.Call{Method: controltest.Snooze}, "snoozed"},
		{func() (daemon.Result, error) { return c.Snooze(ctx, 7*time.Minute) }, controltest.Call{Method: controltest.Snooze, Duration: 7 * time.Minute}, "snoozed for 7m0s"},
		{func() (daemon.Result, error) { return c.Skip(ctx) }, controltest.Call{Method: controltest.Skip}, "skipped"},
		{func() (daemon.Result, error) { return c.StartBreak(ctx) }, controltest.Call{Method: controltest.StartBreak}, "break started"},
		{func() (daemon.Result, error) { return c.Done(ctx) }, controltest.Call{Method: controltest.Done}, "break done"},
		{func() (daemon.Result, error) { return c.Pause(ctx, daemon.PauseRequest{For: 45 * time.Minute}) },
			controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{For: 45 * time.Minute}}, "paused for 45m0s"},
		{func() (daemon.Result, error) { return c.Pause(ctx, daemon.PauseRequest{UntilNextRange: true}) },
			controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{UntilNextRange: true}}, "paused until the next work range"},
		{func() (daemon.Result, error) { return c.Pause(ctx, daemon.PauseRequest{Indefinitely: true}) },
			controltest.Call{Method: controltest.Pause, Pause: daemon.PauseRequest{Indefinitely: true}}, "paused indefinitely"},
		{func() (daemon.Result, error) { return c.Resume(ctx) }, controltest.Call{Method: controltest.Resume}, "resumed"},
		{func() (daemon.Result, error) { return c.Reload(ctx) }, controltest.Call{Method: controltest.Reload}, "config reloaded"},
	}
	for i, a := range actions {
		r, err := a.call()
		if err != nil {
			t.Errorf("%s: %v", a.want.Method, err)
			continue
		}
		if r.Message != a.msg || r.Snapshot.SnoozesLeft != 2 {
			t.Errorf("%s: result %+v, want message %q and the snapshot", a.want.Method, r, a.msg)
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
		Refuse: map[string]string{controltest.Snooze: "snooze limit reached", controltest.Done: "no break is running"},
		Fail:   map[string]error{controltest.Reload: errors.New("read config.toml: permission denied")},
	}
	serve(t, path, f)
	c := control.NewClient(path)
	ctx := context.Background()
	for name, call := range map[string]func() (daemon.Result, error){
		"snooze limit reached": func() (daemon.Result, error) { return c.Snooze(ctx, 0) },
		"no break is running":  func() (daemon.Result, error) { return c.Done(ctx) },
	} {
		_, err := call()
		var refused *daemon.RefusedError
		if !errors.As(err, &refused) || refused.Msg != name {
			t.Errorf("got %v (%T), want the refusal %q", err, err, name)
		}
	}
	_, err := c.Reload(ctx)
	var refused *daemon.RefusedError
	if err == nil || errors.As(err, &refused) || !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "500") {
		t.Errorf("reload: got %v, want a plain error with the daemon's message and status", err)
	}
	_, err = c.Snooze(ctx, -time.Minute)
	if err == nil || !strings.Contains(err.Error(), "400") || !strings.Contains(err.Error(), "want between") {
		t.Errorf("negative snooze: got %v, want the server's 400", err)
	}
	_, err = c.Pause(ctx, daemon.PauseRequest{})
	if err == nil || !strings.Contains(err.Error(), "exactly one") {
		t.Errorf("empty pause: got %v, want the server's 400", err)
	}
}

func TestClientNotRunning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "control.sock")
	for name, path := range map[string]string{"no_socket": missing, "no_dir": filepath.Join(dir, "nodir", "control.sock"), "stale": staleSocket(t)} {
		_, err := control.NewClient(path).Snapshot(context.Background())
		if !errors.Is(err, control.ErrNotRunning) {
			t.Errorf("%s: got %v, want ErrNotRunning", name, err)
		}
		_, err = control.NewClient(path).Skip(context.Background())
		if !errors.Is(err, control.ErrNotRunning) {
			t.Errorf("%s: skip: got %v, want ErrNotRunning", name, err)
		}
	}
}

// staleSocket leaves a socket file behind with nobody listening, as a killed daemon does.
func staleSocket(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "control.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("the stale socket is gone: %v", err)
	}
	return path
}

func TestListenReplacesStaleSocket(t *testing.T) {
	t.Parallel()
	path := staleSocket(t)
	f := &controltest.Fake{}
	serve(t, path, f)
	if _, err := control.NewClient(path).Skip(context.Background()); err != nil {
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
	if _, err := control.NewClient(path).Skip(context.Background()); err != nil {
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
	if _, err := control.NewClient(path).Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
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
	serve(t, path, &controltest.Fake{})
	// A client that connects and sends half a request holds one connection only.
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/skip HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
	if _, err := control.NewClient(path).Snapshot(context.Background()); err != nil {
		t.Fatalf("another client while one is stuck: %v", err)
	}
}

var _ io.Writer = (*controltest.Log)(nil)
