package store

import (
	"reflect"
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

func ev(typ scheduler.EventType, at time.Time) scheduler.Event {
	return scheduler.Event{Type: typ, At: at, Rule: "r"}
}

func TestCount(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	events := []scheduler.Event{
		ev(scheduler.EventDue, t0),
		ev(scheduler.EventReminder, t0),
		ev(scheduler.EventSnoozed, t0),
		ev(scheduler.EventSnoozed, t0),
		ev(scheduler.EventStarted, t0),
		ev(scheduler.EventDone, t0),
		ev(scheduler.EventDue, t0),
		ev(scheduler.EventSkipped, t0),
		ev(scheduler.EventDue, t0),
		ev(scheduler.EventIgnored, t0),
		ev(scheduler.EventPrompt, t0),
		ev(scheduler.EventPrompt, t0),
		ev(scheduler.EventPrompt, t0),
		// One natural break recorded for two rules counts once; a later one counts again.
		ev(scheduler.EventNatural, t0.Add(time.Hour)),
		ev(scheduler.EventNatural, t0.Add(time.Hour)),
		ev(scheduler.EventNatural, t0.Add(2*time.Hour)),
		ev(scheduler.EventPaused, t0),
		ev(scheduler.EventResumed, t0),
		ev("from-the-future", t0),
	}
	want := Counts{Due: 3, Full: 1, Natural: 2, Snoozed: 2, Skipped: 1, Ignored: 1, Prompts: 3}
	if got := Count(events); got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	if got := Count(nil); got != (Counts{}) {
		t.Errorf("Count(nil) = %+v", got)
	}
}

func TestShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		c      Counts
		want   float64
		wantOK bool
	}{
		{"nothing", Counts{Prompts: 4}, 0, false},
		{"all_taken", Counts{Due: 2, Full: 2}, 1, true},
		{"half", Counts{Due: 3, Full: 1, Natural: 1}, 0.5, true},
		{"none_taken", Counts{Due: 2, Skipped: 2}, 0, true},
		{"day_edge_capped", Counts{Due: 1, Full: 3}, 1, true},
		// Breaks started on one's own are not breaks that were due.
		{"own_only", Counts{Own: 2}, 0, false},
		{"cut_short_not_taken", Counts{Due: 2, Full: 1, Short: 1, ShortSeconds: 40}, 0.5, true},
		{"natural_only", Counts{Natural: 2}, 1, true},
		// A natural break that took the place of a due break is counted in due already.
		{"natural_of_due", Counts{Due: 2, Full: 1, Natural: 1, NaturalOfDue: 1}, 1, true},
	}
	for _, tt := range tests {
		got, ok := tt.c.Share()
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: Share() = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestDailyCounts(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	events := []scheduler.Event{
		ev(scheduler.EventDue, at(27, 23, 59)), // before from: not counted
		ev(scheduler.EventDue, at(28, 0, 0)),
		ev(scheduler.EventDone, at(28, 10, 0)),
		// Sunday 29 March 2026 is the spring-forward day in Berlin (02:00 -> 03:00).
		ev(scheduler.EventDue, at(29, 1, 30)),
		ev(scheduler.EventDue, at(29, 3, 30)),
		ev(scheduler.EventSkipped, at(29, 23, 59)),
		// 30 March has nothing.
		// 31 March 00:30 Berlin is 30 March 22:30 UTC: it counts on the 31st.
		ev(scheduler.EventPrompt, time.Date(2026, 3, 30, 22, 30, 0, 0, time.UTC)),
		ev(scheduler.EventDue, at(1+31, 0, 0)), // 1 April 00:00 == to: not counted
	}
	got := DailyCounts(events, berlin, at(28, 0, 0), at(32, 0, 0))
	want := []Day{
		{"2026-03-28", Counts{Due: 1, Full: 1}},
		{"2026-03-29", Counts{Due: 2, Skipped: 1}},
		{"2026-03-30", Counts{}},
		{"2026-03-31", Counts{Prompts: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DailyCounts =\n%+v\nwant\n%+v", got, want)
	}

	// The same instants seen from New York fall on other days.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	got = DailyCounts(events, ny, time.Date(2026, 3, 27, 0, 0, 0, 0, ny), time.Date(2026, 3, 28, 0, 0, 0, 0, ny))
	want = []Day{{"2026-03-27", Counts{Due: 2}}} // 27th 23:59 and 28th 00:00 Berlin are the 27th in the evening
	if !reflect.DeepEqual(got, want) {
		t.Errorf("New York: DailyCounts = %+v, want %+v", got, want)
	}

	// A range inside one day is that day; an empty range is no days.
	if got := DailyCounts(nil, berlin, at(28, 10, 0), at(28, 11, 0)); len(got) != 1 || got[0].Date != "2026-03-28" {
		t.Errorf("one-hour range: %+v", got)
	}
	if got := DailyCounts(events, berlin, at(28, 10, 0), at(28, 10, 0)); got != nil {
		t.Errorf("empty range: %+v", got)
	}
}

// TestCountMixedMorning is the morning of mixed actions, run through the scheduler's
// own transitions, so the counts are those the daemon would record; every due break ends as
// exactly one outcome, and the share adds up by hand.
func TestCountMixedMorning(t *testing.T) {
	t.Parallel()
	rules := &scheduler.Rules{Zone: time.UTC, SnoozeChoices: []time.Duration{5 * time.Minute}, SnoozeLimit: 3,
		List: []scheduler.Rule{{Name: "exercise", Kind: scheduler.KindBreak, Every: 30 * time.Minute, Duration: 3 * time.Minute}}}
	for d := range rules.Week {
		rules.Week[d] = []scheduler.Range{{Start: 0, End: 24 * 60}}
	}
	at := func(hm string) time.Time {
		tm, err := time.Parse("15:04:05", hm)
		if err != nil {
			t.Fatal(err)
		}
		return time.Date(2026, 3, 9, tm.Hour(), tm.Minute(), tm.Second(), 0, time.UTC)
	}
	var st scheduler.State
	var all []scheduler.Event
	tick := func(hm string) { all = append(all, st.Advance(rules, at(hm))...) }
	must := func(evs []scheduler.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, evs...)
	}
	tick("09:00:00")
	tick("09:30:00")                                                     // due 1
	must(st.Start(rules, at("09:31:00"), ""))                            // taken in full
	tick("09:34:00")                                                     // ...ends at 09:34
	tick("10:04:00")                                                     // due 2
	must(st.Start(rules, at("10:05:00"), ""))                            //
	must(st.Done(rules, at("10:05:40")))                                 // cut short after 40 s
	tick("10:35:40")                                                     // due 3
	must(st.Skip(rules, at("10:36:00")))                                 // skipped
	tick("11:06:00")                                                     // due 4
	must(st.Snooze(rules, at("11:07:00"), 0))                            // snoozed
	must(st.Pause(rules, at("11:08:00"), time.Time{}))                   // paused: set aside, not skipped
	must(st.Resume(rules, at("11:10:00")))                               //
	must(st.Start(rules, at("11:20:00"), ""))                            // on my own
	tick("11:23:00")                                                     //
	tick("11:53:00")                                                     // due 5
	all = append(all, st.Away(rules, at("11:54:00"), at("12:10:00"))...) // natural, of the due break
	c := Count(all)
	want := Counts{Due: 5, Full: 1, Short: 1, ShortSeconds: 40, Own: 1, Natural: 1, NaturalOfDue: 1,
		Snoozed: 1, Skipped: 1, Paused: 1}
	if c != want {
		t.Errorf("Count = %+v\nwant    %+v\nevents: %+v", c, want, all)
	}
	if ended := c.Full + c.Short + c.Skipped + c.Ignored + c.Paused + c.NaturalOfDue; ended != c.Due {
		t.Errorf("due breaks ended %d ways, want %d (one each)", ended, c.Due)
	}
	// (1 full + 1 natural) / (5 due + 0 natural of no due break) = 40%.
	if s, ok := c.Share(); !ok || s != 0.4 {
		t.Errorf("Share = %v, %v; want 0.4", s, ok)
	}
}
