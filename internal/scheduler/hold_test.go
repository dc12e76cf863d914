package scheduler

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestHoldReleaseShowExercise(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	due := func() *Pending { return &Pending{Rule: "exercise", DueAt: t0, Shown: t0} }
	tests := []struct {
		name    string
		st      State
		do      func(*State) error
		want    State
		refused bool
	}{
		{"hold_due", State{Pending: due()}, func(s *State) error { return s.Hold(t0, "fullscreen window") },
			State{Pending: &Pending{Rule: "exercise", DueAt: t0, Shown: t0, HeldSince: t0, HeldWhy: "fullscreen window"}}, false},
		{"hold_nothing_due", State{}, func(s *State) error { return s.Hold(t0, "dnd") }, State{}, true},
		{"hold_snoozed", State{Pending: &Pending{Rule: "exercise", DueAt: t0, SnoozedUntil: t0.Add(time.Minute)}},
			func(s *State) error { return s.Hold(t0, "dnd") },
			State{Pending: &Pending{Rule: "exercise", DueAt: t0, SnoozedUntil: t0.Add(time.Minute)}}, true},
		{"hold_twice_keeps_first", State{Pending: &Pending{Rule: "exercise", DueAt: t0, HeldSince: t0, HeldWhy: "dnd"}},
			func(s *State) error { return s.Hold(t0.Add(time.Minute), "fullscreen window") },
			State{Pending: &Pending{Rule: "exercise", DueAt: t0, HeldSince: t0, HeldWhy: "dnd"}}, true},
		{"release_announces_now", State{Pending: &Pending{Rule: "exercise", DueAt: t0, Shown: t0, Reminded: true, HeldSince: t0, HeldWhy: "dnd"}},
			func(s *State) error { return s.Release(t0.Add(20 * time.Minute)) },
			State{Pending: &Pending{Rule: "exercise", DueAt: t0, Shown: t0.Add(20 * time.Minute)}}, false},
		{"release_not_held", State{Pending: due()}, func(s *State) error { return s.Release(t0) }, State{Pending: due()}, true},
		{"release_nothing_due", State{}, func(s *State) error { return s.Release(t0) }, State{}, true},
		{"show_next_exercise", State{Active: &Active{Rule: "exercise", Start: t0, End: t0.Add(3 * time.Minute)}},
			func(s *State) error { return s.ShowExercise(1) },
			State{Active: &Active{Rule: "exercise", Start: t0, End: t0.Add(3 * time.Minute), Shown: 1}}, false},
		{"show_exercise_goes_forward_only", State{Active: &Active{Rule: "exercise", Start: t0, Shown: 2}},
			func(s *State) error { return s.ShowExercise(1) }, State{Active: &Active{Rule: "exercise", Start: t0, Shown: 2}}, true},
		{"show_exercise_no_break", State{}, func(s *State) error { return s.ShowExercise(1) }, State{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := tt.st.Clone()
			err := tt.do(&st)
			var ref *Refused
			if tt.refused != errors.As(err, &ref) {
				t.Fatalf("err %v, want refused %v", err, tt.refused)
			}
			if err != nil && !tt.refused {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st, tt.want) {
				t.Errorf("state %+v %+v %+v, want %+v %+v %+v", st, st.Pending, st.Active, tt.want, tt.want.Pending, tt.want.Active)
			}
		})
	}
}

func TestCloneSharesNothing(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	s := State{Rules: map[string]RuleState{"a": {Since: t0}}, Pending: &Pending{Rule: "a"}, Active: &Active{Rule: "a"}, Paused: &Pause{Since: t0}}
	c := s.Clone()
	s.Rules["a"] = RuleState{}
	s.Pending.Rule, s.Active.Rule, s.Paused.Since = "b", "b", time.Time{}
	if c.Rules["a"].Since != t0 || c.Pending.Rule != "a" || c.Active.Rule != "a" || c.Paused.Since != t0 {
		t.Errorf("the clone changed with the original: %+v", c)
	}
}
