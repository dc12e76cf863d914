// Package desktoptest starts real desktop parts for tests: a private X display (Xvfb), a
// private session D-Bus, a notification daemon (dunst) and a StatusNotifierItem watcher.
//
// Each helper skips the test when the program it needs is missing, and fails it instead when
// the environment variable CI is "true", where .ci/run has installed them. Everything started
// is stopped by its pid in t.Cleanup.
package desktoptest

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Need skips t (or fails it under CI=true) unless every named program is on PATH.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed, and CI=true requires it: %v", p, err)
			}
			t.Skipf("%s is not installed; skipping a test that needs a real desktop part", p)
		}
	}
}

// start runs cmd in the background and stops it when the test ends.
func start(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
}

// Xvfb starts a private X server, sets DISPLAY for the test and returns its value. The server
// does not reset when its last client leaves (-noreset): a reset drops the connections that
// arrive meanwhile, and restarts its idle counter.
func Xvfb(t testing.TB) string {
	t.Helper()
	Need(t, "Xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	start(t, cmd)
	w.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
		r.Close()
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb exited without reporting a display")
		}
		display := ":" + n
		t.Setenv("DISPLAY", display)
		return display
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not report a display within 15s")
	}
	return ""
}

// SessionBus starts a private session bus, points DBUS_SESSION_BUS_ADDRESS at it for the
// test, and returns a connection to it.
func SessionBus(t testing.TB) *dbus.Conn {
	t.Helper()
	Need(t, "dbus-daemon")
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1", "--nopidfile")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start(t, cmd)
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	t.Setenv("NO_AT_BRIDGE", "1")
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to private bus %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// WaitName waits until name has an owner on conn's bus.
func WaitName(t testing.TB, conn *dbus.Conn, name string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var has bool
		err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
		cancel()
		if err == nil && has {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not appear on the bus within %v (last error: %v)", name, within, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Dunst starts dunst (needs Xvfb and SessionBus first) with the given dunstrc contents
// (empty: dunst's defaults) and waits until it owns org.freedesktop.Notifications.
func Dunst(t testing.TB, conn *dbus.Conn, dunstrc string) {
	t.Helper()
	Need(t, "dunst", "dunstctl")
	args := []string{}
	if dunstrc != "" {
		f := t.TempDir() + "/dunstrc"
		if err := os.WriteFile(f, []byte(dunstrc), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-config", f)
	}
	start(t, exec.Command("dunst", args...))
	WaitName(t, conn, "org.freedesktop.Notifications", 10*time.Second)
}

// Watcher starts a real StatusNotifierWatcher (status-notifier-watcher) on the session bus.
func Watcher(t testing.TB, conn *dbus.Conn) {
	t.Helper()
	Need(t, "status-notifier-watcher")
	start(t, exec.Command("status-notifier-watcher"))
	WaitName(t, conn, "org.kde.StatusNotifierWatcher", 10*time.Second)
}
