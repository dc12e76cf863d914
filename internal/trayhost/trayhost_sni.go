//go:build (linux || freebsd || openbsd || netbsd) && !android

package trayhost

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	watcherName = "org.kde.StatusNotifierWatcher"
	watcherPath = "/StatusNotifierWatcher"
	itemPath    = "/StatusNotifierItem" // where fyne.io/systray exports the item
)

// Preflight checks that there is a session bus that answers, without starting one.
// fyne.io/systray would otherwise run dbus-launch (via godbus' autolaunch) when none is
// found, leaving a stray bus behind, and panics on Quit when it never connected. A bus that
// accepts connections and never answers would hold godbus's handshake (which takes no
// context) forever, so the probe is bounded by preflightTimeout and ctx, and so is the
// shared connection systray uses afterwards.
func (SNI) Preflight(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, preflightTimeout)
	defer cancel()
	probe, err := dbus.SessionBusPrivateNoAutoStartup() // finds the address, and sets it for later
	if err != nil {
		return fmt.Errorf("no session D-Bus (DBUS_SESSION_BUS_ADDRESS=%q): %w", os.Getenv("DBUS_SESSION_BUS_ADDRESS"), err)
	}
	stop := context.AfterFunc(ctx, func() { probe.Close() })
	err = probe.Auth(nil)
	if err == nil {
		err = probe.Hello()
	}
	if !stop() {
		err = fmt.Errorf("no answer within %v", preflightTimeout)
	}
	probe.Close()
	if err != nil {
		return fmt.Errorf("the session D-Bus (DBUS_SESSION_BUS_ADDRESS=%q): %w", os.Getenv("DBUS_SESSION_BUS_ADDRESS"), err)
	}
	// The shared connection cannot be closed from outside while it connects: wait for it
	// on a goroutine, which stays blocked only if the bus stopped answering in between.
	done := make(chan error, 1)
	go func() {
		_, err := dbus.SessionBus()
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("connect to the session D-Bus: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("connect to the session D-Bus: no answer within %v", preflightTimeout)
	}
}

// preflightTimeout bounds each step of preflight.
const preflightTimeout = 2 * time.Second

// Watch logs one hint when no tray host (StatusNotifierWatcher) runs, and makes sure the
// item is registered with one that starts later.
//
// fyne.io/systray re-registers on NameOwnerChanged itself, but its listener (stayRegistered
// in systray_unix.go) reads every signal of the shared session connection and stops for good
// at the first one with fewer than three arguments, such as a notification's ActionInvoked
// (upstream: https://github.com/fyne-io/systray/issues/131, open). So this checks, a second
// after a watcher appears, that the item is in its list, and registers it when it is not.
func (SNI) Watch(ctx context.Context, log *slog.Logger, stop <-chan struct{}) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return
	}
	match := []dbus.MatchOption{
		dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchObjectPath("/org/freedesktop/DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, watcherName),
	}
	if err := conn.AddMatchSignal(match...); err != nil {
		log.Debug("tray: cannot watch for a tray host: " + err.Error())
		return
	}
	ch := make(chan *dbus.Signal, 8)
	conn.Signal(ch)
	defer func() {
		conn.RemoveSignal(ch)
		_ = conn.RemoveMatchSignal(match...)
	}()

	if !hasOwner(ctx, conn, watcherName) {
		log.Warn("no tray host is running (no "+watcherName+" on the session bus); the tray icon will appear when one starts",
			"hint", "on GNOME, enable the AppIndicator extension; every tray action is also a CLI command (deskbreak status, snooze, pause)")
	}
	var check <-chan time.Time
	for {
		select {
		case sig := <-ch:
			if sig == nil || sig.Name != "org.freedesktop.DBus.NameOwnerChanged" || len(sig.Body) < 3 || sig.Body[0] != watcherName {
				continue
			}
			if owner, _ := sig.Body[2].(string); owner != "" {
				log.Info("tray: a tray host appeared")
				check = time.After(time.Second)
			} else {
				check = nil
				log.Info("tray: the tray host went away; the icon returns when it restarts")
			}
		case <-check:
			check = nil
			if err := ensureRegistered(ctx, conn); err != nil {
				log.Warn("tray: " + err.Error())
			}
		case <-ctx.Done():
			return
		case <-stop:
			return
		}
	}
}

func hasOwner(ctx context.Context, conn *dbus.Conn, name string) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var has bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

// ensureRegistered registers the item with the watcher unless the watcher lists it already.
func ensureRegistered(ctx context.Context, conn *dbus.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	w := conn.Object(watcherName, watcherPath)
	var items []string
	err := w.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, watcherName, "RegisteredStatusNotifierItems").Store(&items)
	if err == nil {
		names := append(conn.Names(), fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid()))
		for _, it := range items {
			for _, n := range names {
				if it == n || strings.HasPrefix(it, n+"/") {
					return nil
				}
			}
		}
	}
	if err := w.CallWithContext(ctx, watcherName+".RegisterStatusNotifierItem", 0, itemPath).Err; err != nil {
		return fmt.Errorf("register with the tray host: %w", err)
	}
	return nil
}
