// Package daemon runs deskbreak's event loop: one goroutine owns the scheduler state, wakes on
// the clock and on requests, notifies, and saves.
package daemon

import (
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

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
	// Held is why a due break waits unannounced ("fullscreen window", ...): do-not-disturb
	// holds it for up to [dnd] max_hold.
	Held string `json:"held,omitempty"`
}

// Exercise is one exercise of a break, as shown to people.
type Exercise struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Duration time.Duration `json:"duration"`
	Steps    []string      `json:"steps"`
	Caution  string        `json:"caution,omitempty"`
}

// Counts are the day's numbers, from the history.
type Counts = store.Counts

// PauseRequest says how long to pause: For a duration, until the next work range (after
// lunch, or tomorrow morning), until the first work range of a later day, or indefinitely.
// Exactly one is set.
type PauseRequest struct {
	For            time.Duration `json:"for,omitempty"`
	UntilNextRange bool          `json:"until_next_range,omitempty"`
	UntilTomorrow  bool          `json:"until_tomorrow,omitempty"`
	Indefinitely   bool          `json:"indefinitely,omitempty"`
}

// Result is the answer to an action: one line for people and the snapshot after it.
type Result struct {
	Message  string   `json:"message"`
	Snapshot Snapshot `json:"snapshot"`
}

// RefusedError is an action that does not apply now ("nothing to snooze: no break is due").
// Its message is meant for people as it is.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }
