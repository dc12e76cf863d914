//go:build !darwin || cgo

package tray

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/systray"

	"github.com/deskbreak/deskbreak/internal/api"
)

// started guards systray.Run, which works once per process.
var started atomic.Bool

// actionTimeout bounds one call to the controller from a click.
const actionTimeout = 10 * time.Second

// Run shows the tray until the person picks Quit or ctx is done, then returns. It calls
// systray.Run on the calling goroutine, which must be the main one (macOS requires it), and
// may be called once per process.
//
// A tray that cannot be shown never ends the process: without a session bus, or when the
// platform tray fails, Run logs why and returns only when ctx is done. Without a tray host
// it logs one hint and keeps the item registered for a host that starts later.
func Run(ctx context.Context, c api.Controller, o Options) {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	if !started.CompareAndSwap(false, true) {
		log.Error("tray: Run was called twice; the system tray can be started once per process")
		<-ctx.Done()
		return
	}
	host := o.Host
	if host == nil {
		host = noHost{}
	}
	if err := host.Preflight(ctx); err != nil {
		log.Warn("no tray icon: "+err.Error(), "hint", "deskbreak keeps running; use the CLI: deskbreak status, snooze, pause")
		<-ctx.Done()
		return
	}

	wctx, unsubscribe := context.WithCancel(ctx)
	defer unsubscribe()
	snaps, err := c.Watch(wctx)
	if err != nil {
		log.Warn("no tray icon: "+err.Error(), "hint", "deskbreak keeps running; use the CLI: deskbreak status, snooze, pause")
		<-ctx.Done()
		return
	}
	var first api.Snapshot
	select {
	case s, ok := <-snaps:
		if !ok {
			return
		}
		first = s
	case <-ctx.Done():
		return
	}

	t := &tray{c: c, o: o, log: log, ctx: ctx, snap: first, items: map[string]*systray.MenuItem{}}
	menu := t.model(first, time.Now())
	preset(menu)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	onReady := func() {
		t.build(menu)
		wg.Add(2)
		go func() { defer wg.Done(); t.loop(ctx, snaps, stop) }()
		go func() { defer wg.Done(); host.Watch(ctx, log, stop) }()
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				log.Error("tray: the system tray stopped", "panic", r)
			}
		}()
		systray.Run(onReady, nil)
	}()
	close(stop)
	wg.Wait()
	if !t.quitting.Load() && ctx.Err() == nil {
		log.Warn("tray: the system tray ended; deskbreak keeps running without it")
		<-ctx.Done()
	}
}

// tray renders menus through systray and turns clicks into controller calls.
type tray struct {
	c   api.Controller
	o   Options
	log *slog.Logger
	ctx context.Context

	mu    sync.Mutex
	snap  api.Snapshot // the latest snapshot
	shown Menu         // what systray shows now

	items    map[string]*systray.MenuItem // by Item.ID; written only by build
	quitting atomic.Bool
}

// loop renders every new snapshot at once, until ctx is done (then it quits the tray) or
// stop closes. It keeps no timer: the daemon publishes a snapshot when the texts change by
// themselves (the daemon's Options.Refresh = RefreshAt), so one wakeup serves both.
func (t *tray) loop(ctx context.Context, snaps <-chan api.Snapshot, stop <-chan struct{}) {
	// Workaround: fyne.io/systray (v1.12.2, systray_unix.go nativeStart) calls onReady before
	// it exports the item's properties, and SetIcon/SetTitle/SetTooltip made between its
	// reading of them and the export are dropped. preset gives it the first icon and
	// tooltip; the title is set once the export has surely happened, and an icon or tooltip
	// that changed meanwhile is set again then. One wakeup, at start only. No upstream
	// issue is known for this (fyne-io/systray's issues were searched); drop it when
	// systray exports the properties before it calls onReady.
	//
	// Setting the item's properties while a host reads them is a data race inside
	// fyne.io/systray and godbus (prop.Properties.SetMust stores into the slice that a
	// GetAll reply being encoded still reads), which go test -race reports. So nothing
	// here sets a property that has not changed.
	settle := time.NewTimer(time.Second)
	defer settle.Stop()
	for {
		select {
		case s, ok := <-snaps:
			if !ok {
				snaps = nil // the daemon is gone; keep showing the last picture
				continue
			}
			t.mu.Lock()
			t.snap = s
			t.mu.Unlock()
			t.render()
		case <-settle.C:
			t.mu.Lock()
			t.shown.Title = "" // preset exported "deskbreak": set the real title now
			t.mu.Unlock()
			t.render()
		case <-ctx.Done():
			systray.Quit()
			return
		case <-stop:
			return
		}
	}
}

// model is Model with the version under About.
func (t *tray) model(s api.Snapshot, now time.Time) Menu {
	m := Model(s, now)
	if t.o.Version != "" {
		for i := range m.Items {
			if m.Items[i].ID == "about" && len(m.Items[i].Children) > 0 {
				m.Items[i].Children[0].Label = "deskbreak " + t.o.Version + ": short desk breaks inside your work hours"
			}
		}
	}
	return m
}

// render computes the menu of the latest snapshot and shows what changed.
func (t *tray) render() {
	t.mu.Lock()
	m := t.model(t.snap, time.Now())
	prev := t.shown
	t.shown = m
	t.mu.Unlock()

	if m.Icon != prev.Icon {
		t.setIcon(m.Icon)
	}
	if showTitle && m.Title != prev.Title {
		systray.SetTitle(m.Title)
	}
	if m.Tooltip != prev.Tooltip {
		systray.SetTooltip(m.Tooltip)
	}
	t.update(prev.Items, m.Items)
}

func (t *tray) setIcon(n IconName) {
	b, err := iconBytes(n)
	if err != nil {
		t.log.Error("tray: " + err.Error())
		return
	}
	systray.SetIcon(b)
}

// build creates the menu items of m, once, and shows m.
func (t *tray) build(m Menu) {
	var (
		ids   []string
		chans []<-chan struct{}
	)
	var add func(parent *systray.MenuItem, its []Item)
	add = func(parent *systray.MenuItem, its []Item) {
		for _, it := range its {
			if it.Separator {
				if parent == nil {
					systray.AddSeparator()
				} else {
					parent.AddSeparator()
				}
				continue
			}
			var mi *systray.MenuItem
			if parent == nil {
				mi = systray.AddMenuItem(it.Label, "")
			} else {
				mi = parent.AddSubMenuItem(it.Label, "")
			}
			if !it.Enabled {
				mi.Disable()
			}
			if it.Hidden {
				mi.Hide()
			}
			t.items[it.ID] = mi
			if it.Clickable() {
				ids = append(ids, it.ID)
				chans = append(chans, mi.ClickedCh)
			}
			add(mi, it.Children)
		}
	}
	add(nil, m.Items)
	go t.listen(ids, chans)
	// The title waits for the settle render in loop: see preset. On Linux, preset has
	// given systray the icon and tooltip already.
	if !presets {
		t.setIcon(m.Icon)
		systray.SetTooltip(m.Tooltip)
	}
	t.mu.Lock()
	t.shown = m
	t.mu.Unlock()
}

// listen runs the clicks on the items whose click channels are chans (ids[i] is chans[i]'s
// item), one at a time, on one goroutine for all of them: a goroutine per item kept twenty
// idle stacks in the idle daemon. systray drops a click that nobody receives, so a click
// made while another is handled (a few milliseconds) is lost, as a second click on one item
// always was. It returns when every channel is closed.
func (t *tray) listen(ids []string, chans []<-chan struct{}) {
	cases := make([]reflect.SelectCase, len(chans))
	for i, ch := range chans {
		cases[i] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)}
	}
	for len(cases) > 0 {
		i, _, ok := reflect.Select(cases)
		if !ok { // the item was removed
			cases = slices.Delete(cases, i, i+1)
			ids = slices.Delete(ids, i, i+1)
			continue
		}
		t.click(ids[i])
	}
}

// update changes the items whose label, enabled or hidden state differ between old and new;
// both have the shape Model guarantees.
func (t *tray) update(old, new []Item) {
	for i, it := range new {
		var was Item
		if i < len(old) && old[i].ID == it.ID {
			was = old[i]
		} else if w, ok := Find(old, it.ID); ok {
			was = w
		} else {
			was = Item{Label: "\x00", Enabled: !it.Enabled, Hidden: !it.Hidden} // force every field
		}
		if mi := t.items[it.ID]; mi != nil {
			if it.Label != was.Label {
				mi.SetTitle(it.Label)
			}
			if it.Enabled != was.Enabled {
				if it.Enabled {
					mi.Enable()
				} else {
					mi.Disable()
				}
			}
			if it.Hidden != was.Hidden {
				if it.Hidden {
					mi.Hide()
				} else {
					mi.Show()
				}
			}
		}
		t.update(was.Children, it.Children)
	}
}

// click runs the action of item id, as the menu shows it now.
func (t *tray) click(id string) {
	t.mu.Lock()
	it, ok := lookup(t.shown.Items, id)
	snap := t.snap
	t.mu.Unlock()
	if !ok || !it.Enabled {
		t.log.Debug("tray: ignored a click on an item that is disabled or gone", "item", id)
		return
	}
	if it.Local == LocalQuit {
		t.quitting.Store(true)
		if t.o.OnQuit != nil {
			t.o.OnQuit()
		}
		systray.Quit()
		return
	}
	ctx, cancel := context.WithTimeout(t.ctx, actionTimeout)
	defer cancel()
	var (
		res api.Result
		err error
		// tell, when set, logs a failure to open and tells it in a notification.
		tell func(error)
	)
	switch {
	case it.Request.Action != "":
		res, err = t.c.Act(ctx, it.Request)
	case it.Local == LocalEditSettings:
		err = editSettings(t.o, snap, t.openFailed("Cannot open the settings", "Edit the file in any text editor; deskbreak reads it again when it is saved."))
	case it.Local == LocalExercises:
		if t.o.OpenUI != nil {
			tell = t.openFailed("Cannot open the break window", "")
			err = t.o.OpenUI("break")
		} else {
			err = showExercises(ctx, t.o, snap, time.Now(), t.openFailed("Cannot show the exercises", ""))
		}
	case it.Local == LocalOpenSettings:
		if t.o.OpenUI != nil {
			tell = t.openFailed("Cannot open the settings", "The settings are also in the config file; \"deskbreak config path\" names it.")
			err = t.o.OpenUI("settings")
		} else {
			err = editSettings(t.o, snap, t.openFailed("Cannot open the settings", "Edit the file in any text editor; deskbreak reads it again when it is saved."))
		}
	case it.Local == LocalOpenStats, it.Local == LocalOpenCatalog:
		page := map[Local]string{LocalOpenStats: "stats", LocalOpenCatalog: "exercises"}[it.Local]
		cli := map[string]string{"stats": "stats", "exercises": "tips list"}[page]
		tell = t.openFailed("Cannot open the "+page+" page", "\"deskbreak "+cli+"\" prints the same in a terminal.")
		if t.o.OpenUI != nil {
			err = t.o.OpenUI(page)
		} else {
			err = fmt.Errorf("the %s page needs the web UI, deskbreak-ui, which is not installed beside deskbreak", page)
		}
	}
	if err != nil && tell != nil {
		// The person clicked and nothing opened: a log line alone would look like a dead menu.
		tell(err)
		return
	}
	var refused *api.Refused
	switch {
	case errors.As(err, &refused):
		t.log.Info("tray: " + refused.Msg)
	case err != nil:
		t.log.Warn("tray: "+it.Label+": "+err.Error(), "item", id)
	case res.Message != "":
		t.log.Debug("tray: " + res.Message)
	}
}

// openFailed returns what to do when an opener (xdg-open) starts and then fails: log it, and
// tell the person in a notification, with hint after the error.
func (t *tray) openFailed(summary, hint string) func(error) {
	return func(err error) {
		t.log.Warn("tray: "+summary, "err", err)
		if t.o.Note == nil {
			return
		}
		body := err.Error()
		if hint != "" {
			body += "\n" + hint
		}
		ctx, cancel := context.WithTimeout(t.ctx, actionTimeout)
		defer cancel()
		if nerr := t.o.Note(ctx, summary, body); nerr != nil {
			t.log.Warn("tray: cannot tell about it in a notification either", "err", nerr)
		}
	}
}

// lookup finds item id as it acts: disabled or hidden when any of its parents is.
func lookup(items []Item, id string) (Item, bool) {
	for _, it := range items {
		if it.ID == id {
			it.Enabled = it.Enabled && !it.Hidden
			return it, true
		}
		if c, ok := lookup(it.Children, id); ok {
			c.Enabled = c.Enabled && it.Enabled && !it.Hidden
			return c, true
		}
	}
	return Item{}, false
}
