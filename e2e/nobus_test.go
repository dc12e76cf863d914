//go:build linux

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
)

// Issue 19: with a display but no DBUS_SESSION_BUS_ADDRESS, `deskbreak break` autolaunched a
// session bus (dbus-launch, through beeep's fallback) that outlived the command and the
// daemon. No command and no daemon ever starts a bus.

// marked returns the processes other than this one whose environment holds mark: everything
// deskbreak started, however it detached (dbus-launch's bus forks and leaves its session).
func marked(t *testing.T, mark string) []string {
	t.Helper()
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", d.Name(), "environ"))
		if err != nil || !bytes.Contains(env, []byte(mark)) {
			continue
		}
		cmd, _ := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		out = append(out, fmt.Sprintf("%d %s", pid, strings.ReplaceAll(strings.TrimSpace(string(cmd)), "\x00", " ")))
	}
	return out
}

func TestNoSessionBusNeverAutolaunched(t *testing.T) {
	// dbus-launch is what godbus and libdbus run to autolaunch; without it nothing could leak.
	desktoptest.Need(t, "Xvfb", "dbus-launch")
	desktoptest.Xvfb(t)
	h := newHome(t, true)
	h.noBus = true
	mark := fmt.Sprintf("DESKBREAK_TEST_MARK=%s-%d", t.Name(), os.Getpid())
	h.extra = []string{mark}
	if len(marked(t, mark)) != 0 {
		t.Fatalf("processes marked before the test: %v", marked(t, mark))
	}
	t.Cleanup(func() {
		// Whatever leaked is ended here, by pid, so that a failure does not leave it behind.
		for _, p := range marked(t, mark) {
			if pid, err := strconv.Atoi(strings.Fields(p)[0]); err == nil {
				if proc, err := os.FindProcess(pid); err == nil {
					_ = proc.Kill()
				}
			}
		}
	})
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedDue()
	d := h.start() // with the tray: fyne.io/systray would autolaunch too
	h.mustCLI("status")
	h.mustCLI("snooze")
	h.mustCLI("break")
	h.mustCLI("done")
	h.mustCLI("break")
	h.mustCLI("skip")
	if code := d.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
	if left := marked(t, mark); len(left) != 0 {
		t.Errorf("deskbreak left %d processes behind after it stopped, want none:\n%s", len(left), strings.Join(left, "\n"))
	}
	if log := d.log.String(); !strings.Contains(log, "session bus") {
		t.Errorf("the daemon's log does not say there is no session bus:\n%s", log)
	}
}
