//go:build linux

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Issue 2: the daemon's life: a clean stop, one daemon per user, a corrupt state file, and
// config reloads. These need no desktop part: deskbreak gets no display and no session bus,
// and keeps running without them.

func TestLifecycleSIGTERMSaves(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := h.start("--no-tray")
	started := time.Now()

	// A status request is a look at the clock: it moves last_seen on, but only in memory
	// (last_seen alone is saved every few minutes), so only the final save writes it.
	eventually(t, "a second passes", waitFor, func() (bool, string) { return time.Since(started) > time.Second, "" })
	looked := time.Now()
	h.status()
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
	st := h.readState()
	if st.Version != 1 {
		t.Errorf("state file version %d, want 1", st.Version)
	}
	if st.Scheduler.LastSeen == nil || st.Scheduler.LastSeen.Before(looked) || st.Scheduler.LastSeen.After(time.Now()) {
		t.Errorf("saved last_seen %v, want the time of the last status request (%v) or later: the final save did not happen", st.Scheduler.LastSeen, looked)
	}
	if _, ok := st.Scheduler.Rules["exercise"]; !ok {
		t.Errorf("the saved state lost the exercise rule's memory: %+v", st.Scheduler)
	}
	if r := h.cli("status"); r.code != 1 || !strings.Contains(r.stderr, "not running") {
		t.Errorf("deskbreak status after the daemon stopped: exit %d, stderr %q; want 1 and \"not running\"", r.code, r.stderr)
	}
	// Issue 19: a clean stop leaves no empty deskbreak.pid behind, nor its socket.
	if _, err := os.Lstat(filepath.Join(h.stateDir, "deskbreak.pid")); !os.IsNotExist(err) {
		t.Errorf("after a clean stop deskbreak.pid is still there (%v); want it removed", err)
	}
}

func TestLifecycleSecondDaemonRefused(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := h.start("--no-tray")

	r := h.cli("run", "--no-tray")
	want := fmt.Sprintf("already running (pid %d)", p.pid())
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("a second deskbreak run: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
	// The first one is unharmed.
	if st := h.status(); st.State != "working" {
		t.Errorf("the first daemon's state %q, want working", st.State)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

func TestLifecycleCorruptStateSetAside(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	garbage := []byte("{\"version\":1,\"scheduler\":{\"pending\":{\"rule\":\x00\x01 not json at all")
	if err := os.WriteFile(filepath.Join(h.stateDir, "state.json"), garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	p := h.start("--no-tray")

	aside, err := filepath.Glob(filepath.Join(h.stateDir, "state.json.corrupt-*"))
	if err != nil || len(aside) != 1 {
		t.Fatalf("files set aside: %q (%v), want one state.json.corrupt-*", aside, err)
	}
	if b, err := os.ReadFile(aside[0]); err != nil || string(b) != string(garbage) {
		t.Errorf("%s holds %q (%v), want the corrupt file as it was", aside[0], b, err)
	}
	p.waitLog("the daemon warns about the corrupt state file", "level=WARN", "state file is corrupt", filepath.Base(aside[0]))
	// It runs on a fresh state, and saves a good one.
	h.mustCLI("pause", "30m")
	st := h.status()
	if st.State != "paused" {
		t.Errorf("state %q after deskbreak pause, want paused", st.State)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
	if st := h.readState(); st.Version != 1 {
		t.Errorf("state file version %d after the run, want 1", st.Version)
	}
}

func TestLifecycleConfigReload(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := h.start("--no-tray")
	if st := h.status(); !slices.Equal(st.SnoozeChoices, []int64{300, 900, 1800}) {
		t.Fatalf("snooze choices %v at start, want [300 900 1800]", st.SnoozeChoices)
	}

	// A good edit, saved as editors do (a new file renamed over the old), is picked up.
	h.writeConfig(allDayConfig(`"10m", "20m"`))
	h.waitStatus("the daemon takes the new snooze choices", func(s status) bool {
		return slices.Equal(s.SnoozeChoices, []int64{600, 1200}) && s.ConfigError == ""
	})
	p.waitLog("the daemon logs the reload", `msg="config reloaded"`)

	// A broken edit, written in place: logged with file and line, and the last good config
	// stays in force.
	bad := allDayConfig(`"10m", "20m"`)
	bad = strings.Replace(bad, "limit = 3\n", "limit = 3\nlimt = 4\n", 1)
	line := 1 + strings.Count(bad[:strings.Index(bad, "limt")], "\n")
	if err := os.WriteFile(h.configPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	where := fmt.Sprintf("config.toml:%d:", line)
	p.waitLog("the daemon logs the problem with its file and line", "config not reloaded", where, "limt")
	st := h.waitStatus("status shows the config problem", func(s status) bool { return s.ConfigError != "" })
	if !strings.Contains(st.ConfigError, where) {
		t.Errorf("config_error %q, want it to name %s", st.ConfigError, where)
	}
	if !slices.Equal(st.SnoozeChoices, []int64{600, 1200}) {
		t.Errorf("snooze choices %v after a broken edit, want the last good [600 1200]", st.SnoozeChoices)
	}
	if !regexp.MustCompile(`level=ERROR msg="config not reloaded; the previous config stays in force" problem=".*` + regexp.QuoteMeta(where)).MatchString(p.log.String()) {
		t.Errorf("the log lacks an ERROR line naming %s", where)
	}

	// Fixing it clears the problem.
	h.writeConfig(allDayConfig(`"7m"`))
	h.waitStatus("the fixed config is taken", func(s status) bool {
		return slices.Equal(s.SnoozeChoices, []int64{420}) && s.ConfigError == ""
	})
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}
