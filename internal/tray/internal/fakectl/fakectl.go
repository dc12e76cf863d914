// Package fakectl is a hand-written fake of the api.Controller the tray drives, with a snapshot for each
// state, for the tray's tests and its demo program. It acts like a tiny daemon: actions
// report themselves and move the fake to the state they lead to.
package fakectl

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// States are the names Scenario knows.
var States = []string{"working", "due", "in_break", "snoozed", "paused", "off_hours"}

// Scenario returns a snapshot in the named state (see States) at now.
func Scenario(name string, now time.Time) (api.Snapshot, error) {
	exercises := []api.Exercise{
		{ID: "neck-tilt", Title: "Neck", Duration: time.Minute, Steps: []string{
			"Sit tall, shoulders down.", "Tilt your right ear toward your right shoulder; hold 15 s.", "Repeat to the left."}},
		{ID: "shoulder-roll", Title: "Shoulders", Duration: time.Minute, Steps: []string{
			"Roll your shoulders back ten times.", "Then forward ten times."}, Caution: "Move slowly; stop if it hurts."},
	}
	day := func(h, m int) time.Time {
		y, mo, d := now.Date()
		return time.Date(y, mo, d, h, m, 0, 0, now.Location())
	}
	s := api.Snapshot{
		Now:           now,
		Exercises:     exercises,
		Today:         api.Counts{Due: 5, Full: 3, Skipped: 1},
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
		return api.Snapshot{}, fmt.Errorf("fake controller: unknown state %q (want one of %v)", name, States)
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
	snap api.Snapshot
	subs map[chan api.Snapshot]bool
}

// New returns a fake in state, reporting each action to onCall ("Snooze 15m0s", "Skip",
// "Pause {For:30m0s ...}").
func New(state string, now func() time.Time, onCall func(call string)) (*Controller, error) {
	s, err := Scenario(state, now())
	if err != nil {
		return nil, err
	}
	return &Controller{now: now, onCall: onCall, snap: s, subs: map[chan api.Snapshot]bool{}}, nil
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

// Snapshot implements api.Controller.
func (c *Controller) Snapshot(context.Context) (api.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.snap, nil
}

// Watch implements api.Controller.
func (c *Controller) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan api.Snapshot, 1)
	ch <- c.snap
	c.subs[ch] = true
	context.AfterFunc(ctx, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.subs, ch)
		close(ch)
	})
	return ch, nil
}

// Act implements api.Controller: it reports the request ("Snooze 15m0s", "Skip",
// "Pause {For:30m0s ...}") and moves to the state the action leads to.
func (c *Controller) Act(_ context.Context, r api.Request) (api.Result, error) {
	if err := r.Check(); err != nil {
		return api.Result{}, err
	}
	switch r.Action {
	case api.Snooze:
		return c.act("Snooze "+r.Snooze.String(), "snoozed")
	case api.Skip:
		return c.act("Skip", "working")
	case api.Break:
		return c.act("StartBreak", "in_break")
	case api.Done:
		return c.act("Done", "working")
	case api.Pause:
		return c.act(fmt.Sprintf("Pause %+v", r.Pause), "paused")
	case api.Resume:
		return c.act("Resume", "working")
	}
	c.onCall(string(r.Action))
	return api.Result{}, &api.Refused{Msg: "the fake cannot " + string(r.Action)}
}

func (c *Controller) act(call, next string) (api.Result, error) {
	c.onCall(call)
	if err := c.Set(next); err != nil {
		return api.Result{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return api.Result{Message: call, Snapshot: c.snap}, nil
}
