//go:build linux

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 19: "deskbreak start" said "started ... (pid N)" with exit 0 when that daemon had
// already exited (another one running, or any start error). It now checks the daemon answers,
// leaves a running one alone, and shows the error of one that does not come up.

func TestStartChecksTheDaemonIsUp(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	if out := h.mustCLI("install", "--method", "xdg"); !strings.Contains(out, "XDG autostart") {
		t.Fatalf("install: %s", out)
	}
	t.Cleanup(func() { h.cli("uninstall") })
	pidRe := regexp.MustCompile(`deskbreak is running \(pid (\d+)\)`)
	r := h.cli("start")
	m := pidRe.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("deskbreak start: exit %d, want 0 and %q\nstdout: %s\nstderr: %s", r.code, pidRe, r.stdout, r.stderr)
	}
	pid, _ := strconv.Atoi(m[1])
	proc, err := os.FindProcess(pid)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = proc.Signal(syscall.SIGTERM)
		}
	})
	if st := h.status(); st.State == "" {
		t.Fatalf("the started daemon does not answer: %+v", st)
	}

	// A second start leaves the running one alone, and says so.
	r = h.cli("start")
	if r.code != 0 || !strings.Contains(r.stdout, "already running (pid "+m[1]+")") || strings.Contains(r.stdout, "started") {
		t.Errorf("deskbreak start while running: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped = true
	eventually(t, "the daemon stops on SIGTERM", waitFor, func() (bool, string) {
		_, ok, saw := h.tryStatus()
		return !ok, saw
	})

	// A daemon that fails at once: its pid file cannot be created (a directory is in the way).
	pidFile := filepath.Join(h.stateDir, "deskbreak.pid") // the lock beside the state
	_ = os.Remove(pidFile)
	if err := os.MkdirAll(filepath.Join(pidFile, "in-the-way"), 0o700); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	r = h.cli("start")
	if r.code != 1 || !strings.Contains(r.stderr, "deskbreak: the daemon did not start: its last log line:") ||
		!strings.Contains(r.stderr, "deskbreak.pid") || !strings.Contains(r.stderr, "Try: deskbreak run") {
		t.Errorf("deskbreak start with a daemon that fails: exit %d, want 1 and its error\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "is running") {
		t.Errorf("deskbreak start claims a daemon runs:\n%s", r.stdout)
	}
	t.Logf("a failed start took %v:\n%s%s", time.Since(began).Round(time.Millisecond), r.stdout, r.stderr)
}
