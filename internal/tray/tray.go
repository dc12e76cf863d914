// Package tray shows deskbreak in the system tray through fyne.io/systray: an icon per state, a
// title and tooltip, and a menu of actions.
//
// The tray holds no state of its own. Model turns a daemon snapshot into a Menu (a pure
// function, table-tested); Run renders each Menu through systray and sends clicks to a
// Controller. A tray that cannot be shown (no session bus, no tray host, a macOS build without
// cgo) logs one hint and never stops the daemon.
package tray

import (
	"context"
	"log/slog"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// Controller is what the tray needs from the daemon.
type Controller interface {
	// Subscribe returns a channel that carries the latest snapshot at once and then one on
	// every change. It is buffered(1) and may drop stale snapshots. The func unsubscribes.
	Subscribe() (<-chan daemon.Snapshot, func())
	Snooze(ctx context.Context, d time.Duration) (daemon.Result, error)
	Skip(ctx context.Context) (daemon.Result, error)
	StartBreak(ctx context.Context) (daemon.Result, error)
	Done(ctx context.Context) (daemon.Result, error)
	Pause(ctx context.Context, p daemon.PauseRequest) (daemon.Result, error)
	Resume(ctx context.Context) (daemon.Result, error)
}

// Options configure Run. All fields are optional.
type Options struct {
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

// Action is what clicking a menu item does.
type Action int

// The actions. ActNone items are text lines.
const (
	ActNone Action = iota
	ActStartBreak
	ActDone
	ActSnooze // for Item.Snooze
	ActSkip
	ActPause // with Item.Pause
	ActResume
	ActEditSettings
	ActExercises
	ActQuit
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
	Action    Action
	// Snooze is the length for ActSnooze; Pause the request for ActPause.
	Snooze   time.Duration
	Pause    daemon.PauseRequest
	Children []Item
}

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
