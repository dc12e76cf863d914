// Package api is the contract between deskbreak's engine (package daemon) and its clients:
// the tray in the same process, the CLI and the web UI over the control socket. It holds what
// they exchange (Snapshot, Request, Result), the one Controller interface they all drive, the
// one refusal error, the actions, the bounds of requests and the wording of times and
// durations.
//
// It imports only the standard library and the scheduler's value types, so a client that
// imports it links none of the engine: no D-Bus, no store, no config parser.
package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// Controller is the daemon as every client sees it. The daemon implements it in process;
// control.Client implements it over the control socket. Every method may be called from many
// goroutines at once.
type Controller interface {
	// Snapshot returns the daemon's current picture.
	Snapshot(ctx context.Context) (Snapshot, error)
	// Act carries out r and answers with one line for people and the snapshot after it. An
	// action that does not apply now, or a request out of bounds, returns a *Refused.
	Act(ctx context.Context, r Request) (Result, error)
	// Watch returns a channel that carries the current snapshot at once and then one on every
	// change. It is buffered(1) and drops stale snapshots, so a slow reader sees the newest.
	// The channel is closed when ctx is done or the daemon stops.
	Watch(ctx context.Context) (<-chan Snapshot, error)
}

// Refused is the one refusal error: an action that does not apply now ("nothing to snooze:
// no break is due"), or a request out of bounds. Its message is meant for people as it is.
// It is the scheduler's own error, so that a refusal travels from the pure core through the
// engine and the socket to a client unchanged.
type Refused = scheduler.Refused

// NotSaved is the error of an action that took effect but whose state could not be saved
// (a full disk, a read-only state directory): the change holds while the daemon runs, and
// the daemon keeps trying to save it. Its message says what was done and why it is not
// saved; Snapshot.SaveError says so until a save works again.
type NotSaved struct{ Msg string }

func (e *NotSaved) Error() string { return e.Msg }

// Action names what a Request asks the daemon to do. Its value is the op of the control
// protocol and the key of a notification button.
type Action string

// The actions.
const (
	Snooze Action = "snooze" // put off the due break, for Request.Snooze
	Skip   Action = "skip"   // dismiss the due or running break
	Break  Action = "break"  // start the due break, or an exercise break now
	Done   Action = "done"   // end the running break
	Pause  Action = "pause"  // pause all reminders as Request.Pause says
	Resume Action = "resume" // end a pause
	Reload Action = "reload" // reread the config file
)

// Actions lists every action, in the order above.
var Actions = []Action{Snooze, Skip, Break, Done, Pause, Resume, Reload}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool {
	for _, b := range Actions {
		if a == b {
			return true
		}
	}
	return false
}

// Request is one action with its arguments. Build one with the helpers (SnoozeFor, PauseFor,
// ...) or as a literal.
type Request struct {
	Action Action `json:"action"`
	// Snooze is how long Snooze puts the break off; 0 means the first configured choice.
	Snooze time.Duration `json:"snooze,omitempty"`
	// Pause says how long Pause pauses.
	Pause PauseRequest `json:"pause,omitzero"`
	// Exercise, for Break, is the id of the catalog exercise to do ("do this now" in the
	// web UI); "" lets the daemon pick as usual.
	Exercise string `json:"exercise,omitempty"`
}

// Do returns the request for an action without arguments.
func Do(a Action) Request { return Request{Action: a} }

// SnoozeFor returns the request to snooze for d (0: the first configured choice).
func SnoozeFor(d time.Duration) Request { return Request{Action: Snooze, Snooze: d} }

// BreakWith returns the request to start a break now with the exercise id.
func BreakWith(id string) Request { return Request{Action: Break, Exercise: id} }

// PauseAs returns the request to pause as p says.
func PauseAs(p PauseRequest) Request { return Request{Action: Pause, Pause: p} }

// PauseRequest says how long to pause: For a duration, until the next work range (after
// lunch, or tomorrow morning), until the first work range of a later day, or indefinitely.
// Exactly one is set.
type PauseRequest struct {
	For            time.Duration `json:"for,omitempty"`
	UntilNextRange bool          `json:"until_next_range,omitempty"`
	UntilTomorrow  bool          `json:"until_tomorrow,omitempty"`
	Indefinitely   bool          `json:"indefinitely,omitempty"`
}

// Snapshot is a read-only picture of the daemon, sent to the tray and to control clients.
// It is a value: holders may keep it.
type Snapshot struct {
	Now    time.Time        `json:"now"`
	Status scheduler.Status `json:"status"`
	// Exercises are those of the due or running break, or of the last break when none is.
	Exercises []Exercise `json:"exercises,omitempty"`
	// Today counts today's history.
	Today Counts `json:"today"`
	// SnoozeChoices are the offered snooze lengths; SnoozesLeft how many the due break has left.
	SnoozeChoices []time.Duration `json:"snooze_choices"`
	SnoozesLeft   int             `json:"snoozes_left"`
	// TodayHours is today's work hours, e.g. "09:00-12:30, 13:30-17:30", "day off", "holiday".
	TodayHours string `json:"today_hours"`
	ConfigPath string `json:"config_path,omitempty"`
	// ConfigError is the last config reload problem, while the previous config stays in force.
	ConfigError string `json:"config_error,omitempty"`
	// IdleSource names where idle time comes from ("none" when nothing reports it).
	IdleSource string `json:"idle_source,omitempty"`
	// DNDSource says where do-not-disturb is read from ("" when the DND reader does not say;
	// "off" when [dnd] enabled is false).
	DNDSource string `json:"dnd_source,omitempty"`
	// Held is why a due break waits unannounced ("fullscreen window", ...): do-not-disturb
	// holds it for up to [dnd] max_hold.
	Held string `json:"held,omitempty"`
	// SaveError is why the daemon's state is not being saved, while it is not; the daemon
	// retries and clears it once a save succeeds.
	SaveError string `json:"save_error,omitempty"`
}

// Exercise is one exercise of a break, as shown to people.
type Exercise struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Duration time.Duration `json:"duration"`
	Steps    []string      `json:"steps"`
	Caution  string        `json:"caution,omitempty"`
}

// Counts are the day's numbers, from the history (store.Counts, field for field).
//
// A due break ends as exactly one of Full, Short, Skipped, Ignored, Paused or NaturalOfDue
// (time away covered it), or is still due or running; breaks started on one's own are
// counted in Own only.
type Counts struct {
	Due   int `json:"due"`        // breaks that came due
	Full  int `json:"taken_full"` // due breaks taken in full
	Short int `json:"cut_short"`  // due breaks ended early
	// ShortSeconds is the time done in the breaks cut short, in whole seconds, summed.
	ShortSeconds int64 `json:"cut_short_seconds"`
	Own          int   `json:"own"`     // breaks started on one's own, not due
	Natural      int   `json:"natural"` // times away that counted as a break
	// NaturalOfDue is how many of Natural took the place of a due break.
	NaturalOfDue int `json:"natural_of_due"`
	Snoozed      int `json:"snoozed"` // snoozes
	Skipped      int `json:"skipped"` // due breaks skipped
	Ignored      int `json:"ignored"` // due breaks never acted on
	Paused       int `json:"paused"`  // due breaks set aside by a pause
	Prompts      int `json:"prompts"` // prompts shown
}

// Summary is the day's breaks in one phrase, "3 due: 2 taken in full, 1 natural, 1 snooze":
// the count of due breaks and every outcome there was, as status and the tray show it.
func (c Counts) Summary() string {
	s := fmt.Sprintf("%d due", c.Due)
	if parts := c.Outcomes(); len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// Outcomes lists, for people, what became of the day's breaks, leaving out what is zero:
// "2 taken in full", "1 cut short (40 s done)", "1 skipped", "1 ignored", "1 set aside by a
// pause", "1 natural", "1 started on your own", "3 snoozes".
func (c Counts) Outcomes() []string {
	var out []string
	add := func(n int, text string) {
		if n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, text))
		}
	}
	add(c.Full, "taken in full")
	if c.Short > 0 {
		add(c.Short, "cut short ("+FormatLength(time.Duration(c.ShortSeconds)*time.Second)+" done)")
	}
	add(c.Skipped, "skipped")
	add(c.Ignored, "ignored")
	add(c.Paused, "set aside by a pause")
	add(c.Natural, "natural")
	add(c.Own, "started on your own")
	if c.Snoozed > 0 {
		out = append(out, Plural(c.Snoozed, "snooze", "snoozes"))
	}
	return out
}

// Result is the answer to an action: one line for people and the snapshot after it.
type Result struct {
	Message  string   `json:"message"`
	Snapshot Snapshot `json:"snapshot"`
}
