//go:build linux

package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5"
)

// dunstEnv is a real dunst on a private X display and session bus. Its dunstrc sets dmenu
// to a stand-in script: `dunstctl context` pipes the context menu (one line per action, such
// as "#Snooze 5 min (Break time: 3 min) [1,snooze]") into it; it saves the menu and prints the
// line whose key is in the file "want", which makes dunst invoke that action.
type dunstEnv struct {
	conn *dbus.Conn
	dir  string
	rc   string
}

func startDunst(t *testing.T) *dunstEnv {
	t.Helper()
	// dunstctl calls dbus-send, and busctl (Debian package systemd) for `dunstctl history`.
	desktoptest.Need(t, "Xvfb", "dbus-daemon", "dunst", "dunstctl", "dbus-send", "busctl")
	desktoptest.Xvfb(t)
	d := &dunstEnv{conn: desktoptest.SessionBus(t), dir: t.TempDir()}
	script := filepath.Join(d.dir, "pick-menu")
	body := fmt.Sprintf(`#!/bin/sh
cat > %[1]s/menu.tmp && mv %[1]s/menu.tmp %[1]s/menu.txt
want=$(cat %[1]s/want 2>/dev/null)
[ -n "$want" ] && grep -F ",$want]" %[1]s/menu.txt | head -n 1
exit 0
`, d.dir)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	d.rc = "[global]\n    dmenu = " + script + "\n"
	desktoptest.Dunst(t, d.conn, d.rc)
	return d
}

// ctl runs dunstctl with args and returns its trimmed output.
func (d *dunstEnv) ctl(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	out, err := exec.CommandContext(ctx, "dunstctl", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("dunstctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// displayed returns `dunstctl count displayed`.
func (d *dunstEnv) displayed(t *testing.T) int {
	t.Helper()
	s := d.ctl(t, "count", "displayed")
	c, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("dunstctl count displayed printed %q", s)
	}
	return c
}

// menu opens dunst's context menu, picks the action with key want ("" picks none), and
// returns the menu dunst offered.
func (d *dunstEnv) menu(t *testing.T, want string) string {
	t.Helper()
	menu := filepath.Join(d.dir, "menu.txt")
	_ = os.Remove(menu)
	if err := os.WriteFile(filepath.Join(d.dir, "want"), []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	d.ctl(t, "context")
	var b []byte
	eventually(t, "dunst ran the stand-in dmenu", func() bool {
		var err error
		b, err = os.ReadFile(menu)
		return err == nil
	})
	return string(b)
}

// historyEntry is one notification from `dunstctl history`.
type historyEntry struct {
	ID                           int64
	Summary, Body, App, Category string
	Timeout                      int64 // microseconds; 0 = never
}

// history returns dunst's history (closed notifications), newest first.
func (d *dunstEnv) history(t *testing.T) []historyEntry {
	t.Helper()
	var raw struct {
		Data [][]map[string]struct {
			Data json.RawMessage `json:"data"`
		} `json:"data"`
	}
	out := d.ctl(t, "history")
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw.Data) != 1 {
		t.Fatalf("parse dunstctl history: %v\n%s", err, out)
	}
	var h []historyEntry
	for _, n := range raw.Data[0] {
		var e historyEntry
		for key, dst := range map[string]any{"id": &e.ID, "summary": &e.Summary, "body": &e.Body,
			"appname": &e.App, "category": &e.Category, "timeout": &e.Timeout} {
			if err := json.Unmarshal(n[key].Data, dst); err != nil {
				t.Fatalf("dunstctl history: field %q: %v\n%s", key, err, out)
			}
		}
		h = append(h, e)
	}
	return h
}

// killServer stops the dunst that owns org.freedesktop.Notifications (started by this test)
// and waits until the name is free.
func (d *dunstEnv) killServer(t *testing.T) {
	t.Helper()
	var pid uint32
	err := d.conn.BusObject().CallWithContext(t.Context(), "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, busName).Store(&pid)
	if err != nil {
		t.Fatalf("find dunst's pid: %v", err)
	}
	if err := syscall.Kill(int(pid), syscall.SIGTERM); err != nil {
		t.Fatalf("stop dunst (pid %d): %v", pid, err)
	}
	eventually(t, "dunst leaves the bus", func() bool {
		var has bool
		err := d.conn.BusObject().CallWithContext(t.Context(), "org.freedesktop.DBus.NameHasOwner", 0, busName).Store(&has)
		return err == nil && !has
	})
}

func TestDunstShowsDueBreak(t *testing.T) {
	d := startDunst(t)
	n := newNotifier(t, nil)
	m := breakMessage()
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if !n.Actions() {
		t.Error("Actions() = false with dunst, which lists the actions capability")
	}
	if got := d.displayed(t); got != 1 {
		t.Fatalf("dunst displays %d notifications, want 1", got)
	}
	id := n.liveID()
	menu := d.menu(t, "")
	// Each action once: a "default" action that repeats Start would be listed as a second
	// "Start" (the duplicate label).
	want := []string{
		fmt.Sprintf("#Start (Break time: 3 min) [%d,start]", id),
		fmt.Sprintf("#Snooze 5 min (Break time: 3 min) [%d,snooze]", id),
		fmt.Sprintf("#Skip (Break time: 3 min) [%d,skip]", id),
	}
	got := strings.Split(strings.TrimSpace(menu), "\n")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("dunst's action menu is\n%s\nwant each action once:\n%s", menu, strings.Join(want, "\n"))
	}

	d.ctl(t, "close-all")
	h := d.history(t)
	if len(h) != 1 {
		t.Fatalf("dunst history has %d notifications, want 1: %+v", len(h), h)
	}
	wantH := historyEntry{ID: int64(id), Summary: m.Summary, Body: m.Body, App: "deskbreak", Category: m.Category, Timeout: 0}
	if h[0] != wantH {
		t.Errorf("dunst received %+v, want %+v", h[0], wantH)
	}
	eventually(t, "NotificationClosed from close-all forgets the notification", func() bool { return n.liveID() == 0 })
}

func TestDunstShowReplaces(t *testing.T) {
	d := startDunst(t)
	n := newNotifier(t, nil)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	first := n.liveID()
	started := Message{Summary: "Break started", Body: "Shoulder rolls, 10x", Timeout: time.Minute}
	if err := n.Show(t.Context(), started); err != nil {
		t.Fatalf("second Show: %v", err)
	}
	if got := d.displayed(t); got != 1 {
		t.Errorf("dunst displays %d notifications after a second Show, want 1", got)
	}
	if n.liveID() != first {
		t.Errorf("live id %d after replacing, want %d", n.liveID(), first)
	}
	d.ctl(t, "close-all")
	h := d.history(t)
	if len(h) != 1 || h[0].Summary != started.Summary || h[0].Timeout != time.Minute.Microseconds() {
		t.Errorf("dunst history %+v, want only %q with a 60 s timeout", h, started.Summary)
	}
}

func TestDunstClose(t *testing.T) {
	d := startDunst(t)
	n := newNotifier(t, nil)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if got := d.displayed(t); got != 1 {
		t.Fatalf("dunst displays %d notifications, want 1", got)
	}
	if err := n.Close(t.Context()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	eventually(t, "dunst removes the closed notification", func() bool { return d.displayed(t) == 0 })
	if h := d.history(t); len(h) != 1 || h[0].Summary != breakMessage().Summary {
		t.Errorf("dunst history %+v, want the closed break", h)
	}
	if err := n.Close(t.Context()); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}

func TestDunstNamedAction(t *testing.T) {
	d := startDunst(t)
	rec := newRecorder()
	n := newNotifier(t, rec.onAction)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	d.menu(t, "snooze")
	if got := rec.next(t); got != "snooze" {
		t.Errorf("onAction(%q), want snooze", got)
	}
}

func TestDunstDefaultAction(t *testing.T) {
	d := startDunst(t)
	rec := newRecorder()
	n := newNotifier(t, rec.onAction)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	// dunst's do_action (middle click, "dunstctl action") invokes "default" when there is
	// one; deskbreak sends none to dunst, so it opens the menu, where Start is picked.
	if err := os.WriteFile(filepath.Join(d.dir, "want"), []byte("start"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.ctl(t, "action", "0")
	if got := rec.next(t); got != "start" {
		t.Errorf("onAction(%q) for the body click, want start", got)
	}
}

func TestDunstRestarted(t *testing.T) {
	d := startDunst(t)
	rec := newRecorder()
	n := newNotifier(t, rec.onAction)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	d.killServer(t)
	desktoptest.Dunst(t, d.conn, d.rc)

	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show after dunst restarted: %v", err)
	}
	if got := d.displayed(t); got != 1 {
		t.Errorf("the new dunst displays %d notifications, want 1", got)
	}
	if !n.Actions() {
		t.Error("Actions() = false with the new dunst")
	}
	d.menu(t, "skip")
	if got := rec.next(t); got != "skip" {
		t.Errorf("onAction(%q) from the new dunst, want skip", got)
	}
}

func TestDunstNothingShownWithoutBus(t *testing.T) {
	d := startDunst(t)
	n := newNotifier(t, nil)
	// A server is there, but the Notifier cannot reach the bus: it shows nothing rather
	// than falling back to beeep, whose paths autolaunch a session bus when there is none.
	n.connect = func(context.Context) (*dbus.Conn, error) {
		return nil, fmt.Errorf("%w: the test says so", errNoBus)
	}
	err := n.Show(t.Context(), Message{Summary: "Sit up straight", Body: "Shoulders back"})
	if err == nil || !strings.Contains(err.Error(), "no session bus") {
		t.Fatalf("Show without a bus connection = %v, want an error saying there is no session bus", err)
	}
	if n.Actions() {
		t.Error("Actions() = true without a bus connection")
	}
	if got := d.displayed(t); got != 0 {
		t.Errorf("dunst displays %d notifications, want none", got)
	}
}

// TestDunstSoundHint reads the hints of the Notify calls back from the bus (a monitor
// connection): dunst lists no "sound" capability, so a cue is not sent as "sound-name" and
// every notification carries "suppress-sound".
func TestDunstSoundHint(t *testing.T) {
	startDunst(t)
	mon := connectBus(t)
	rule := "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"
	if err := mon.BusObject().CallWithContext(t.Context(), "org.freedesktop.DBus.Monitoring.BecomeMonitor", 0,
		[]string{rule}, uint32(0)).Err; err != nil {
		t.Fatalf("become a bus monitor: %v", err)
	}
	msgs := make(chan *dbus.Message, 16)
	mon.Eavesdrop(msgs)
	n := newNotifier(t, nil)
	m := breakMessage()
	m.Sound = SoundComplete
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatalf("Show: %v", err)
	}
	deadline := time.After(waitFor)
	for {
		var msg *dbus.Message
		select {
		case msg = <-msgs:
		case <-deadline:
			t.Fatal("the monitor saw no Notify call")
		}
		if member, _ := msg.Headers[dbus.FieldMember].Value().(string); member != "Notify" {
			continue // NameAcquired, sent to every new monitor
		}
		if len(msg.Body) != 8 {
			t.Fatalf("Notify body %v", msg.Body)
		}
		hints, _ := msg.Body[6].(map[string]dbus.Variant)
		if v, ok := hints["sound-name"]; ok {
			t.Errorf("sound-name %v sent to dunst, which lists no sound capability", v)
		}
		if v, ok := hints["suppress-sound"]; !ok || v.Value() != true {
			t.Errorf("suppress-sound = %v (sent: %v), want true; hints %v", v, ok, hints)
		}
		return
	}
}
