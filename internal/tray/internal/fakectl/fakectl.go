// Package fakectl is a hand-written fake of the tray's Controller, with a snapshot for each
// state, for the tray's tests and its demo program. It acts like a tiny daemon: actions
// report themselves and move the fake to the state they lead to.
package fakectl

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// States are the names Scenario knows.
var States = []string{"working", "due", "in_break", "snoozed", "paused", "off_hours"}

// Scenario returns a snapshot in the named state (see States) at now.
func Scenario(name string, now time.Time) (daemon.Snapshot, error) {
	exercises := []daemon.Exercise{
		{ID: "neck-tilt", Title: "Neck", Duration: time.Minute, Steps: []string{
			"Sit tall, shoulders down.", "Tilt your right ear toward your right shoulder; hold 15 s.", "Repeat to the left."}},
		{ID: "shoulder-roll", Title: "Shoulders", Duration: time.Minute, Steps: []string{
			"Roll your shoulders back ten times.", "Then forward ten times."}, Caution: "Move slowly; stop if it hurts."},
	}
	day := func(h, m int) time.Time {
		y, mo, d := now.Date()
		return time.Date(y, mo, d, h, m, 0, 0, now.Location())
	}
	s := daemon.Snapshot{
		Now:           now,
		Exercises:     exercises,
		Today:         daemon.Counts{Due: 5, Taken: 3, Skipped: 1},
		SnoozeChoices: []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute},
		SnoozesLeft:   2,
		TodayHours:    "09:00-12:30, 13:30-17:30",
		IdleSource:    "none",
	}
	pending := &scheduler.Pending{Rule: "neck", DueAt: now.Add(-2 * time.Minute).Truncate(time.Minute)}
	switch name {
	case "working":
		s.Status = scheduler.Status{State: scheduler.StateWorking, WorkEnd: day(17, 30),
			Next: &scheduler.Upcoming{At: now.Add(23 * time.Minute), Kind: scheduler.KindBreak, Rule: "neck", Duration: 2 * time.Minute}}
	case "due":
		s.Status = scheduler.Status{State: scheduler.StateDue, Pending: pending}
	case "in_break":
		s.Status = scheduler.Status{State: scheduler.StateInBreak,
			Active: &scheduler.Active{Rule: "neck", Start: now.Add(-30 * time.Second), End: now.Add(150 * time.Second)}}
	case "snoozed":
		p := *pending
		p.Snoozes, p.SnoozedUntil = 1, now.Add(15*time.Minute)
		s.SnoozesLeft = 1
		s.Status = scheduler.Status{State: scheduler.StateSnoozed, Pending: &p, SnoozedUntil: p.SnoozedUntil}
	case "paused":
		s.Status = scheduler.Status{State: scheduler.StatePaused, PausedUntil: day(33, 0)} // tomorrow 09:00
	case "off_hours":
		s.Status = scheduler.Status{State: scheduler.StateOffHours, WorkStart: nextMonday(now)}
	default:
		return daemon.Snapshot{}, fmt.Errorf("fake controller: unknown state %q (want one of %v)", name, States)
	}
	return s, nil
}

func nextMonday(now time.Time) time.Time {
	y, mo, d := now.Date()
	days := (int(time.Monday) - int(now.Weekday()) + 7) % 7
	if days == 0 {
		days = 7
	}
	return time.Date(y, mo, d+days, 9, 0, 0, 0, now.Location())
}

// Controller is the fake. Its zero value is not usable; call New.
type Controller struct {
	now    func() time.Time
	onCall func(call string)

	mu   sync.Mutex
	snap daemon.Snapshot
	subs map[chan daemon.Snapshot]bool
}

// New returns a fake in state, reporting each action to onCall ("Snooze 15m0s", "Skip",
// "Pause {For:30m0s ...}").
func New(state string, now func() time.Time, onCall func(call string)) (*Controller, error) {
	s, err := Scenario(state, now())
	if err != nil {
		return nil, err
	}
	return &Controller{now: now, onCall: onCall, snap: s, subs: map[chan daemon.Snapshot]bool{}}, nil
}

// Set moves the fake to the named state and tells subscribers.
func (c *Controller) Set(state string) error {
	s, err := Scenario(state, c.now())
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snap = s
	for ch := range c.subs {
		select { // drop a stale snapshot for the new one, as the daemon does
		case <-ch:
		default:
		}
		ch <- s
	}
	return nil
}

// Subscribe implements tray.Controller.
func (c *Controller) Subscribe() (<-chan daemon.Snapshot, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan daemon.Snapshot, 1)
	ch <- c.snap
	c.subs[ch] = true
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.subs, ch)
	}
}

func (c *Controller) act(call, next string) (daemon.Result, error) {
	c.onCall(call)
	if err := c.Set(next); err != nil {
		return daemon.Result{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return daemon.Result{Message: call, Snapshot: c.snap}, nil
}

// Snooze implements tray.Controller.
func (c *Controller) Snooze(_ context.Context, d time.Duration) (daemon.Result, error) {
	return c.act("Snooze "+d.String(), "snoozed")
}

// Skip implements tray.Controller.
func (c *Controller) Skip(context.Context) (daemon.Result, error) { return c.act("Skip", "working") }

// StartBreak implements tray.Controller.
func (c *Controller) StartBreak(context.Context) (daemon.Result, error) {
	return c.act("StartBreak", "in_break")
}

// Done implements tray.Controller.
func (c *Controller) Done(context.Context) (daemon.Result, error) { return c.act("Done", "working") }

// Pause implements tray.Controller.
func (c *Controller) Pause(_ context.Context, p daemon.PauseRequest) (daemon.Result, error) {
	return c.act(fmt.Sprintf("Pause %+v", p), "paused")
}

// Resume implements tray.Controller.
func (c *Controller) Resume(context.Context) (daemon.Result, error) {
	return c.act("Resume", "working")
}
