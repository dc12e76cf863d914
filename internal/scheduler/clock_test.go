package scheduler

import (
	"testing"
	"time"
)

// TestEveryLongerThanEveryRange: an interval that fits in no work range never comes due,
// and finding that out costs no search through the calendar (issue 15: "9h" on 09:00-17:00
// made each status take about a second).
func TestEveryLongerThanEveryRange(t *testing.T) {
	z := zone(t, "Europe/Berlin")
	r := defaults(z)
	now := local(t, z, "2026-03-09 10:00")
	s := &State{}
	base := testing.AllocsPerRun(5, func() { r.Status(s, now) })
	long := defaults(z)
	long.List = append(long.List, every("long", KindBreak, 9*time.Hour, 3*time.Minute))
	if _, ok := long.dueAt(long.List[len(long.List)-1], now); ok {
		t.Fatal("a 9h interval in 8h work ranges comes due")
	}
	got := testing.AllocsPerRun(5, func() { long.Status(s, now) })
	if got > base+16 {
		t.Errorf("Status allocates %v times with a 9h rule, %v without: the search for it is not bounded", got, base)
	}
}

// TestClockBack moves times ahead of the clock back by the step, never past now, and keeps
// what was left of a running break (issue 15).
func TestClockBack(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	step := 24 * time.Hour
	last := now.Add(step)
	s := State{
		Rules:    map[string]RuleState{"ahead": {Since: last.Add(-time.Minute)}, "past": {Since: now.Add(-time.Hour)}},
		Pending:  &Pending{Rule: "ahead", DueAt: last.Add(-2 * time.Minute), Shown: last, SnoozedUntil: last.Add(5 * time.Minute)},
		Active:   &Active{Rule: "b", Start: last.Add(-time.Minute), End: last.Add(2 * time.Minute)},
		Paused:   &Pause{Since: last.Add(-10 * time.Minute), Until: last.Add(35 * time.Minute)},
		LastSeen: last, AwaySince: last,
	}
	s.ClockBack(last, now)
	for _, c := range []struct {
		what      string
		got, want time.Time
	}{
		{"rule ahead", s.Rules["ahead"].Since, now.Add(-time.Minute)},
		{"rule past", s.Rules["past"].Since, now.Add(-time.Hour)},
		{"due", s.Pending.DueAt, now.Add(-2 * time.Minute)},
		{"shown", s.Pending.Shown, now},
		{"snoozed until", s.Pending.SnoozedUntil, now.Add(5 * time.Minute)},
		{"break start", s.Active.Start, now.Add(-time.Minute)},
		{"break end", s.Active.End, now.Add(2 * time.Minute)},
		{"pause since", s.Paused.Since, now.Add(-10 * time.Minute)},
		{"pause until", s.Paused.Until, now.Add(35 * time.Minute)},
		{"last seen", s.LastSeen, now},
		{"away since", s.AwaySince, now},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}
