package main

import (
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

func TestViewDueBreakLength(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 3, 48, 0, 0, time.UTC)
	s := snapshot{
		Now: now,
		Status: scheduler.Status{State: scheduler.StateDue,
			Pending: &scheduler.Pending{Rule: "exercise", DueAt: now},
			Next:    &scheduler.Upcoming{At: now, Kind: scheduler.KindBreak, Rule: "exercise", Duration: 2 * time.Minute}},
		Exercises: []api.Exercise{{ID: "a", Duration: 45 * time.Second}, {ID: "b", Duration: time.Minute}},
	}
	// The break lasts 2 min, as its notification says, though its exercises fill 1:45.
	if v := viewOf(s); v.Due == nil || v.Due.Seconds != 120 {
		t.Errorf("due view %+v, want Seconds 120", v.Due)
	}
	// The next break is another rule's: the length is not known.
	s.Status.Next = &scheduler.Upcoming{At: now, Kind: scheduler.KindBreak, Rule: "eyes", Duration: time.Minute}
	if v := viewOf(s); v.Due == nil || v.Due.Seconds != 0 {
		t.Errorf("due view %+v, want Seconds 0", v.Due)
	}
}

func TestViewBreakRest(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 3, 48, 0, 0, time.UTC)
	s := snapshot{
		Now:       now,
		Status:    scheduler.Status{State: scheduler.StateInBreak, Active: &scheduler.Active{Rule: "exercise", Start: now, End: now.Add(2 * time.Minute)}},
		Exercises: []api.Exercise{{ID: "a", Duration: 45 * time.Second}},
	}
	if v := viewOf(s); v.Break == nil || v.Break.Rest != exercisesDoneHint {
		t.Errorf("break view %+v, want Rest %q", v.Break, exercisesDoneHint)
	}
	s.Exercises = nil
	if v := viewOf(s); v.Break == nil || v.Break.Rest != noExercisesHint {
		t.Errorf("break view %+v, want Rest %q", v.Break, noExercisesHint)
	}
}
