package activity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// Where notification servers say they hold notifications back.
const (
	notifyName  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyIface = "org.freedesktop.Notifications" // property Inhibited (b): KDE Plasma 5.13+, swaync
	dunstIface  = "org.dunstproject.cmd0"         // property paused (b): dunst, toggled by dunstctl set-paused
)

// retryEvery is how long DND waits before dialing a bus or display again after a failure.
const retryEvery = 30 * time.Second

// DetectDND returns the session's do-not-disturb signals. On Linux it asks the notification
// server on the session bus whether it holds notifications back (the Inhibited property of
// org.freedesktop.Notifications, or dunst's org.dunstproject.cmd0 "paused"), and, when
// fullscreen is true (SetFullscreen changes it) and $DISPLAY is set, whether the X11 active
// window (_NET_ACTIVE_WINDOW) is fullscreen (_NET_WM_STATE_FULLSCREEN). On GNOME
// (XDG_CURRENT_DESKTOP), whose "Do Not Disturb" switch lives in GSettings rather than on the
// notification server, it reads org.gnome.desktop.notifications show-banners through the
// settings portal (org.freedesktop.portal.Settings), else with gsettings. Everything is read
// when Active is called (when something is about to be shown), never polled. On Wayland no
// fullscreen check is possible.
//
// Connections are opened on first use, dialed again at most every 30 s after a failure, and
// closed when ctx is done. Active is safe for concurrent use.
func DetectDND(ctx context.Context, log *slog.Logger, fullscreen bool) DND {
	d := newDND(log, func() (*dbus.Conn, error) { return connectSession(ctx) }, os.Getenv("DISPLAY"))
	if onGNOME(os.Getenv("XDG_CURRENT_DESKTOP")) {
		d.gnome = &gnomeBanners{bus: d.sessionBus, gsettings: runGsettings}
	}
	d.SetFullscreen(fullscreen)
	context.AfterFunc(ctx, d.close)
	return d
}

// desktopDND implements DND over the session bus and X11.
type desktopDND struct {
	log     *slog.Logger
	dialBus func() (*dbus.Conn, error)
	display string       // "": no fullscreen check
	full    atomic.Bool  // whether a fullscreen window counts
	gnome   bannerReader // GNOME's do-not-disturb switch; nil off GNOME

	mu         sync.Mutex
	closed     bool
	bus        *dbus.Conn
	nextBusTry time.Time
	busLogged  bool
	x          *xconn
	atoms      [3]xproto.Atom // _NET_ACTIVE_WINDOW, _NET_WM_STATE, _NET_WM_STATE_FULLSCREEN
	nextXTry   time.Time
	xLogged    bool
}

var _ DND = (*desktopDND)(nil)

// newDND returns a DND that reaches the session bus through dialBus and checks fullscreen
// windows on display (none when display is ""). The fullscreen check is on.
func newDND(log *slog.Logger, dialBus func() (*dbus.Conn, error), display string) *desktopDND {
	d := &desktopDND{log: log, dialBus: dialBus, display: display}
	d.full.Store(true)
	return d
}

// Name says where do-not-disturb is read from, for status.
func (d *desktopDND) Name() string {
	parts := []string{"notification server"}
	if d.gnome != nil {
		parts = append(parts, "GNOME setting")
	}
	if d.display != "" && d.full.Load() {
		parts = append(parts, "fullscreen windows")
	}
	return strings.Join(parts, ", ")
}

// SetFullscreen turns the fullscreen check on or off ([dnd] fullscreen, read again on reload).
// Off, the X connection is not used; it is dialed when the check is next made.
func (d *desktopDND) SetFullscreen(on bool) { d.full.Store(on) }

// Active reports busy when the notification server holds notifications back or the active
// X11 window is fullscreen. A check that cannot be made (no server, no display) counts as not
// busy; err reports a check that failed on the way (a timeout, a lost connection) while
// no other check found the person busy.
func (d *desktopDND) Active(ctx context.Context) (bool, string, error) {
	var errs []error
	if bus := d.sessionBus(); bus != nil {
		busy, reason, err := notificationsHeld(ctx, bus)
		if busy {
			return true, reason, nil
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if d.gnome != nil {
		if show, source, ok := d.gnome.ShowBanners(ctx); ok && !show {
			return true, source, nil
		}
	}
	if x, atoms := d.xConn(); x != nil {
		busy, err := activeFullscreen(ctx, x, atoms)
		if busy {
			return true, "fullscreen window", nil
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("display %s: %w", d.display, err))
		}
	}
	return false, "", errors.Join(errs...)
}

// sessionBus returns the session bus connection, dialing it when there is none and the last
// try was long enough ago.
func (d *desktopDND) sessionBus() *dbus.Conn {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.dialBus == nil {
		return nil
	}
	if d.bus != nil && d.bus.Connected() {
		return d.bus
	}
	if d.bus != nil {
		d.bus.Close()
		d.bus = nil
	}
	if time.Now().Before(d.nextBusTry) {
		return nil
	}
	bus, err := d.dialBus()
	if err != nil {
		d.nextBusTry = time.Now().Add(retryEvery)
		if !d.busLogged {
			d.busLogged = true
			d.log.Info("do-not-disturb: no session bus, notification pause is not seen", "err", err)
		}
		return nil
	}
	d.bus = bus
	return bus
}

// xConn returns the X connection and its atoms, dialing when there is none and the last try
// was long enough ago.
func (d *desktopDND) xConn() (*xconn, [3]xproto.Atom) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.display == "" || !d.full.Load() {
		return nil, d.atoms
	}
	if d.x != nil && d.x.alive() {
		return d.x, d.atoms
	}
	if d.x != nil {
		d.x.close()
		d.x = nil
	}
	if time.Now().Before(d.nextXTry) {
		return nil, d.atoms
	}
	x, atoms, err := dialAtoms(d.display)
	if err != nil {
		d.nextXTry = time.Now().Add(retryEvery)
		if !d.xLogged {
			d.xLogged = true
			d.log.Info("do-not-disturb: no X display, fullscreen windows are not seen", "display", d.display, "err", err)
		}
		return nil, d.atoms
	}
	d.x, d.atoms = x, atoms
	return x, atoms
}

// dialAtoms connects to display and interns the atoms the fullscreen check needs.
func dialAtoms(display string) (*xconn, [3]xproto.Atom, error) {
	var atoms [3]xproto.Atom
	x, err := dialX(context.Background(), display)
	if err != nil {
		return nil, atoms, err
	}
	for i, name := range []string{"_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN"} {
		r, err := xwait(context.Background(), func() (*xproto.InternAtomReply, error) {
			return xproto.InternAtom(x.c, false, uint16(len(name)), name).Reply()
		})
		if err != nil || r == nil {
			x.close()
			return nil, atoms, fmt.Errorf("display %s: intern atom %s: %v", display, name, err)
		}
		atoms[i] = r.Atom
	}
	return x, atoms, nil
}

// close closes the connections; Active then reports never busy.
func (d *desktopDND) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.bus != nil {
		d.bus.Close()
		d.bus = nil
	}
	if d.x != nil {
		d.x.close()
		d.x = nil
	}
}

// notificationsHeld asks the notification server whether it holds notifications back. A
// server without such a property, or no server at all, is not holding anything.
func notificationsHeld(ctx context.Context, bus *dbus.Conn) (bool, string, error) {
	obj := bus.Object(notifyName, notifyPath)
	var errs []error
	for _, p := range []struct{ iface, prop, reason string }{
		{notifyIface, "Inhibited", "notifications inhibited"},
		{dunstIface, "paused", "notifications paused"},
	} {
		v, err := getProperty(ctx, obj, p.iface, p.prop)
		if err != nil {
			var dbusErr dbus.Error
			if !errors.As(err, &dbusErr) {
				// A timeout or lost connection, not a server without the property.
				errs = append(errs, fmt.Errorf("%s %s.%s: %w", notifyName, p.iface, p.prop, err))
			}
			continue
		}
		if b, ok := v.Value().(bool); ok && b {
			return true, p.reason, nil
		}
	}
	return false, "", errors.Join(errs...)
}

// getProperty reads one D-Bus property with a timeout, without starting the service.
func getProperty(ctx context.Context, obj dbus.BusObject, iface, prop string) (dbus.Variant, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var v dbus.Variant
	err := obj.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", dbus.FlagNoAutoStart, iface, prop).Store(&v)
	return v, err
}

// activeFullscreen reports whether the window named by the root window's _NET_ACTIVE_WINDOW
// has _NET_WM_STATE_FULLSCREEN in its _NET_WM_STATE. No active window (no EWMH window
// manager), or one that has gone, is not fullscreen.
func activeFullscreen(ctx context.Context, x *xconn, atoms [3]xproto.Atom) (bool, error) {
	active, wmState, fullscreen := atoms[0], atoms[1], atoms[2]
	r, err := xwait(ctx, func() (*xproto.GetPropertyReply, error) {
		return xproto.GetProperty(x.c, false, x.root, active, xproto.AtomWindow, 0, 1).Reply()
	})
	if err != nil {
		return false, fmt.Errorf("read _NET_ACTIVE_WINDOW: %w", err)
	}
	if r == nil || r.Format != 32 || len(r.Value) < 4 {
		return false, nil
	}
	win := xproto.Window(xgb.Get32(r.Value))
	if win == 0 {
		return false, nil
	}
	r, err = xwait(ctx, func() (*xproto.GetPropertyReply, error) {
		return xproto.GetProperty(x.c, false, win, wmState, xproto.AtomAtom, 0, 64).Reply()
	})
	if err != nil {
		var bad xproto.WindowError
		if errors.As(err, &bad) {
			return false, nil // closed since it was made active
		}
		return false, fmt.Errorf("read _NET_WM_STATE of window %#x: %w", win, err)
	}
	if r == nil || r.Format != 32 {
		return false, nil
	}
	for i := 0; i+4 <= len(r.Value); i += 4 {
		if xproto.Atom(xgb.Get32(r.Value[i:])) == fullscreen {
			return true, nil
		}
	}
	return false, nil
}
