package control_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

var pipeSeq atomic.Int32

// testPipe returns a pipe name no other test uses.
func testPipe() string {
	return fmt.Sprintf(`\\.\pipe\deskbreak-test-%d-%d`, os.Getpid(), pipeSeq.Add(1))
}

func TestPipeEveryMethod(t *testing.T) {
	path := testPipe()
	f := &controltest.Fake{Snap: testSnapshot()}
	controltest.Serve(t, path, f)
	c := control.NewClient(path)
	ctx := context.Background()
	snap, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.TodayHours != "09:00-12:30, 13:30-17:30" {
		t.Errorf("snapshot %+v", snap)
	}
	reqs := []api.Request{
		api.SnoozeFor(7 * time.Minute), api.Do(api.Skip), api.Do(api.Break), api.Do(api.Done),
		api.PauseAs(api.PauseRequest{For: time.Hour}), api.Do(api.Resume), api.Do(api.Reload),
	}
	for _, r := range reqs {
		if _, err := c.Act(ctx, r); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
	}
	want := append([]api.Request{{Action: controltest.Snapshot}}, reqs...)
	if got := f.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls %+v, want %+v", got, want)
	}
	// Watch holds its connection open over the pipe and gets the first snapshot.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := c.Watch(wctx)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-ch:
		if s.TodayHours != snap.TodayHours {
			t.Errorf("watched snapshot %+v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no snapshot from Watch")
	}
}

func TestPipeRefusal(t *testing.T) {
	path := testPipe()
	controltest.Serve(t, path, &controltest.Fake{Refuse: map[api.Action]string{api.Done: "no break is running"}})
	_, err := control.NewClient(path).Act(context.Background(), api.Do(api.Done))
	var refused *api.Refused
	if !errors.As(err, &refused) || refused.Msg != "no break is running" {
		t.Errorf("got %v, want the refusal", err)
	}
}

func TestPipeNotRunning(t *testing.T) {
	_, err := control.NewClient(testPipe()).Snapshot(context.Background())
	if !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("got %v, want ErrNotRunning", err)
	}
}

func TestPipeSecondListenRefused(t *testing.T) {
	path := testPipe()
	first := &controltest.Fake{}
	controltest.Serve(t, path, first)
	if l, err := control.Listen(path); !errors.Is(err, control.ErrAlreadyRunning) {
		if l != nil {
			l.Close()
		}
		t.Fatalf("second Listen: got %v, want ErrAlreadyRunning", err)
	}
	if _, err := control.NewClient(path).Act(context.Background(), api.Do(api.Skip)); err != nil {
		t.Fatal(err)
	}
	if n := len(first.Calls()); n != 1 {
		t.Errorf("the first daemon got %d calls, want 1", n)
	}
}

func TestPipeGoneAfterServe(t *testing.T) {
	path := testPipe()
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
		t.Fatal(err)
	}
	if _, err := control.NewClient(path).Snapshot(context.Background()); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("after Serve returned: got %v, want ErrNotRunning", err)
	}
	// The name is free again: a new daemon can listen.
	l, err = control.Listen(path)
	if err != nil {
		t.Fatalf("listen again: %v", err)
	}
	l.Close()
}

// TestPipeSecurityDescriptor reads the DACL back from a live pipe: one entry, for this user.
func TestPipeSecurityDescriptor(t *testing.T) {
	path := testPipe()
	controltest.Serve(t, path, &controltest.Fake{})
	p, _ := windows.UTF16PtrFromString(path)
	var h windows.Handle
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		// Busy until the server waits for a connection.
		if h, err = windows.CreateFile(p, windows.READ_CONTROL, 0, nil, windows.OPEN_EXISTING, 0, 0); !errors.Is(err, windows.ERROR_PIPE_BUSY) {
			break
		}
	}
	if err != nil {
		t.Fatalf("open the pipe: %v", err)
	}
	defer windows.CloseHandle(h)
	sd, err := windows.GetSecurityInfo(h, windows.SE_KERNEL_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatalf("read the pipe's security descriptor: %v", err)
	}
	tok := windows.GetCurrentProcessToken()
	u, err := tok.GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	sid := u.User.Sid.String()
	s := sd.String()
	if !strings.HasPrefix(s, "D:P(") || strings.Count(s, "(") != 1 || !strings.HasSuffix(s, ";;;"+sid+")") || !strings.HasPrefix(s, "D:P(A;") {
		t.Errorf("DACL %s, want one protected allow entry for %s alone", s, sid)
	}
}

func TestSocketPathWindows(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tok := windows.GetCurrentProcessToken()
	u, err := tok.GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	want := `\\.\pipe\deskbreak-` + u.User.Sid.String()
	// XDG variables from a Linux shell (through Wine, or WSL interop) are ignored, whatever
	// they hold.
	for _, xdg := range []string{"", "relative", "/run/user/1000"} {
		got, err := control.SocketPath(env(map[string]string{"XDG_RUNTIME_DIR": xdg}))
		if err != nil || got != want {
			t.Errorf("XDG_RUNTIME_DIR=%q: SocketPath = %q, %v; want %q", xdg, got, err, want)
		}
	}
	if got, err := control.SocketPath(env(map[string]string{control.SocketEnv: `\\.\pipe\mine`})); err != nil || got != `\\.\pipe\mine` {
		t.Errorf("override: %q, %v", got, err)
	}
	for _, bad := range []string{"/tmp/control.sock", `C:\x\control.sock`, `\\.\pipe\`, `\\.\pipe\a\b`} {
		if _, err := control.SocketPath(env(map[string]string{control.SocketEnv: bad})); err == nil || !strings.Contains(err.Error(), control.SocketEnv) {
			t.Errorf("override %q: got %v, want an error naming %s", bad, err, control.SocketEnv)
		}
	}
}

func TestRuntimeDirIgnoresXDG(t *testing.T) {
	// Not t.TempDir: under Wine its cleanup fails to remove directories ("Invalid function").
	local, err := os.MkdirTemp("", "deskbreak-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(local)
	for _, xdg := range []string{"relative", "/run/user/1000"} {
		dir, err := control.RuntimeDir(func(k string) string {
			return map[string]string{"XDG_RUNTIME_DIR": xdg, "LocalAppData": local}[k]
		})
		if err != nil || !strings.HasPrefix(dir, local) {
			t.Errorf("XDG_RUNTIME_DIR=%q: RuntimeDir = %q, %v; want a directory under %s", xdg, dir, err, local)
		}
	}
}
