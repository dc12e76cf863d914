package activity

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/godbus/dbus/v5"
)

// GNOME Shell keeps its "Do Not Disturb" switch in GSettings: show-banners false.
const (
	gnomeSchema = "org.gnome.desktop.notifications"
	gnomeKey    = "show-banners"
	portalName  = "org.freedesktop.portal.Desktop"
	portalPath  = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	portalIface = "org.freedesktop.portal.Settings"
)

// Where the GNOME do-not-disturb switch was read, as Active's reason names it.
const (
	gnomeViaPortal    = "GNOME Do Not Disturb, via the settings portal"
	gnomeViaGsettings = "GNOME Do Not Disturb, via gsettings"
)

// bannerReader reads GNOME's show-banners setting. show is false while GNOME's Do Not Disturb
// is on; source names where it was read. ok is false when neither place answers (no portal
// that exposes the key, no gsettings or no such schema): then GNOME's switch is not known.
type bannerReader interface {
	ShowBanners(ctx context.Context) (show bool, source string, ok bool)
}

// gnomeBanners reads show-banners through the settings portal on the session bus, else with
// the gsettings program. It is asked only when something is about to be shown, never polled.
type gnomeBanners struct {
	bus func() *dbus.Conn // nil conn: no bus
	// gsettings runs the gsettings program with args; tests replace it.
	gsettings func(ctx context.Context, args ...string) ([]byte, error)
}

var _ bannerReader = (*gnomeBanners)(nil)

func runGsettings(ctx context.Context, args ...string) ([]byte, error) {
	return exec.CommandContext(ctx, "gsettings", args...).Output()
}

// ShowBanners implements bannerReader.
func (g *gnomeBanners) ShowBanners(ctx context.Context) (bool, string, bool) {
	if bus := g.bus(); bus != nil {
		if show, err := readPortalBool(ctx, bus, gnomeSchema, gnomeKey); err == nil {
			return show, gnomeViaPortal, true
		}
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	out, err := g.gsettings(ctx, "get", gnomeSchema, gnomeKey)
	if err != nil {
		return true, "", false
	}
	switch strings.TrimSpace(string(out)) {
	case "true":
		return true, gnomeViaGsettings, true
	case "false":
		return false, gnomeViaGsettings, true
	}
	return true, "", false
}

// readPortalBool reads a boolean setting through org.freedesktop.portal.Settings: ReadOne
// (version 2), else Read (version 1), whose answer is a variant in a variant.
func readPortalBool(ctx context.Context, bus *dbus.Conn, namespace, key string) (bool, error) {
	obj := bus.Object(portalName, portalPath)
	var v dbus.Variant
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	err := obj.CallWithContext(cctx, portalIface+".ReadOne", dbus.FlagNoAutoStart, namespace, key).Store(&v)
	cancel()
	var derr dbus.Error
	if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.UnknownMethod" {
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		err = obj.CallWithContext(cctx, portalIface+".Read", dbus.FlagNoAutoStart, namespace, key).Store(&v)
		cancel()
		if inner, ok := v.Value().(dbus.Variant); ok {
			v = inner
		}
	}
	if err != nil {
		return false, fmt.Errorf("%s %s.%s %s %s: %w", portalName, portalIface, "ReadOne", namespace, key, err)
	}
	b, ok := v.Value().(bool)
	if !ok {
		return false, fmt.Errorf("%s %s %s: %v is not a boolean", portalIface, namespace, key, v)
	}
	return b, nil
}

// onGNOME reports whether desktop (XDG_CURRENT_DESKTOP, such as "ubuntu:GNOME") names GNOME.
func onGNOME(desktop string) bool {
	for _, d := range strings.Split(desktop, ":") {
		if strings.EqualFold(d, "GNOME") {
			return true
		}
	}
	return false
}
