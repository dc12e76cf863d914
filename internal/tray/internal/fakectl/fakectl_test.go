package fakectl_test

import (
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/tray"
	"github.com/deskbreak/deskbreak/internal/tray/internal/fakectl"
)

var _ api.Controller = (*fakectl.Controller)(nil)

func TestScenariosMatchTheirState(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 13, 37, 0, 0, time.UTC)
	for _, st := range fakectl.States {
		s, err := fakectl.Scenario(st, now)
		if err != nil {
			t.Fatal(err)
		}
		if string(s.Status.State) != st {
			t.Errorf("scenario %s has state %s", st, s.Status.State)
		}
		if m := tray.Model(s, now); string(m.Icon) != st {
			t.Errorf("scenario %s shows icon %s", st, m.Icon)
		}
	}
	if _, err := fakectl.Scenario("nope", now); err == nil {
		t.Error("an unknown state gave no error")
	}
}

func TestWatchGetsLatest(t *testing.T) {
	t.Parallel()
	var calls []string
	c, err := fakectl.New("due", time.Now, func(s string) { calls = append(calls, s) })
	if err != nil {
		t.Fatal(err)
	}
	ch, err := c.Watch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if s := <-ch; s.Status.State != "due" {
		t.Fatalf("first snapshot state %s, want due", s.Status.State)
	}
	if _, err := c.Act(t.Context(), api.SnoozeFor(15*time.Minute)); err != nil {
		t.Fatal(err)
	}
	_ = c.Set("paused") // replaces the stale snoozed snapshot
	if s := <-ch; s.Status.State != "paused" {
		t.Errorf("latest snapshot state %s, want paused", s.Status.State)
	}
	if len(calls) != 1 || calls[0] != "Snooze 15m0s" {
		t.Errorf("calls = %q", calls)
	}
}
