package activity

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5"
)

// fakeBanners is GNOME's show-banners setting, as a bannerReader.
type fakeBanners struct {
	show, ok bool
	source   string
	asked    int
}

var _ bannerReader = (*fakeBanners)(nil)

func (f *fakeBanners) ShowBanners(context.Context) (bool, string, bool) {
	f.asked++
	return f.show, f.source, f.ok
}

// TestDNDGnome: GNOME's Do Not Disturb (show-banners false) makes Active busy, naming where
// it was read; an unknown setting, or banners shown, does not.
func TestDNDGnome(t *testing.T) {
	d := newDND(discard, nil, "")
	defer d.close()
	f := &fakeBanners{show: false, ok: true, source: gnomeViaPortal}
	d.gnome = f
	wantDND(t, d, true, gnomeViaPortal)
	f.show = true
	wantDND(t, d, false, "")
	f.show, f.ok = false, false
	wantDND(t, d, false, "")
	if f.asked != 3 {
		t.Errorf("the setting was read %d times for 3 questions, want 3 (read when asked, not cached or polled)", f.asked)
	}
}

// stubPortal is org.freedesktop.portal.Settings with one boolean, in version 2 (ReadOne) or
// only version 1 (Read, a variant in a variant).
type stubPortal struct{ value bool }

func (p *stubPortal) ReadOne(namespace, key string) (dbus.Variant, *dbus.Error) {
	if namespace != gnomeSchema || key != gnomeKey {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.portal.Error.NotFound", []any{"no such key"})
	}
	return dbus.MakeVariant(p.value), nil
}

type stubPortalV1 struct{ value bool }

func (p *stubPortalV1) Read(namespace, key string) (dbus.Variant, *dbus.Error) {
	if namespace != gnomeSchema || key != gnomeKey {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.portal.Error.NotFound", []any{"no such key"})
	}
	return dbus.MakeVariant(dbus.MakeVariant(p.value)), nil
}

// TestGnomeBannersPortal reads show-banners from a stand-in settings portal on a private bus
// (both versions of its interface), and falls back to gsettings without one.
func TestGnomeBannersPortal(t *testing.T) {
	bus := desktoptest.SessionBus(t)
	gsettingsRuns := 0
	g := &gnomeBanners{bus: func() *dbus.Conn { return bus }, gsettings: func(_ context.Context, args ...string) ([]byte, error) {
		gsettingsRuns++
		if len(args) != 3 || args[0] != "get" || args[1] != gnomeSchema || args[2] != gnomeKey {
			t.Errorf("gsettings %q", args)
		}
		return []byte("false\n"), nil
	}}
	// No portal on the bus: gsettings answers.
	if show, source, ok := g.ShowBanners(t.Context()); show || !ok || source != gnomeViaGsettings {
		t.Errorf("without a portal: %v %q %v, want false from gsettings", show, source, ok)
	}

	srv, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Export(&stubPortal{value: false}, portalPath, portalIface); err != nil {
		t.Fatal(err)
	}
	takeName(t, srv, portalName)
	if show, source, ok := g.ShowBanners(t.Context()); show || !ok || source != gnomeViaPortal {
		t.Errorf("portal v2: %v %q %v, want false from the portal", show, source, ok)
	}
	if err := srv.Export(nil, portalPath, portalIface); err != nil {
		t.Fatal(err)
	}
	if err := srv.Export(&stubPortalV1{value: true}, portalPath, portalIface); err != nil {
		t.Fatal(err)
	}
	if show, source, ok := g.ShowBanners(t.Context()); !show || !ok || source != gnomeViaPortal {
		t.Errorf("portal v1: %v %q %v, want true from the portal", show, source, ok)
	}
	if gsettingsRuns != 1 {
		t.Errorf("gsettings ran %d times, want once (only without a portal)", gsettingsRuns)
	}

	// Neither answers: not known.
	g = &gnomeBanners{bus: func() *dbus.Conn { return nil }, gsettings: func(context.Context, ...string) ([]byte, error) {
		return nil, errors.New("exec: \"gsettings\": executable file not found in $PATH")
	}}
	if _, _, ok := g.ShowBanners(t.Context()); ok {
		t.Error("ok without a portal or gsettings")
	}
}

func TestOnGNOME(t *testing.T) {
	for desktop, want := range map[string]bool{"GNOME": true, "ubuntu:GNOME": true, "GNOME-Classic:GNOME": true,
		"KDE": false, "": false, "X-Cinnamon": false, "gnome": true} {
		if got := onGNOME(desktop); got != want {
			t.Errorf("onGNOME(%q) = %v", desktop, got)
		}
	}
}
