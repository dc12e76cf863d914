package activity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// D-Bus names of the idle sources.
const (
	mutterName  = "org.gnome.Mutter.IdleMonitor"
	mutterPath  = dbus.ObjectPath("/org/gnome/Mutter/IdleMonitor/Core")
	mutterIface = "org.gnome.Mutter.IdleMonitor"

	screenSaverName  = "org.freedesktop.ScreenSaver"
	screenSaverIface = "org.freedesktop.ScreenSaver"
)

// screenSaverPaths are where implementations export org.freedesktop.ScreenSaver: KDE exports
// both; others only the first or only the second.
var screenSaverPaths = []dbus.ObjectPath{"/org/freedesktop/ScreenSaver", "/ScreenSaver"}

// DetectIdle returns the first idle source this session offers, trying in order GNOME Mutter's
// IdleMonitor and the org.freedesktop.ScreenSaver service on the session bus, then the X
// server's MIT-SCREEN-SAVER extension on $DISPLAY. When none answers it logs that once and
// returns the "none" source, whose Idle returns [ErrNoIdleSource]. The caller logs the source
// it ends up using (the daemon may watch X11 idle time with SYNC alarms instead).
//
// Each candidate is asked once for the idle time before it is chosen, so a service that is
// present but refuses (KDE on Wayland answers GetSessionIdleTime with NotSupported) is passed
// over. The caller owns the returned source and must Close it.
func DetectIdle(ctx context.Context, log *slog.Logger) IdleSource {
	var tried []string
	if conn, err := connectSession(ctx); err != nil {
		tried = append(tried, fmt.Sprintf("session bus: %v", err))
	} else {
		m, err := probeMutter(ctx, conn)
		if err == nil {
			log.Debug("idle time: GNOME Mutter's IdleMonitor answers")
			return m
		}
		tried = append(tried, fmt.Sprintf("mutter: %v", err))
		ss, err := probeScreenSaver(ctx, conn)
		if err == nil {
			log.Debug("idle time: org.freedesktop.ScreenSaver answers", "path", ss.path, "unit", ss.unit)
			return ss
		}
		tried = append(tried, fmt.Sprintf("screensaver: %v", err))
		conn.Close()
	}
	if display := os.Getenv("DISPLAY"); display == "" {
		tried = append(tried, "x11: DISPLAY is not set")
	} else {
		src, err := newX11Source(ctx, display)
		if err == nil {
			log.Debug("idle time: the X server's MIT-SCREEN-SAVER extension answers", "display", display)
			return src
		}
		tried = append(tried, fmt.Sprintf("x11: %v", err))
	}
	return newNoneSource(log, tried)
}

// sessionBusAddress returns the session bus address, without ever launching a bus (godbus's
// ConnectSessionBus would run dbus-launch when none is found).
func sessionBusAddress() (string, error) {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" {
		return addr, nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		p := filepath.Join(dir, "bus")
		if _, err := os.Stat(p); err == nil {
			return "unix:path=" + p, nil
		}
	}
	return "", errors.New("DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist")
}

// mutterSource reads GNOME Mutter's idle monitor: GetIdletime returns milliseconds as a uint64.
// Mutter serves it on X11 and on Wayland alike.
type mutterSource struct {
	conn *dbus.Conn
}

var _ IdleSource = (*mutterSource)(nil)

// newMutterSource returns a source that asks Mutter over conn, and closes conn on Close.
func newMutterSource(conn *dbus.Conn) *mutterSource { return &mutterSource{conn: conn} }

// probeMutter returns a Mutter source on conn if Mutter answers now.
func probeMutter(ctx context.Context, conn *dbus.Conn) (*mutterSource, error) {
	s := newMutterSource(conn)
	if _, err := s.Idle(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *mutterSource) Name() string { return "mutter" }

func (s *mutterSource) Idle(ctx context.Context) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var ms uint64
	err := s.conn.Object(mutterName, mutterPath).CallWithContext(ctx, mutterIface+".GetIdletime", dbus.FlagNoAutoStart).Store(&ms)
	if err != nil {
		return 0, fmt.Errorf("%s.GetIdletime: %w", mutterIface, err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

func (s *mutterSource) Close() error { return s.conn.Close() }

// screenSaverSource reads org.freedesktop.ScreenSaver GetSessionIdleTime, a uint32 whose unit
// depends on who implements it (checked in their sources):
//
//   - KDE (ksmserver, later kscreenlocker's ksld) returns KIdleTime::idleTime(): milliseconds.
//     On Wayland it answers with a NotSupported error instead, so DetectIdle passes it over.
//   - The gnome-screensaver lineage (gnome-screensaver 2.x, mate-screensaver,
//     xfce4-screensaver, cinnamon-screensaver, light-locker) returns seconds, and only seconds
//     since its own idle timeout fired: 0 until then.
//   - gnome-flashback and others answer "not implemented".
//
// Clients in the wild disagree too. The unit is picked from the name of the process that owns
// the service: one whose name contains "screen" or "locker" (names are cut to 15 characters:
// "xfce4-screensav", "cinnamon-screen") is read as seconds, any other (ksmserver, kwin_x11,
// ksld) as milliseconds. Reading seconds as milliseconds only makes the person look less idle (as
// with no source at all), whereas the reverse would turn 5 s into 83 min, so milliseconds is
// the default.
type screenSaverSource struct {
	conn *dbus.Conn
	path dbus.ObjectPath
	unit time.Duration
}

var _ IdleSource = (*screenSaverSource)(nil)

// newScreenSaverSource returns a source that asks the service at path over conn, reading its
// answer in unit, and closes conn on Close.
func newScreenSaverSource(conn *dbus.Conn, path dbus.ObjectPath, unit time.Duration) *screenSaverSource {
	return &screenSaverSource{conn: conn, path: path, unit: unit}
}

// probeScreenSaver returns a ScreenSaver source on conn at the first path that answers now.
func probeScreenSaver(ctx context.Context, conn *dbus.Conn) (*screenSaverSource, error) {
	var errs []error
	for _, path := range screenSaverPaths {
		s := newScreenSaverSource(conn, path, time.Millisecond)
		if _, err := s.Idle(ctx); err != nil {
			errs = append(errs, err)
			continue
		}
		s.unit = screenSaverUnit(ownerProcessName(ctx, conn, screenSaverName))
		return s, nil
	}
	return nil, errors.Join(errs...)
}

// screenSaverUnit returns the unit of GetSessionIdleTime for the service's process name (see
// screenSaverSource).
func screenSaverUnit(process string) time.Duration {
	p := strings.ToLower(process)
	if strings.Contains(p, "screen") || strings.Contains(p, "locker") {
		return time.Second
	}
	return time.Millisecond
}

// ownerProcessName returns the short name of the process owning name on conn's bus, or "" when
// the bus does not say.
func ownerProcessName(ctx context.Context, conn *dbus.Conn, name string) string {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var pid uint32
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, name).Store(&pid); err != nil {
		return ""
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(comm))
}

func (s *screenSaverSource) Name() string { return "screensaver" }

func (s *screenSaverSource) Idle(ctx context.Context) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var n uint32
	err := s.conn.Object(screenSaverName, s.path).CallWithContext(ctx, screenSaverIface+".GetSessionIdleTime", dbus.FlagNoAutoStart).Store(&n)
	if err != nil {
		return 0, fmt.Errorf("%s.GetSessionIdleTime at %s: %w", screenSaverIface, s.path, err)
	}
	return time.Duration(n) * s.unit, nil
}

func (s *screenSaverSource) Close() error { return s.conn.Close() }
