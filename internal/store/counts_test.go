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
	want := Counts{Due: 3, Taken: 1, Natural: 2, Snoozed: 2, Skipped: 1, Ignored: 1, Prompts: 3}
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
		{"all_taken", Counts{Due: 2, Taken: 2}, 1, true},
		{"half", Counts{Due: 3, Taken: 1, Natural: 1}, 0.5, true},
		{"none_taken", Counts{Due: 2, Skipped: 2}, 0, true},
		{"taken_early_capped", Counts{Due: 1, Taken: 3}, 1, true},
		{"taken_without_due", Counts{Taken: 1}, 1, true},
		{"natural_only", Counts{Natural: 2}, 1, true},
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
		{"2026-03-28", Counts{Due: 1, Taken: 1}},
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
