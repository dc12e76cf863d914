package activity

import (
	"context"
	"github.com/godbus/dbus/v5"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5/prop"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// wantDND checks one Active reading.
func wantDND(t *testing.T, d DND, busy bool, reason string) {
	t.Helper()
	got, why, err := d.Active(context.Background())
	if err != nil {
		t.Fatalf("Active: %v", err)
	}
	if got != busy || why != reason {
		t.Fatalf("Active = %v, %q; want %v, %q", got, why, busy, reason)
	}
}

// eventually polls d until it reports busy (and reason), for desktop parts that act
// asynchronously (a window manager, dunst). It waits for a state, never for a duration.
func eventually(t *testing.T, d DND, busy bool, reason string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, why, err := d.Active(context.Background())
		if err == nil && got == busy && why == reason {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Active = %v, %q, %v for 10s; want %v, %q", got, why, err, busy, reason)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDNDInhibited reads the Inhibited property of a stand-in notification server.
func TestDNDInhibited(t *testing.T) {
	bus := desktoptest.SessionBus(t)
	d := newDND(discard, func() (*dbus.Conn, error) { return connectSession(context.Background()) }, "")
	defer d.close()

	wantDND(t, d, false, "") // no notification server at all

	props, err := prop.Export(bus, notifyPath, prop.Map{
		notifyIface: {"Inhibited": {Value: false, Writable: true, Emit: prop.EmitTrue}},
	})
	if err != nil {
		t.Fatal(err)
	}
	takeName(t, bus, notifyName)
	wantDND(t, d, false, "")
	props.SetMust(notifyIface, "Inhibited", true)
	wantDND(t, d, true, "notifications inhibited")
	props.SetMust(notifyIface, "Inhibited", false)
	wantDND(t, d, false, "")
}

// TestDNDDunstPaused pauses a real dunst with dunstctl.
func TestDNDDunstPaused(t *testing.T) {
	desktoptest.Xvfb(t)
	bus := desktoptest.SessionBus(t)
	desktoptest.Dunst(t, bus, "")
	d := newDND(discard, func() (*dbus.Conn, error) { return connectSession(context.Background()) }, "")
	defer d.close()

	wantDND(t, d, false, "")
	for _, paused := range []bool{true, false} {
		arg := strconv.FormatBool(paused)
		if out, err := exec.Command("dunstctl", "set-paused", arg).CombinedOutput(); err != nil {
			t.Fatalf("dunstctl set-paused %s: %v: %s", arg, err, out)
		}
		if paused {
			eventually(t, d, true, "notifications paused")
		} else {
			eventually(t, d, false, "")
		}
	}
}

// TestDNDNoBus is never busy, and says nothing, without a session bus.
func TestDNDNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	t.Setenv("DISPLAY", ":nonexistent")
	d := DetectDND(t.Context(), discard, true)
	wantDND(t, d, false, "")
}

// xclient is a test's own X connection, to play the window manager's part.
type xclient struct {
	t    *testing.T
	c    *xgb.Conn
	root xproto.Window
}

func newXClient(t *testing.T, display string) *xclient {
	t.Helper()
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &xclient{t: t, c: c, root: xproto.Setup(c).DefaultScreen(c).Root}
}

func (x *xclient) atom(name string) xproto.Atom {
	r, err := xproto.InternAtom(x.c, false, uint16(len(name)), name).Reply()
	if err != nil {
		x.t.Fatalf("intern %s: %v", name, err)
	}
	return r.Atom
}

func (x *xclient) set(win xproto.Window, prop string, typ xproto.Atom, values ...uint32) {
	data := make([]byte, 4*len(values))
	for i, v := range values {
		xgb.Put32(data[4*i:], v)
	}
	err := xproto.ChangePropertyChecked(x.c, xproto.PropModeReplace, win, x.atom(prop), typ, 32,
		uint32(len(values)), data).Check()
	if err != nil {
		x.t.Fatalf("set %s on %#x: %v", prop, win, err)
	}
}

// TestDNDFullscreenProperties sets the EWMH properties a window manager would set, on a
// real window under Xvfb (there is no window manager here to set them).
func TestDNDFullscreenProperties(t *testing.T) {
	display := desktoptest.Xvfb(t)
	x := newXClient(t, display)
	win, err := xproto.NewWindowId(x.c)
	if err != nil {
		t.Fatal(err)
	}
	screen := xproto.Setup(x.c).DefaultScreen(x.c)
	if err := xproto.CreateWindowChecked(x.c, screen.RootDepth, win, x.root, 0, 0, 640, 480, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, 0, nil).Check(); err != nil {
		t.Fatal(err)
	}
	if err := xproto.MapWindowChecked(x.c, win).Check(); err != nil {
		t.Fatal(err)
	}

	d := newDND(discard, nil, display)
	defer d.close()
	wantDND(t, d, false, "") // no _NET_ACTIVE_WINDOW at all

	x.set(x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow, uint32(win))
	wantDND(t, d, false, "") // active, no _NET_WM_STATE

	x.set(win, "_NET_WM_STATE", xproto.AtomAtom, uint32(x.atom("_NET_WM_STATE_MAXIMIZED_VERT")))
	wantDND(t, d, false, "")

	x.set(win, "_NET_WM_STATE", xproto.AtomAtom,
		uint32(x.atom("_NET_WM_STATE_FOCUSED")), uint32(x.atom("_NET_WM_STATE_FULLSCREEN")))
	wantDND(t, d, true, "fullscreen window")

	// Another window becomes active: the fullscreen one is in the background.
	x.set(x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow, uint32(x.root))
	wantDND(t, d, false, "")

	// The active window has gone away.
	x.set(x.root, "_NET_ACTIVE_WINDOW", xproto.AtomWindow, uint32(win))
	wantDND(t, d, true, "fullscreen window")
	// [dnd] fullscreen = false on a reload: the same window no longer counts, and again when
	// it is turned back on.
	d.SetFullscreen(false)
	wantDND(t, d, false, "")
	d.SetFullscreen(true)
	wantDND(t, d, true, "fullscreen window")
	if err := xproto.DestroyWindowChecked(x.c, win).Check(); err != nil {
		t.Fatal(err)
	}
	wantDND(t, d, false, "")
}

// TestDNDFullscreenWindowManager makes a real window fullscreen through a real EWMH window
// manager: evilwm (it needs -fn fixed, the one font Xvfb has without font packages), with
// xmessage as the window and wmctrl to activate it and toggle fullscreen.
func TestDNDFullscreenWindowManager(t *testing.T) {
	display := desktoptest.Xvfb(t)
	desktoptest.Need(t, "evilwm", "xmessage", "wmctrl", "xdotool")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus") // only the window counts here
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", name, err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	x := newXClient(t, display)
	run("evilwm", "-fn", "fixed")
	// Wait for the window manager to announce itself.
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := xproto.GetProperty(x.c, false, x.root, x.atom("_NET_SUPPORTING_WM_CHECK"), xproto.AtomWindow, 0, 1).Reply()
		if err == nil && r != nil && len(r.Value) == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("evilwm did not set _NET_SUPPORTING_WM_CHECK within 10s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	const title = "deskbreak-dnd-test"
	run("xmessage", "-fn", "fixed", "-title", title, "a window to make fullscreen")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--name", title).Output()
	if err != nil {
		t.Fatalf("xdotool search --name %s: %v", title, err)
	}
	win := strings.Fields(string(out))[0]
	wmctrl := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("wmctrl", append([]string{"-i"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("wmctrl %v: %v: %s", args, err, out)
		}
	}

	d := DetectDND(t.Context(), discard, true)
	wmctrl("-a", win)
	eventually(t, d, false, "")
	wmctrl("-r", win, "-b", "add,fullscreen")
	eventually(t, d, true, "fullscreen window")
	wmctrl("-r", win, "-b", "remove,fullscreen")
	eventually(t, d, false, "")

	// With fullscreen off, a fullscreen window does not count.
	wmctrl("-r", win, "-b", "add,fullscreen")
	eventually(t, d, true, "fullscreen window")
	wantDND(t, DetectDND(t.Context(), discard, false), false, "")
}
