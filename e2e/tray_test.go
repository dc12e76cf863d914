//go:build linux

package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
)

// Issue 4: the tray, read and clicked over D-Bus as a tray host does.

// checkIcon fails t unless the item has one ARGB32 picture of a sensible size.
func checkIcon(t *testing.T, p itemProps) {
	t.Helper()
	if len(p.Icon) == 0 {
		t.Fatalf("the item has no IconPixmap: %s", summarize(p))
	}
	for _, px := range p.Icon {
		if px.W < 16 || px.H < 16 || px.W > 512 || px.H > 512 || len(px.Data) != int(px.W*px.H*4) {
			t.Errorf("IconPixmap %dx%d with %d bytes, want 16..512 px ARGB32 (4 bytes a pixel)", px.W, px.H, len(px.Data))
		}
	}
}

func TestTraySnoozeFromMenu(t *testing.T) {
	d := startDesktop(t, true)
	h := newHome(t, true)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedDue()
	p := h.start() // with its tray
	due := h.status()
	if due.State != "due" {
		t.Fatalf("state %q, want due\n%s", due.State, due.raw)
	}

	it := d.waitItem(p.pid())
	// The title is "deskbreak" for a moment after start (see internal/tray preset), then the
	// status text.
	before := it.waitProps("the item's title says the break is due", func(p itemProps) bool {
		return strings.HasPrefix(p.Title, "Break due")
	})
	if before.Status != "Active" {
		t.Errorf("item Status %q, want Active", before.Status)
	}
	checkIcon(t, before)
	if !strings.HasPrefix(before.Tooltip, before.Title) {
		t.Errorf("tooltip %q does not start with the title %q", before.Tooltip, before.Title)
	}
	for _, e := range due.Exercises {
		if c := strings.Count(strings.ToLower(before.Tooltip), strings.ToLower(e.Title)); c != 1 {
			t.Errorf("the tooltip of a due break names its exercise %q %d times, want once:\n%s", e.Title, c, before.Tooltip)
		}
	}

	// fyne.io/systray answers the first GetLayout with one level only (its workaround for
	// libdbusmenu-gtk3, https://github.com/fyne-io/systray/pull/118); hosts read again, and
	// so does this.
	var menu, snooze menuNode
	eventually(t, "the tray menu has an enabled \"Snooze (3 left)\" submenu", waitFor, func() (bool, string) {
		var err error
		if menu, err = it.layout(); err != nil {
			return false, err.Error()
		}
		var ok bool
		snooze, ok = menu.find(func(l string) bool { return l == "Snooze (3 left)" })
		return ok && snooze.Enabled && snooze.Visible && len(snooze.Children) > 0, "\n" + menu.String()
	})
	var labels []string
	var fifteen menuNode
	for _, c := range snooze.Children {
		if c.Visible {
			labels = append(labels, c.Label)
		}
		if c.Label == "15 min" {
			fifteen = c
		}
	}
	if got := strings.Join(labels, ", "); got != "5 min, 15 min, 30 min" {
		t.Errorf("the Snooze submenu offers %q, want the configured 5 min, 15 min, 30 min:\n%s", got, menu)
	}
	if fifteen.ID == 0 || !fifteen.Enabled {
		t.Fatalf("no enabled \"15 min\" under Snooze:\n%s", menu)
	}

	clicked := time.Now()
	it.click(fifteen.ID)
	st := h.waitStatus("the daemon is snoozed after the tray's Snooze 15 min", func(s status) bool { return s.State == "snoozed" })
	done := time.Now()
	if st.SnoozedUntil == nil || st.SnoozedUntil.Before(clicked.Add(15*time.Minute-time.Second)) || st.SnoozedUntil.After(done.Add(15*time.Minute)) {
		t.Errorf("snoozed_until %v, want 15 min after the click (%v to %v)", st.SnoozedUntil, clicked.Add(15*time.Minute), done.Add(15*time.Minute))
	}
	if st.SnoozesLeft != 2 {
		t.Errorf("snoozes_left %d, want 2", st.SnoozesLeft)
	}

	// The tray follows: title, tooltip, icon and menu.
	if st.SnoozedUntil != nil {
		clock := st.SnoozedUntil.In(time.Local).Format("15:04")
		after := it.waitProps("the item's title says snoozed until "+clock, func(p itemProps) bool {
			return strings.HasPrefix(p.Title, "Snoozed until ") && strings.Contains(p.Title, clock)
		})
		if !strings.HasPrefix(after.Tooltip, after.Title) {
			t.Errorf("tooltip %q after snoozing, want it to start with the title %q", after.Tooltip, after.Title)
		}
		checkIcon(t, after)
		if len(after.Icon) > 0 && len(before.Icon) > 0 && bytes.Equal(after.Icon[0].Data, before.Icon[0].Data) {
			t.Error("the icon is the same when due and when snoozed")
		}
	}
	eventually(t, "the menu says 2 snoozes are left", waitFor, func() (bool, string) {
		m, err := it.layout()
		if err != nil {
			return false, err.Error()
		}
		_, ok := m.find(func(l string) bool { return l == "Snooze (2 left)" })
		return ok, m.String()
	})
	d.waitDisplayed("the snoozed break's notification goes away", 0)
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

func TestTrayWithoutWatcherRegistersLater(t *testing.T) {
	d := startDesktop(t, false)
	h := newHome(t, true)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := h.start() // with its tray, and no tray host yet

	if st := h.status(); st.State != "working" {
		t.Errorf("state %q without a tray host, want working\n%s", st.State, st.raw)
	}
	p.waitLog("the daemon says once that there is no tray host", "no tray host is running")
	name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", p.pid())
	if !d.hasOwner(name) {
		t.Errorf("%s is not on the bus", name)
	}

	desktoptest.Watcher(t, d.conn)
	it := d.waitItem(p.pid())
	it.waitProps("the item's title shows the next break", func(p itemProps) bool {
		return strings.HasPrefix(p.Title, "Next break ")
	})
	if n := strings.Count(p.log.String(), "no tray host is running"); n != 1 {
		t.Errorf("the hint about no tray host is logged %d times, want once", n)
	}
	// The CLI still works, and acts.
	h.mustCLI("pause", "30m")
	it.waitProps("the item's title says paused", func(p itemProps) bool { return strings.HasPrefix(p.Title, "Paused until ") })
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
	checkLog(t, p.log.String())
}

// checkLog checks the daemon's log is slog records only, one per line (fyne.io/systray's raw
// "systray error: failed to register" line came through as it was), and says which idle
// source is in use once, by the name "deskbreak status" uses (it said MIT-SCREEN-SAVER while
// status said SYNC alarms).
func checkLog(t *testing.T, log string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if !strings.HasPrefix(l, "time=") {
			t.Errorf("a log line that is not a slog record: %q", l)
		}
		if strings.Contains(l, "systray error") && !strings.Contains(l, "level=DEBUG") {
			t.Errorf("systray's own line above debug level: %q", l)
		}
		if strings.Contains(l, "MIT-SCREEN-SAVER") && !strings.Contains(l, "level=DEBUG") {
			t.Errorf("a second name for the idle source: %q", l)
		}
	}
	if n := strings.Count(log, `level=INFO msg="idle time from x11 (SYNC alarms)"`); n != 1 {
		t.Errorf("the idle source is named %d times at info level, want once:\n%s", n, log)
	}
}
