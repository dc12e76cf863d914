package activity

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5"
)

// discard is a logger for tests that do not look at the log.
var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestX11IdleUnderXvfb measures the real X server's idle counter: it grows while nothing
// happens and drops when xdotool moves the pointer. Every check compares two readings taken
// seconds apart with nothing but a sleep or a pointer move between them, so a slow machine
// only widens the margins.
func TestX11IdleUnderXvfb(t *testing.T) {
	display := desktoptest.Xvfb(t)
	desktoptest.Need(t, "xdotool")
	ctx := context.Background()

	src, err := newX11Source(ctx, display)
	if err != nil {
		t.Fatalf("newX11Source(%s): %v", display, err)
	}
	defer src.Close()
	if src.Name() != "x11" {
		t.Errorf("Name() = %q, want x11", src.Name())
	}

	const quiet = 2 * time.Second
	time.Sleep(quiet)
	before, err := src.Idle(ctx)
	if err != nil {
		t.Fatalf("Idle before the move: %v", err)
	}
	// Nothing touched the display for `quiet`, and a sleep cannot be shorter than asked.
	if before < quiet-100*time.Millisecond {
		t.Fatalf("idle after %v without input = %v, want at least about %v", quiet, before, quiet)
	}

	for _, xy := range [][2]string{{"100", "100"}, {"300", "200"}} {
		if out, err := exec.Command("xdotool", "mousemove", xy[0], xy[1]).CombinedOutput(); err != nil {
			t.Fatalf("xdotool mousemove: %v: %s", err, out)
		}
	}
	after, err := src.Idle(ctx)
	if err != nil {
		t.Fatalf("Idle after the move: %v", err)
	}
	if after >= before {
		t.Fatalf("idle after moving the pointer = %v, want less than before the move (%v)", after, before)
	}

	const wait = time.Second
	time.Sleep(wait)
	later, err := src.Idle(ctx)
	if err != nil {
		t.Fatalf("Idle a second later: %v", err)
	}
	if later < after+wait-100*time.Millisecond {
		t.Fatalf("idle %v after the move = %v, want at least %v more than right after it (%v)", wait, later, wait, after)
	}
	t.Logf("idle: %v before the move, %v right after, %v a second later", before, after, later)

	// Released, it holds no connection and connects again when asked.
	src.Release()
	if src.x != nil {
		t.Error("Release left the connection open")
	}
	if d, err := src.Idle(ctx); err != nil || d < 0 {
		t.Errorf("Idle after Release = %v, %v; want a reading from a new connection", d, err)
	}

	src.Close()
	if _, err := src.Idle(ctx); err == nil {
		t.Error("Idle after Close succeeded; want an error, not a new connection")
	}
}

// TestX11SourceNoDisplay fails cleanly when there is no X server.
func TestX11SourceNoDisplay(t *testing.T) {
	t.Parallel()
	if _, err := newX11Source(context.Background(), "/nonexistent/x11-socket:0"); err == nil {
		t.Fatal("newX11Source on a display that does not exist succeeded")
	}
}

// fakeMutter stands in for GNOME Mutter's IdleMonitor.
type fakeMutter struct{ ms atomic.Uint64 }

// GetIdletime is the exported D-Bus method.
func (m *fakeMutter) GetIdletime() (uint64, *dbus.Error) { return m.ms.Load(), nil }

// fakeScreenSaver stands in for an org.freedesktop.ScreenSaver service.
type fakeScreenSaver struct {
	n   atomic.Uint32
	err *dbus.Error // returned instead when set, like KDE on Wayland
}

// GetSessionIdleTime is the exported D-Bus method.
func (s *fakeScreenSaver) GetSessionIdleTime() (uint32, *dbus.Error) {
	if s.err != nil {
		return 0, s.err
	}
	return s.n.Load(), nil
}

// serve exports v at path under iface on conn and takes name.
func serve(t *testing.T, conn *dbus.Conn, name string, path dbus.ObjectPath, iface string, v any) {
	t.Helper()
	if err := conn.Export(v, path, iface); err != nil {
		t.Fatalf("export %s at %s: %v", iface, path, err)
	}
	takeName(t, conn, name)
}

// takeName makes conn the owner of name.
func takeName(t *testing.T, conn *dbus.Conn, name string) {
	t.Helper()
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("request name %s: reply %v, %v", name, reply, err)
	}
}

// client opens a second connection to the bus at DBUS_SESSION_BUS_ADDRESS, as the daemon would.
func client(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := connectSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestMutterSource reads a stand-in Mutter on a private session bus.
func TestMutterSource(t *testing.T) {
	bus := desktoptest.SessionBus(t)
	m := &fakeMutter{}
	m.ms.Store(83_250)
	serve(t, bus, mutterName, mutterPath, mutterIface, m)

	src, err := probeMutter(context.Background(), client(t))
	if err != nil {
		t.Fatalf("probeMutter: %v", err)
	}
	for _, ms := range []uint64{83_250, 0, 7_200_000} {
		m.ms.Store(ms)
		got, err := src.Idle(context.Background())
		if err != nil {
			t.Fatalf("Idle: %v", err)
		}
		if want := time.Duration(ms) * time.Millisecond; got != want {
			t.Errorf("Idle with Mutter at %d ms = %v, want %v", ms, got, want)
		}
	}
	if src.Name() != "mutter" {
		t.Errorf("Name() = %q, want mutter", src.Name())
	}
}

// TestScreenSaverSource reads a stand-in org.freedesktop.ScreenSaver in both units, and
// passes over one that refuses the call.
func TestScreenSaverSource(t *testing.T) {
	bus := desktoptest.SessionBus(t)
	ss := &fakeScreenSaver{}
	ss.n.Store(4_500)
	// Only at /ScreenSaver, to check the second path is tried too.
	serve(t, bus, screenSaverName, "/ScreenSaver", screenSaverIface, ss)

	conn := client(t)
	src, err := probeScreenSaver(context.Background(), conn)
	if err != nil {
		t.Fatalf("probeScreenSaver: %v", err)
	}
	if src.path != "/ScreenSaver" {
		t.Errorf("path = %s, want /ScreenSaver", src.path)
	}
	// The stand-in runs in this test binary, whose name says neither "screensaver" nor
	// "locker": read as milliseconds, like KDE.
	if src.unit != time.Millisecond {
		t.Errorf("unit = %v, want 1ms", src.unit)
	}
	if got, err := src.Idle(context.Background()); err != nil || got != 4500*time.Millisecond {
		t.Errorf("Idle = %v, %v; want 4.5s", got, err)
	}

	secs := newScreenSaverSource(conn, "/ScreenSaver", time.Second)
	ss.n.Store(90)
	if got, err := secs.Idle(context.Background()); err != nil || got != 90*time.Second {
		t.Errorf("Idle in seconds = %v, %v; want 1m30s", got, err)
	}
}

// TestScreenSaverRefuses passes over a ScreenSaver that answers with an error.
func TestScreenSaverRefuses(t *testing.T) {
	bus := desktoptest.SessionBus(t)
	ss := &fakeScreenSaver{err: dbus.NewError("org.freedesktop.DBus.Error.NotSupported",
		[]any{"GetSessionIdleTime is not supported on this platform"})}
	serve(t, bus, screenSaverName, "/org/freedesktop/ScreenSaver", screenSaverIface, ss)
	if _, err := probeScreenSaver(context.Background(), client(t)); err == nil {
		t.Fatal("probeScreenSaver accepted a service that refuses GetSessionIdleTime")
	}
}

func TestScreenSaverUnit(t *testing.T) {
	t.Parallel()
	for process, want := range map[string]time.Duration{
		"ksmserver":       time.Millisecond,
		"kwin_x11":        time.Millisecond,
		"ksld":            time.Millisecond,
		"xfce4-screensav": time.Second, // comm is cut at 15 characters
		"mate-screensave": time.Second,
		"cinnamon-screen": time.Second,
		"light-locker":    time.Second,
		"":                time.Millisecond,
	} {
		if got := screenSaverUnit(process); got != want {
			t.Errorf("screenSaverUnit(%q) = %v, want %v", process, got, want)
		}
	}
}

// TestDetectIdle checks the order of preference on a private session bus, with no X display.
func TestDetectIdle(t *testing.T) {
	t.Setenv("DISPLAY", "")
	ctx := context.Background()

	t.Run("none", func(t *testing.T) {
		desktoptest.SessionBus(t)
		src := DetectIdle(ctx, discard)
		defer src.Close()
		if src.Name() != "none" {
			t.Fatalf("DetectIdle on an empty bus = %q, want none", src.Name())
		}
		if d, err := src.Idle(ctx); d != 0 || !errors.Is(err, ErrNoIdleSource) {
			t.Errorf("none.Idle = %v, %v; want 0, ErrNoIdleSource", d, err)
		}
	})
	t.Run("no_bus", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
		src := DetectIdle(ctx, discard)
		defer src.Close()
		if src.Name() != "none" {
			t.Fatalf("DetectIdle without a bus = %q, want none", src.Name())
		}
	})
	t.Run("screensaver", func(t *testing.T) {
		bus := desktoptest.SessionBus(t)
		ss := &fakeScreenSaver{}
		serve(t, bus, screenSaverName, "/org/freedesktop/ScreenSaver", screenSaverIface, ss)
		src := DetectIdle(ctx, discard)
		defer src.Close()
		if src.Name() != "screensaver" {
			t.Fatalf("DetectIdle = %q, want screensaver", src.Name())
		}
	})
	t.Run("mutter_first", func(t *testing.T) {
		bus := desktoptest.SessionBus(t)
		serve(t, bus, screenSaverName, "/org/freedesktop/ScreenSaver", screenSaverIface, &fakeScreenSaver{})
		// A second connection for Mutter: one connection owns one name per test here.
		other, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		serve(t, other, mutterName, mutterPath, mutterIface, &fakeMutter{})
		src := DetectIdle(ctx, discard)
		defer src.Close()
		if src.Name() != "mutter" {
			t.Fatalf("DetectIdle with Mutter and ScreenSaver = %q, want mutter", src.Name())
		}
	})
	t.Run("x11_after_dbus", func(t *testing.T) {
		desktoptest.SessionBus(t)
		desktoptest.Xvfb(t)
		src := DetectIdle(ctx, discard)
		defer src.Close()
		if src.Name() != "x11" {
			t.Fatalf("DetectIdle with only an X display = %q, want x11", src.Name())
		}
	})
}
