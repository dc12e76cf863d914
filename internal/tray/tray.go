// Package tray shows deskbreak in the system tray through fyne.io/systray: an icon per state, a
// title and tooltip, and a menu of actions.
//
// The tray holds no state of its own. Model turns a daemon snapshot into a Menu (a pure
// function, table-tested); Run renders each Menu through systray and sends clicks to an
// api.Controller. A tray that cannot be shown (no session bus, no tray host, a macOS build without
// cgo) logs one hint and never stops the daemon.
package tray

import (
	"context"
	"log/slog"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// Host checks for the desktop's tray host before the tray starts, and watches for one that
// starts, stops or restarts while it runs (trayhost.SNI on a StatusNotifierItem desktop).
type Host interface {
	// Preflight says why no tray can be shown now (no session bus that answers), or nil.
	// It returns within a few seconds, or when ctx is done.
	Preflight(ctx context.Context) error
	// Watch logs when no host runs and keeps the item registered with one that starts
	// later, until ctx is done or stop is closed.
	Watch(ctx context.Context, log *slog.Logger, stop <-chan struct{})
}

// noHost is the Host of a tray given none: nothing to check, nothing to watch.
type noHost struct{}

func (noHost) Preflight(context.Context) error                      { return nil }
func (noHost) Watch(context.Context, *slog.Logger, <-chan struct{}) {}

// Options configure Run. All fields are optional.
type Options struct {
	// Host checks for the tray host; nil: no checks (a platform tray that needs none).
	Host Host
	// ConfigPath is the file "Edit settings..." opens; empty: the snapshot's ConfigPath.
	ConfigPath string
	// DefaultConfig returns the commented default config, written to ConfigPath first when
	// that file does not exist (config.DefaultFile).
	DefaultConfig func() []byte
	// Log receives the tray's few messages; nil: slog.Default().
	Log *slog.Logger
	// OnQuit is called when the person picks Quit, before the tray closes; the daemon saves
	// and exits.
	OnQuit func()
	// Version is shown under About, e.g. "1.2.0".
	Version string
	// CacheDir is where the exercises text file is written; empty: os.UserCacheDir()/deskbreak.
	CacheDir string
	// OpenUI opens a page of the web UI ("break", "settings", "stats", "exercises"); nil
	// when the web UI is not installed: then Settings... opens the config file, "Exercises
	// of this break..." a text file, and the other pages say how to get the UI.
	OpenUI func(page string) error
	// Note shows a notification of its own, beside the break's (the steps of the break's
	// exercises, an opener that failed); nil: the steps go to a text file that is opened,
	// and failures are only logged.
	Note func(ctx context.Context, summary, body string) error
}

// IconName names one of the tray icons; there is one per state.
type IconName string

// The icons, named after the scheduler states they show.
const (
	IconWorking  IconName = "working"
	IconDue      IconName = "due"
	IconInBreak  IconName = "in_break"
	IconSnoozed  IconName = "snoozed"
	IconPaused   IconName = "paused"
	IconOffHours IconName = "off_hours"
)

// Icons lists every icon, in the order of the states above.
var Icons = []IconName{IconWorking, IconDue, IconInBreak, IconSnoozed, IconPaused, IconOffHours}

// Local is what clicking a menu item does in the tray itself, without the daemon. The
// daemon's actions are api.Actions, in Item.Request.
type Local int

// The local actions.
const (
	LocalNone Local = iota
	LocalEditSettings
	LocalExercises
	LocalOpenSettings
	LocalOpenStats
	LocalOpenCatalog
	LocalQuit
)

// Menu is everything the tray shows for one snapshot at one moment.
type Menu struct {
	Icon    IconName
	Title   string
	Tooltip string
	Items   []Item
	// Refresh is when the texts next change without a new snapshot (a countdown, or
	// "tomorrow" turning into "today" at midnight); zero: never.
	Refresh time.Time
}

// Item is one menu entry. Model always returns the same items with the same IDs in the same
// order, whatever the state: entries that do not apply are disabled or hidden, never
// removed, so the tray updates them in place.
type Item struct {
	ID        string
	Label     string
	Enabled   bool
	Hidden    bool
	Separator bool
	// Request is what a click asks the daemon to do; its Action is empty for items that do
	// not ask the daemon anything.
	Request api.Request
	// Local is what a click does in the tray itself.
	Local    Local
	Children []Item
}

// Clickable reports whether clicking it does anything.
func (it Item) Clickable() bool { return it.Request.Action != "" || it.Local != LocalNone }

// Find returns the item with the given ID in items or their children.
func Find(items []Item, id string) (Item, bool) {
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
		if c, ok := Find(it.Children, id); ok {
			return c, true
		}
	}
	return Item{}, false
}
