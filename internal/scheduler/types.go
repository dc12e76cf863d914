// Package scheduler decides, from rules, state and the current time, what deskbreak does next.
//
// It is pure: every function takes the time as an argument; nothing here starts a goroutine,
// does I/O, reads the clock or uses time.Local. Cron specs are used for their parser and bit
// sets only.
package scheduler

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// Kind is the kind of a rule: a break with exercises and a duration, or a one-line prompt.
type Kind string

// The kinds of rule.
const (
	KindBreak  Kind = "break"
	KindPrompt Kind = "prompt"
)

// Range is one span of work inside a day, in minutes after local midnight.
// 0 <= Start < End <= 1440; an End of 1440 is 24:00.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// String formats r as "09:00-17:30".
func (r Range) String() string { return FormatClock(r.Start) + "-" + FormatClock(r.End) }

// FormatClock formats minutes after midnight as "HH:MM" (1440 is "24:00").
func FormatClock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// Date is a calendar day in the rules' zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { y, m, d := t.Date(); return Date{y, m, d} }

// String formats d as "2026-12-24".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Rule is one named schedule: a break or a prompt, firing every Every of work time or at the
// times of At.
type Rule struct {
	Name string
	Kind Kind
	// Exactly one of Every and At is set.
	Every time.Duration
	At    *cron.SpecSchedule
	// AtSpec is the text At was parsed from, for messages.
	AtSpec string
	// Duration is how long a break lasts (breaks only).
	Duration time.Duration
	// Categories limits the exercises a break picks (empty: any); for a prompt, its first
	// entry names the prompt's topic ("posture", "breathing", ...).
	Categories []string
	// RemindAfter shows a due break once more when it has been ignored this long (0: never).
	RemindAfter time.Duration
}

// Rules is everything the scheduler needs from the config.
type Rules struct {
	// Zone is where work hours, holidays and cron specs are read. Never nil.
	Zone *time.Location
	// Week holds the work ranges of each weekday, indexed by time.Weekday, sorted and
	// not overlapping. An empty day is a day off.
	Week     [7][]Range
	Holidays map[Date]bool
	// List holds the break and prompt rules, in the config's order.
	List []Rule
	// SnoozeChoices are the offered snooze lengths, the first being the default.
	SnoozeChoices []time.Duration
	// SnoozeLimit is how many times one due break may be snoozed.
	SnoozeLimit int
}

// Rule returns the rule named name.
func (r *Rules) Rule(name string) (Rule, bool) {
	for _, x := range r.List {
		if x.Name == name {
			return x, true
		}
	}
	return Rule{}, false
}

// State is what the scheduler remembers between decisions. The daemon persists it.
// Its zero value is a fresh start.
type State struct {
	// Rules holds, per rule name, where its counting restarted.
	Rules map[string]RuleState `json:"rules,omitempty"`
	// Pending is a break that came due and has not been started or skipped.
	Pending *Pending `json:"pending,omitempty"`
	// Active is a break in progress.
	Active *Active `json:"active,omitempty"`
	// Paused is set while reminders are paused.
	Paused *Pause `json:"pause,omitempty"`
	// LastSeen is the last time the daemon looked at the clock; a long gap since then is
	// time away.
	LastSeen time.Time `json:"last_seen,omitzero"`
	// AwaySince is set while the person is known to be away (idle, asleep, locked): nothing
	// new fires until they return.
	AwaySince time.Time `json:"away_since,omitzero"`
}

// Clone returns a copy of s that shares nothing with it, for a holder that must not see
// later transitions (the daemon's save worker).
func (s State) Clone() State {
	c := s
	if s.Rules != nil {
		c.Rules = make(map[string]RuleState, len(s.Rules))
		for k, v := range s.Rules {
			c.Rules[k] = v
		}
	}
	if s.Pending != nil {
		p := *s.Pending
		c.Pending = &p
	}
	if s.Active != nil {
		a := *s.Active
		c.Active = &a
	}
	if s.Paused != nil {
		p := *s.Paused
		c.Paused = &p
	}
	return c
}

// RuleState is the per-rule memory.
type RuleState struct {
	// Since is when the rule's counting last restarted: its last prompt, the end of its last
	// break, the end of a natural break, or the end of a pause. An "at" rule fires only at
	// cron times after Since.
	Since time.Time `json:"since"`
}

// Pending is a due break waiting for the person.
type Pending struct {
	Rule  string    `json:"rule"`
	DueAt time.Time `json:"due_at"`
	// Snoozes counts the snoozes used on this break.
	Snoozes      int       `json:"snoozes,omitempty"`
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	// Shown is when the break was last announced (due, reminder, or end of snooze).
	Shown time.Time `json:"shown,omitzero"`
	// Reminded is set once the remind_after reminder went out for the current showing.
	Reminded bool `json:"reminded,omitempty"`
	// HeldSince is when do-not-disturb began holding the break back unannounced (Hold);
	// zero while it is not held. HeldWhy says why ("fullscreen window").
	HeldSince time.Time `json:"held_since,omitzero"`
	HeldWhy   string    `json:"held_why,omitempty"`
}

// Active is a break in progress.
type Active struct {
	Rule  string    `json:"rule"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Shown is the index of the break's exercise shown last (ShowExercise); the first is
	// shown when the break starts.
	Shown int `json:"shown,omitempty"`
	// Own is set for a break started on the person's own accord, not as the due break.
	Own bool `json:"own,omitempty"`
}

// Pause is a pause of all reminders.
type Pause struct {
	Since time.Time `json:"since"`
	// Until is when the pause ends; zero means indefinitely.
	Until time.Time `json:"until,omitzero"`
}

// EventType names something that happened, for notifications and history.
type EventType string

// The event types.
const (
	EventDue      EventType = "due"      // a break came due
	EventReminder EventType = "reminder" // a due break was shown again (remind_after, or snooze ended)
	EventPrompt   EventType = "prompt"   // a prompt was shown
	EventStarted  EventType = "started"  // a break started
	EventDone     EventType = "done"     // a break ended (its time ran out, or the person said done)
	EventSnoozed  EventType = "snoozed"
	EventSkipped  EventType = "skipped"
	EventIgnored  EventType = "ignored" // a due break was never acted on
	EventNatural  EventType = "natural" // time away long enough counted as a break
	EventPaused   EventType = "paused"  // reminders paused; with a Rule, the due break set aside by it
	EventResumed  EventType = "resumed"
)

// Event is one thing that happened. Transitions return the events they cause; the daemon
// notifies and records them.
type Event struct {
	Type EventType `json:"type"`
	At   time.Time `json:"at"`
	Rule string    `json:"rule,omitempty"`
	Kind Kind      `json:"kind,omitempty"`
	// Folded names prompts folded into this break or prompt.
	Folded []string `json:"folded,omitempty"`
	// Duration is a break's length, or the time away of a natural break.
	Duration time.Duration `json:"duration,omitempty"`
	// Until is the end of a snooze or pause (zero for an indefinite pause).
	Until time.Time `json:"until,omitzero"`
	// From is, for a snooze that extended a running snooze, where that snooze ended before.
	From time.Time `json:"from,omitzero"`
	// Own marks the started, done and skipped events of a break started on the person's own
	// accord rather than as the due break.
	Own bool `json:"own,omitempty"`
	// Short marks a done break that ended before its time ran out (Duration is the time
	// done); history written before it existed reads as taken in full.
	Short bool `json:"short,omitempty"`
	// WasDue marks a natural break that took the place of a due break.
	WasDue bool `json:"was_due,omitempty"`
	// Exercises are, on a done event, the ids of the exercises the break showed. The
	// scheduler leaves it empty (it knows no exercises); the daemon fills it in before
	// recording. History written before it existed has none.
	Exercises []string `json:"exercises,omitempty"`
}

// StateName is the coarse state shown to people and scripts.
type StateName string

// The states.
const (
	StateWorking  StateName = "working"
	StateDue      StateName = "due"
	StateInBreak  StateName = "in_break"
	StateSnoozed  StateName = "snoozed"
	StatePaused   StateName = "paused"
	StateOffHours StateName = "off_hours"
)

// Upcoming is the next thing that will fire, if the person is at the desk.
type Upcoming struct {
	At       time.Time     `json:"at"`
	Kind     Kind          `json:"kind"`
	Rule     string        `json:"rule"`
	Duration time.Duration `json:"duration,omitempty"`
}

// Status is the scheduler's view of now, for the tray, the CLI and notifications.
type Status struct {
	State StateName `json:"state"`
	// Next is the next break or prompt that will fire if the person stays at the desk;
	// nil when nothing will (paused indefinitely, or no work hours at all).
	Next *Upcoming `json:"next,omitempty"`
	// Pending is the due (or snoozed) break; Active the running one.
	Pending *Pending `json:"pending,omitempty"`
	Active  *Active  `json:"active,omitempty"`
	// SnoozedUntil is set in StateSnoozed.
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	// PausedUntil is set in StatePaused unless the pause is indefinite.
	PausedUntil        time.Time `json:"paused_until,omitzero"`
	PausedIndefinitely bool      `json:"paused_indefinitely,omitempty"`
	// WorkStart is the start of the next work range when off hours; WorkEnd the end of the
	// current one when inside work hours.
	WorkStart time.Time `json:"work_start,omitzero"`
	WorkEnd   time.Time `json:"work_end,omitzero"`
	// AwaySince is set while the person is known to be away: nothing new fires.
	AwaySince time.Time `json:"away_since,omitzero"`
}
