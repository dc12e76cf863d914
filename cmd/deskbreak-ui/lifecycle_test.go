package main

import (
	"bufio"
	"context"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// notRunning is a daemonClient with no daemon behind it.
type notRunning struct{ fakeDaemon }

func (*notRunning) Watch(ctx context.Context, fn func(snapshot)) error { return errNotRunning }

// TestPagesSayTheDaemonIsNotRunning: without a daemon the pages are told so (and offer to
// start it), and the UI keeps trying.
func TestPagesSayTheDaemonIsNotRunning(t *testing.T) {
	u, base := testServer(t, &fakeDaemon{})
	u.c = &notRunning{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go u.watch(ctx, 50*time.Millisecond)
	c := login(t, u)
	ectx, ecancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer ecancel()
	req, _ := http.NewRequestWithContext(ectx, "GET", base+"/events", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || !strings.Contains(line, `"not_running":true`) || !strings.Contains(line, "not running") {
		t.Errorf("first event %q (%v), want not_running", line, err)
	}
	page := body(t, func() *http.Response { r, _ := c.Get(base + "/break"); return r }())
	if !strings.Contains(page, `id="start-daemon"`) {
		t.Error("the page offers no way to start deskbreak")
	}
}

// TestUIExitsWhenTheDaemonStops runs the real programs: a page is connected, the daemon
// stops, the UI exits by itself.
func TestUIExitsWhenTheDaemonStops(t *testing.T) {
	bin := binaries(t)
	root := t.TempDir()
	var env []string
	for _, k := range []string{"XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"} {
		d := filepath.Join(root, strings.ToLower(k))
		os.MkdirAll(d, 0o700)
		env = append(env, k+"="+d)
	}
	env = append(env, "PATH="+os.Getenv("PATH"))
	daemon := exec.Command(filepath.Join(bin, "deskbreak"), "run", "--no-tray")
	daemon.Env = env
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	defer daemon.Process.Kill()
	for i := 0; ; i++ {
		status := exec.Command(filepath.Join(bin, "deskbreak"), "status")
		status.Env = env
		if status.Run() == nil {
			break
		}
		if i > 200 {
			t.Fatal("the daemon did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	ui := exec.Command(filepath.Join(bin, "deskbreak-ui"), "--no-open")
	ui.Env = env
	out, _ := ui.StdoutPipe()
	if err := ui.Start(); err != nil {
		t.Fatal(err)
	}
	defer ui.Process.Kill()
	url, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(strings.TrimSpace(url))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	base := strings.TrimSpace(url)[:strings.Index(url, "/auth")]
	events, err := c.Get(base + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	if line, _ := bufio.NewReader(events.Body).ReadString('\n'); !strings.Contains(line, `"state":`) {
		t.Fatalf("first event %q", line)
	}
	daemon.Process.Signal(os.Interrupt)
	daemon.Wait()
	done := make(chan error, 1)
	go func() { done <- ui.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the UI exited with %v, want 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the UI still runs 15 s after the daemon stopped")
	}
}
