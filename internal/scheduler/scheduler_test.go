package scheduler

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestPlanScenarios runs Plan over small rule sets and compares every firing, rendered in the
// rules' zone. The machine's TZ is set to a third zone so nothing leaks from time.Local.
func TestPlanScenarios(t *testing.T) {
	t.Setenv("TZ", "Asia/Tokyo")
	berlin := zone(t, "Europe/Berlin")
	ny := zone(t, "America/New_York")
	hour := every("exercise", KindBreak, time.Hour, 3*time.Minute)
	tests := []struct {
		name       string
		rules      func() *Rules
		from, till string // in the rules' zone
		want       string
	}{
		{
			name:  "weekday_hourly",
			rules: func() *Rules { return &Rules{Zone: berlin, Week: weekdays(hm("09:00-12:00")), List: []Rule{hour}} },
			from:  "2026-03-09 08:00", till: "2026-03-09 23:00",
			// 10:00 due, break 10:00-10:03, next counts from 10:03.
			want: "Mon 10:00 CET due exercise\nMon 11:03 CET due exercise\n",
		},
		{
			name:  "weekend_is_off",
			rules: func() *Rules { return &Rules{Zone: berlin, Week: weekdays(hm("09:00-11:00")), List: []Rule{hour}} },
			from:  "2026-03-13 08:00", till: "2026-03-16 11:00",
			want: "Fri 10:00 CET due exercise\nMon 10:00 CET due exercise\n",
		},
		{
			name: "lunch_gap_restarts_interval",
			rules: func() *Rules {
				return &Rules{Zone: berlin, Week: weekdays(hm("09:00-12:30"), hm("13:30-15:00")), List: []Rule{hour}}
			},
			from: "2026-03-09 08:00", till: "2026-03-09 23:00",
			// 12:06 would be due at 12:06 (after 11:03 break ends at 11:06)... within the range.
			// After lunch the interval starts afresh at 13:30: due 14:30.
			want: "Mon 10:00 CET due exercise\nMon 11:03 CET due exercise\nMon 12:06 CET due exercise\nMon 14:30 CET due exercise\n",
		},
		{
			name: "range_shorter_than_interval_never_fires",
			rules: func() *Rules {
				return &Rules{Zone: berlin, Week: weekdays(hm("09:00-09:50"), hm("10:00-11:05")), List: []Rule{hour}}
			},
			from: "2026-03-09 08:00", till: "2026-03-09 23:00",
			want: "Mon 11:00 CET due exercise\n",
		},
		{
			name: "holiday",
			rules: func() *Rules {
				return &Rules{Zone: berlin, Week: weekdays(hm("09:00-10:30")), List: []Rule{hour},
					Holidays: map[Date]bool{{2026, 12, 24}: true, {2026, 12, 25}: true}}
			},
			from: "2026-12-23 00:00", till: "2026-12-29 00:00",
			want: "Wed 10:00 CET due exercise\nMon 10:00 CET due exercise\n",
		},
		{
			name: "at_fires_only_inside_work_hours",
			rules: func() *Rules {
				return &Rules{Zone: berlin, Week: weekdays(hm("09:00-12:00"), hm("13:00-14:00")),
					List: []Rule{at(t, "breathing", KindPrompt, "45 * * * *", 0)}}
			},
			from: "2026-03-09 00:00", till: "2026-03-09 23:59",
			want: "Mon 09:45 CET prompt breathing\nMon 10:45 CET prompt breathing\nMon 11:45 CET prompt breathing\nMon 13:45 CET prompt breathing\n",
		},
		{
			name: "folding_prompt_into_break_and_coinciding_prompts",
			rules: func() *Rules {
				return &Rules{Zone: berlin, Week: weekdays(hm("09:00-10:30")), List: []Rule{
					hour,
					every("posture", KindPrompt, 58*time.Minute, 0),   // 09:58, within 5 min before the 10:00 break
					every("breathing", KindPrompt, 20*time.Minute, 0), // 09:20 and 09:40 alone
					every("eyes", KindPrompt, 40*time.Minute, 0),      // 09:40 with breathing: one prompt
				}}
			},
			from: "2026-03-09 09:00", till: "2026-03-09 10:30",
			// breathing restarts at 10:00 (folded into the break), so next 10:20, where it
			// coincides with eyes (09:40 + 40 min) again.
			want: "Mon 09:20 CET prompt breathing\nMon 09:40 CET prompt breathing+eyes\nMon 10:00 CET due exercise+posture+breathing\nMon 10:20 CET prompt breathing+eyes\n",
		},
		{
			name: "dst_spring_forward_europe_berlin_every",
			rules: func() *Rules {
				w := weekdays()
				w[time.Sunday] = []Range{hm("01:00-05:00")}
				return &Rules{Zone: berlin, Week: w, List: []Rule{hour}}
			},
			// 2026-03-29 02:00 CET jumps to 03:00 CEST: the range is 3 real hours long, and
			// an hour of work after 01:00 CET is 03:00 CEST on the wall.
			from: "2026-03-29 00:00", till: "2026-03-29 06:00",
			want: "Sun 03:00 CEST due exercise\nSun 04:03 CEST due exercise\n",
		},
		{
			name: "dst_spring_forward_europe_berlin_at_in_gap",
			rules: func() *Rules {
				w := weekdays()
				w[time.Sunday] = []Range{hm("01:00-05:00")}
				return &Rules{Zone: berlin, Week: w, List: []Rule{at(t, "stretch", KindPrompt, "30 2 * * *", 0)}}
			},
			// 02:30 does not exist on that day: it fires at the first instant after the gap.
			from: "2026-03-28 00:00", till: "2026-03-30 06:00",
			want: "Sun 03:00 CEST prompt stretch\n",
		},
		{
			name: "dst_fall_back_europe_berlin_at_repeated_time_fires_once",
			rules: func() *Rules {
				w := weekdays()
				w[time.Sunday] = []Range{hm("01:00-05:00")}
				return &Rules{Zone: berlin, Week: w, List: []Rule{at(t, "stretch", KindPrompt, "30 2 * * *", 0)}}
			},
			// 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
			from: "2026-10-25 00:00", till: "2026-10-25 06:00",
			want: "Sun 02:30 CEST prompt stretch\n",
		},
		{
			name: "dst_fall_back_america_new_york_every",
			rules: func() *Rules {
				w := weekdays()
				w[time.Sunday] = []Range{hm("00:30-03:00")}
				return &Rules{Zone: ny, Week: w, List: []Rule{hour}}
			},
			// 2026-11-01 02:00 EDT falls back to 01:00 EST: the range lasts 3.5 real hours.
			from: "2026-11-01 00:00", till: "2026-11-01 05:00",
			want: "Sun 01:30 EDT due exercise\nSun 01:33 EST due exercise\nSun 02:36 EST due exercise\n",
		},
		{
			name: "dst_spring_forward_america_new_york_at",
			rules: func() *Rules {
				w := weekdays()
				w[time.Sunday] = []Range{hm("00:00-24:00")}
				return &Rules{Zone: ny, Week: w, List: []Rule{at(t, "hourly", KindPrompt, "15 1-3 * * sun", 0)}}
			},
			// 2026-03-08 02:00 EST jumps to 03:00 EDT: 02:15 fires at 03:00, then 03:15.
			from: "2026-03-08 00:00", till: "2026-03-08 23:00",
			want: "Sun 01:15 EST prompt hourly\nSun 03:00 EDT prompt hourly\nSun 03:15 EDT prompt hourly\n",
		},
		{
			name: "range_to_midnight",
			rules: func() *Rules {
				w := weekdays()
				w[time.Saturday] = []Range{hm("22:30-24:00")}
				return &Rules{Zone: berlin, Week: w, List: []Rule{hour}}
			},
			from: "2026-03-14 00:00", till: "2026-03-15 12:00",
			want: "Sat 23:30 CET due exercise\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rules()
			got := render(Plan(r, local(t, r.Zone, tc.from), local(t, r.Zone, tc.till)), r.Zone)
			if got != tc.want {
				t.Errorf("plan:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// step is one thing that happens in a transition scenario.
type step struct {
	at     string // local time in the rules' zone
	do     string // "tick", "snooze", "skip", "start", "done", "pause", "pause-next", "resume", "away:<from>"
	arg    time.Duration
	events string // the events it causes, rendered "type rule" separated by ", "
	state  StateName
	refuse string // a substring of the refusal, when refused
	until  string // the due break's snooze end afterwards, "15:04" (optional)
}

func runSteps(t *testing.T, r *Rules, start string, steps []step) {
	t.Helper()
	s := &State{}
	s.Advance(r, local(t, r.Zone, start))
	var last time.Time // the latest event so far: history is in time order
	for i, st := range steps {
		now := local(t, r.Zone, st.at)
		var evs []Event
		var err error
		switch {
		case st.do == "tick":
			evs = s.Advance(r, now)
		case st.do == "snooze":
			evs, err = s.Snooze(r, now, st.arg)
		case st.do == "skip":
			evs, err = s.Skip(r, now)
		case st.do == "start":
			evs, err = s.Start(r, now, "")
		case st.do == "done":
			evs, err = s.Done(r, now)
		case st.do == "pause":
			var until time.Time
			if st.arg > 0 {
				until = now.Add(st.arg)
			}
			evs, err = s.Pause(r, now, until)
		case st.do == "pause-next":
			until, ok := r.NextWorkStart(now)
			if !ok {
				t.Fatal("no next work start")
			}
			evs, err = s.Pause(r, now, until)
		case st.do == "resume":
			evs, err = s.Resume(r, now)
		case strings.HasPrefix(st.do, "away:"):
			evs = s.Away(r, local(t, r.Zone, strings.TrimPrefix(st.do, "away:")), now)
			evs = append(evs, s.Advance(r, now)...)
		default:
			t.Fatalf("step %d: unknown action %q", i, st.do)
		}
		var refused *Refused
		if st.refuse != "" {
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), st.refuse) {
				t.Fatalf("step %d (%s %s): want refusal containing %q, got %v", i, st.at, st.do, st.refuse, err)
			}
		} else if err != nil {
			t.Fatalf("step %d (%s %s): %v", i, st.at, st.do, err)
		}
		var got []string
		for _, ev := range evs {
			got = append(got, strings.TrimSpace(string(ev.Type)+" "+ev.Rule))
			if ev.At.Before(last) || ev.At.After(now) {
				t.Fatalf("step %d (%s %s): %s event at %s, out of time order (previous event at %s)",
					i, st.at, st.do, ev.Type, ev.At.In(r.Zone).Format("15:04:05"), last.In(r.Zone).Format("15:04:05"))
			}
			last = ev.At
		}
		if st.until != "" {
			if s.Pending == nil || s.Pending.SnoozedUntil.In(r.Zone).Format("15:04") != st.until {
				t.Fatalf("step %d (%s %s): pending %+v, want snoozed until %s", i, st.at, st.do, s.Pending, st.until)
			}
		}
		if g := strings.Join(got, ", "); g != st.events {
			t.Fatalf("step %d (%s %s): events %q, want %q", i, st.at, st.do, g, st.events)
		}
		if st.state != "" {
			if g := r.Status(s, now).State; g != st.state {
				t.Fatalf("step %d (%s %s): state %q, want %q", i, st.at, st.do, g, st.state)
			}
		}
	}
}

func TestTransitions(t *testing.T) {
	t.Setenv("TZ", "America/Los_Angeles")
	z := zone(t, "Europe/Berlin")
	rules := func() *Rules {
		return &Rules{Zone: z, Week: weekdays(hm("09:00-12:30"), hm("13:30-17:00")),
			List:          []Rule{{Name: "exercise", Kind: KindBreak, Every: time.Hour, Duration: 3 * time.Minute, RemindAfter: 5 * time.Minute}},
			SnoozeChoices: []time.Duration{5 * time.Minute, 15 * time.Minute}, SnoozeLimit: 2}
	}
	tests := []struct {
		name  string
		start string
		steps []step
	}{
		{"snooze_limit", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise", state: StateDue},
			{at: "2026-03-09 10:01", do: "snooze", events: "snoozed exercise", state: StateSnoozed},
			{at: "2026-03-09 10:05", do: "tick", events: "", state: StateSnoozed},
			{at: "2026-03-09 10:06", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 10:07", do: "snooze", arg: 15 * time.Minute, events: "snoozed exercise", state: StateSnoozed},
			{at: "2026-03-09 10:08", do: "snooze", refuse: "snooze limit reached", events: ""},
			{at: "2026-03-09 10:22", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 10:23", do: "start", events: "started exercise", state: StateInBreak},
			{at: "2026-03-09 10:26", do: "tick", events: "done exercise", state: StateWorking},
			{at: "2026-03-09 11:25", do: "tick", events: ""},
			{at: "2026-03-09 11:26", do: "tick", events: "due exercise"},
		}},
		{"refusals_when_nothing_is_due", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:10", do: "snooze", refuse: "nothing to snooze: no break is due", events: ""},
			{at: "2026-03-09 09:10", do: "skip", refuse: "nothing to skip", events: ""},
			{at: "2026-03-09 09:10", do: "done", refuse: "no break is running", events: ""},
			{at: "2026-03-09 09:10", do: "resume", refuse: "not paused", events: ""},
		}},
		{"skip_restarts_interval", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:10", do: "skip", events: "skipped exercise", state: StateWorking},
			{at: "2026-03-09 11:09", do: "tick", events: ""},
			{at: "2026-03-09 11:10", do: "tick", events: "due exercise"},
		}},
		{"remind_after_once", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:05", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 10:30", do: "tick", events: "", state: StateDue},
		}},
		{"stays_due_past_the_next_interval", "2026-03-09 09:00", []step{
			// A due break is not replaced by a fresh one (with fresh snoozes) when its
			// interval comes round again: it stays due until acted on or the range ends.
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:05", do: "tick", events: "reminder exercise"},
			{at: "2026-03-09 10:59", do: "tick", events: "", state: StateDue},
			{at: "2026-03-09 11:00", do: "tick", events: "", state: StateDue},
			{at: "2026-03-09 12:00", do: "tick", events: "", state: StateDue},
			{at: "2026-03-09 12:30", do: "tick", events: "ignored exercise", state: StateOffHours},
		}},
		{"snooze_while_snoozed_extends", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:01", do: "snooze", events: "snoozed exercise", until: "10:06", state: StateSnoozed},
			// Snoozing again before 10:06 uses the second snooze and adds to the current one.
			{at: "2026-03-09 10:02", do: "snooze", arg: 15 * time.Minute, events: "snoozed exercise", until: "10:21", state: StateSnoozed},
			{at: "2026-03-09 10:03", do: "snooze", refuse: "snoozed 2 of 2 times", events: ""},
			{at: "2026-03-09 10:20", do: "tick", events: "", state: StateSnoozed},
			{at: "2026-03-09 10:21", do: "tick", events: "reminder exercise", state: StateDue},
		}},
		{"due_break_expires_at_range_end", "2026-03-09 09:00", []step{
			{at: "2026-03-09 12:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 12:31", do: "tick", events: "ignored exercise", state: StateOffHours},
			{at: "2026-03-09 14:29", do: "tick", events: ""},
			{at: "2026-03-09 14:30", do: "tick", events: "due exercise"},
		}},
		{"break_now_and_done_early", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:20", do: "start", events: "started exercise", state: StateInBreak},
			{at: "2026-03-09 09:20", do: "start", refuse: "already running", events: ""},
			{at: "2026-03-09 09:21", do: "done", events: "done exercise", state: StateWorking},
			{at: "2026-03-09 10:21", do: "tick", events: "due exercise"},
		}},
		{"pause_until_next_range", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:30", do: "pause-next", events: "paused exercise, paused", state: StatePaused},
			{at: "2026-03-09 12:00", do: "tick", events: "", state: StatePaused},
			{at: "2026-03-09 13:30", do: "tick", events: "resumed", state: StateWorking},
			{at: "2026-03-09 14:29", do: "tick", events: ""},
			{at: "2026-03-09 14:30", do: "tick", events: "due exercise"},
		}},
		{"pause_for_duration_and_indefinitely", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:50", do: "pause", arg: time.Hour, events: "paused", state: StatePaused},
			{at: "2026-03-09 10:50", do: "tick", events: "resumed", state: StateWorking},
			{at: "2026-03-09 11:00", do: "pause", events: "paused", state: StatePaused},
			{at: "2026-03-10 11:00", do: "tick", events: "", state: StatePaused},
			{at: "2026-03-10 11:05", do: "resume", events: "resumed", state: StateWorking},
			{at: "2026-03-10 12:04", do: "tick", events: ""},
			{at: "2026-03-10 12:05", do: "tick", events: "due exercise"},
		}},
		{"resume_after_suspend", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:50", do: "tick", events: ""},
			// Asleep 09:50 to 10:40: the 10:00 break never fires; counting restarts at wake.
			{at: "2026-03-09 10:40", do: "away:2026-03-09 09:50", events: "natural exercise", state: StateWorking},
			{at: "2026-03-09 11:39", do: "tick", events: ""},
			{at: "2026-03-09 11:40", do: "tick", events: "due exercise"},
		}},
		{"suspend_overnight_no_break_on_wake", "2026-03-09 16:30", []step{
			{at: "2026-03-09 16:59", do: "tick", events: ""},
			{at: "2026-03-10 09:30", do: "away:2026-03-09 16:59", events: "natural exercise", state: StateWorking},
			{at: "2026-03-10 10:29", do: "tick", events: ""},
			{at: "2026-03-10 10:30", do: "tick", events: "due exercise"},
		}},
		{"short_away_does_not_count_as_work", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:30", do: "away:2026-03-09 09:28", events: ""},
			{at: "2026-03-09 10:01", do: "tick", events: ""},
			{at: "2026-03-09 10:02", do: "tick", events: "due exercise"},
		}},
		{"short_away_counted_from_the_range_start", "2026-03-09 07:00", []step{
			// Counting started before work; the work range starts it at 09:00, and two
			// minutes away (less than the 3-minute break) move that to 09:02.
			{at: "2026-03-09 09:54", do: "away:2026-03-09 09:52", events: ""},
			{at: "2026-03-09 10:01", do: "tick", events: ""},
			{at: "2026-03-09 10:02", do: "tick", events: "due exercise"},
		}},
		{"sleep_during_a_break", "2026-03-09 09:00", []step{
			{at: "2026-03-09 09:30", do: "start", events: "started exercise"},
			// Asleep 09:31 to 11:00: the break ends at its end time, and nothing fires at wake.
			{at: "2026-03-09 11:00", do: "away:2026-03-09 09:31", events: "done exercise, natural exercise", state: StateWorking},
			{at: "2026-03-09 11:59", do: "tick", events: ""},
			{at: "2026-03-09 12:00", do: "tick", events: "due exercise"},
		}},
		{"wake_seen_twice_counts_once", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:40", do: "away:2026-03-09 09:50", events: "natural exercise"},
			{at: "2026-03-09 10:40", do: "away:2026-03-09 09:50", events: ""},
		}},
		{"away_covers_due_break", "2026-03-09 09:00", []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:20", do: "away:2026-03-09 10:05", events: "natural exercise", state: StateWorking},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runSteps(t, rules(), tc.start, tc.steps) })
	}
}

func TestParseCron(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"":                 "empty",
		"@every 5m":        "@every",
		"@every -5m":       "@every",
		"TZ=UTC 0 9 * * *": "time zone",
		"0 0 30 2 *":       "never fires",
		"0 0 31 4 *":       "never fires",
		"61 * * * *":       "not a valid",
		"* * * *":          "not a valid",
		"0-70/0 * * * *":   "not a valid",
		"a b c d e":        "not a valid",
	}
	for spec, want := range bad {
		if _, err := ParseCron(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCron(%q) = %v, want an error containing %q", spec, err, want)
		}
	}
	for _, spec := range []string{"45 9-16 * * mon-fri", "@hourly", "0 12 29 2 *", "*/20 * * * *"} {
		if _, err := ParseCron(spec); err != nil {
			t.Errorf("ParseCron(%q): %v", spec, err)
		}
	}
}

// FuzzParseCron checks that no spec panics the parser.
func FuzzParseCron(f *testing.F) {
	for _, s := range []string{"45 9-16 * * mon-fri", "0-70/0 * * * *", "@every 1s", "*/0 * * * *", "1-0 * * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) { _, _ = ParseCron(spec) })
}

// FuzzPlan checks the invariants of planning: every firing is inside the window, inside
// work hours, in order, and a rule never fires twice at once.
func FuzzPlan(f *testing.F) {
	f.Add(int64(0), uint16(60), uint16(25), uint16(9*60), uint16(17*60), uint8(3))
	f.Add(int64(86400*200), uint16(1), uint16(1), uint16(0), uint16(1440), uint8(30))
	z, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, z)
	f.Fuzz(func(t *testing.T, off int64, everyMin, promptMin, startMin, endMin uint16, durMin uint8) {
		if everyMin == 0 || promptMin == 0 || durMin == 0 || startMin >= endMin || endMin > 1440 {
			return
		}
		r := &Rules{Zone: z, Week: weekdays(Range{int(startMin), int(endMin)}), List: []Rule{
			every("b", KindBreak, time.Duration(everyMin)*time.Minute, time.Duration(durMin)*time.Minute),
			every("p", KindPrompt, time.Duration(promptMin)*time.Minute, 0),
		}}
		from := base.Add(time.Duration(off%(86400*365)) * time.Second)
		until := from.Add(3 * 24 * time.Hour)
		var last time.Time
		for _, ev := range Plan(r, from, until) {
			if ev.At.Before(from) || ev.At.After(until) {
				t.Fatalf("event %v outside [%v, %v]", ev, from, until)
			}
			if !r.InWork(ev.At) {
				t.Fatalf("event %v outside work hours", ev)
			}
			if ev.At.Before(last) {
				t.Fatalf("event %v before the previous one at %v", ev, last)
			}
			last = ev.At
		}
	})
}

// BenchmarkPlanYear plans a whole year on the default rules.
func BenchmarkPlanYear(b *testing.B) {
	z, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	r := defaults(z)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, z)
	n := 0
	for b.Loop() {
		n = len(Plan(r, from, from.AddDate(1, 0, 0)))
	}
	b.ReportMetric(float64(n), "events/year")
}

// TestSnoozeLimit checks that snoozes never exceed the limit per due break, however the
// snoozes compare with the rule's interval, and that history stays in time order (runSteps).
func TestSnoozeLimit(t *testing.T) {
	z := zone(t, "Europe/Berlin")
	tests := []struct {
		name  string
		rules func() *Rules
		steps []step
	}{
		{"short_interval_reported", func() *Rules {
			// The reported case: every 5m, one 3m snooze choice, limit 2. Once both snoozes
			// ran out, the break was recorded ignored and replaced by a fresh due break with
			// fresh snoozes, stamped before the reminder logged ahead of it.
			return &Rules{Zone: z, Week: weekdays(hm("09:00-17:00")),
				List:          []Rule{{Name: "exercise", Kind: KindBreak, Every: 5 * time.Minute, Duration: time.Minute, RemindAfter: 5 * time.Minute}},
				SnoozeChoices: []time.Duration{3 * time.Minute}, SnoozeLimit: 2}
		}, []step{
			{at: "2026-03-09 09:05", do: "tick", events: "due exercise", state: StateDue},
			{at: "2026-03-09 09:05", do: "snooze", events: "snoozed exercise", until: "09:08"},
			{at: "2026-03-09 09:08", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 09:08", do: "snooze", events: "snoozed exercise", until: "09:11"},
			{at: "2026-03-09 09:10", do: "tick", events: "", state: StateSnoozed},
			{at: "2026-03-09 09:11", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 09:11", do: "snooze", refuse: "snooze limit reached", events: ""},
			{at: "2026-03-09 09:16", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 09:30", do: "tick", events: "", state: StateDue},
			{at: "2026-03-09 09:30", do: "snooze", refuse: "snooze limit reached", events: ""},
			{at: "2026-03-09 09:31", do: "start", events: "started exercise", state: StateInBreak},
			{at: "2026-03-09 09:32", do: "tick", events: "done exercise", state: StateWorking},
			{at: "2026-03-09 09:37", do: "tick", events: "due exercise", state: StateDue},
			{at: "2026-03-09 09:37", do: "snooze", events: "snoozed exercise", until: "09:40"},
		}},
		{"defaults_three_half_hours_against_an_hour", func() *Rules {
			r := defaults(z)
			r.List = r.List[:1] // the exercise break alone
			r.List[0].RemindAfter = 5 * time.Minute
			return r
		}, []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise", state: StateDue},
			{at: "2026-03-09 10:00", do: "snooze", arg: 30 * time.Minute, events: "snoozed exercise", until: "10:30"},
			{at: "2026-03-09 10:30", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 10:30", do: "snooze", arg: 30 * time.Minute, events: "snoozed exercise", until: "11:00"},
			// 11:00 is an hour after the break came due: it is still the same break.
			{at: "2026-03-09 11:00", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 11:00", do: "snooze", arg: 30 * time.Minute, events: "snoozed exercise", until: "11:30"},
			{at: "2026-03-09 11:30", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 11:30", do: "snooze", refuse: "snoozed 3 of 3 times", events: ""},
			{at: "2026-03-09 11:35", do: "tick", events: "reminder exercise", state: StateDue},
			{at: "2026-03-09 12:00", do: "tick", events: "", state: StateDue},
			{at: "2026-03-09 12:00", do: "snooze", refuse: "snooze limit reached", events: ""},
			{at: "2026-03-09 12:01", do: "skip", events: "skipped exercise", state: StateWorking},
			{at: "2026-03-09 13:01", do: "tick", events: "due exercise", state: StateDue},
		}},
		{"ignored_at_range_end_then_fresh_snoozes", func() *Rules {
			return &Rules{Zone: z, Week: weekdays(hm("09:00-10:30"), hm("11:00-12:30")),
				List:          []Rule{{Name: "exercise", Kind: KindBreak, Every: time.Hour, Duration: 3 * time.Minute}},
				SnoozeChoices: []time.Duration{5 * time.Minute}, SnoozeLimit: 1}
		}, []step{
			{at: "2026-03-09 10:00", do: "tick", events: "due exercise"},
			{at: "2026-03-09 10:00", do: "snooze", events: "snoozed exercise"},
			{at: "2026-03-09 10:05", do: "tick", events: "reminder exercise"},
			{at: "2026-03-09 10:06", do: "snooze", refuse: "snooze limit reached", events: ""},
			{at: "2026-03-09 10:30", do: "tick", events: "ignored exercise", state: StateOffHours},
			{at: "2026-03-09 12:00", do: "tick", events: "due exercise", state: StateDue},
			{at: "2026-03-09 12:00", do: "snooze", events: "snoozed exercise"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runSteps(t, tc.rules(), "2026-03-09 09:00", tc.steps) })
	}
}

// TestPlanFromAgreesWithStatus checks that a plan from the daemon's state lists first the
// break its Status.Next names, to the second: plan once counted every rule afresh from the
// time it ran, a minute after the daemon had started counting.
func TestPlanFromAgreesWithStatus(t *testing.T) {
	z := zone(t, "Europe/Berlin")
	r := defaults(z)
	started, _ := time.ParseInLocation(time.DateTime, "2026-03-09 07:57:41", z)
	r.Week = weekdays(hm("07:00-17:00"))
	cases := []struct {
		name string
		act  func(s *State, now time.Time)
		at   string // when plan runs
	}{
		{"fresh_daemon", func(*State, time.Time) {}, "2026-03-09 07:58:23"},
		{"due", func(*State, time.Time) {}, "2026-03-09 08:57:50"},
		{"snoozed", func(s *State, now time.Time) {
			s.Advance(r, now)
			if _, err := s.Snooze(r, now, 0); err != nil {
				t.Fatal(err)
			}
		}, "2026-03-09 09:00:05"},
		{"after_a_break", func(s *State, now time.Time) {
			s.Advance(r, now)
			if _, err := s.Start(r, now, ""); err != nil {
				t.Fatal(err)
			}
			s.Advance(r, now.Add(3*time.Minute))
		}, "2026-03-09 09:10:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &State{}
			s.Advance(r, started)
			now, _ := time.ParseInLocation(time.DateTime, tc.at, z)
			tc.act(s, now.Add(-5*time.Second))
			s.Advance(r, now)
			before := s.clone()
			next := r.NextOf(s, now, KindBreak)
			if next == nil {
				t.Fatal("no next break")
			}
			var first *Event
			for _, ev := range PlanFrom(r, s, now, now.Add(24*time.Hour)) {
				if ev.Kind == KindBreak {
					first = &ev
					break
				}
			}
			if first == nil || !first.At.Equal(next.At) || first.Rule != next.Rule {
				t.Fatalf("plan's first break %+v, status says %s at %s", first, next.Rule, next.At.In(z).Format(time.TimeOnly))
			}
			if fresh := Plan(r, now, now.Add(24*time.Hour)); tc.name == "fresh_daemon" && fresh[0].At.Equal(next.At) {
				t.Logf("a fresh plan agrees by chance")
			}
			if !reflect.DeepEqual(before, s) {
				t.Errorf("PlanFrom changed the state:\n%+v\nwant\n%+v", s, before)
			}
		})
	}
}

// TestRandomDaysKeepTheInvariants lives many random days (ticks at the wake times and at
// random moments, snoozes of every choice, starts, dones, skips, pauses, time away) and checks
// after every step: events come in time order and never from the future; no due break is
// snoozed more than the limit; and a plan from the state lists first the break Status names.
func TestRandomDaysKeepTheInvariants(t *testing.T) {
	z := zone(t, "Europe/Berlin")
	variants := []func() *Rules{
		func() *Rules { r := defaults(z); r.List[0].RemindAfter = 5 * time.Minute; return r },
		func() *Rules {
			return &Rules{Zone: z, Week: weekdays(hm("09:00-12:30"), hm("13:30-17:00")),
				List: []Rule{{Name: "exercise", Kind: KindBreak, Every: 5 * time.Minute, Duration: time.Minute, RemindAfter: 2 * time.Minute},
					every("posture", KindPrompt, 7*time.Minute, 0)},
				SnoozeChoices: []time.Duration{3 * time.Minute, 20 * time.Minute}, SnoozeLimit: 2}
		},
	}
	for seed := uint64(0); seed < 60; seed++ {
		r := variants[seed%uint64(len(variants))]()
		rng := rand.New(rand.NewPCG(seed, 19))
		s := &State{}
		now := local(t, z, "2026-03-09 08:30")
		var last time.Time
		snoozes := map[string]int{} // per rule: snoozes of its current due break
		var trail []string
		for step := 0; step < 300; step++ {
			var evs, acted []Event
			var did string
			// The daemon brings the state up to now before it acts on a request.
			observe := func() { evs = s.Advance(r, now) }
			switch k := rng.IntN(20); {
			case k < 10:
				// The daemon wakes at every Wake time (a longer gap is time away, below);
				// in between it may look at the clock any time (a CLI request).
				later := now.Add(time.Duration(rng.IntN(40)+1) * time.Minute)
				if w := Wake(r, s, now); !w.IsZero() && (rng.IntN(3) > 0 || w.Before(later)) {
					now = w
				} else {
					now = later
				}
				did, evs = "tick", s.Advance(r, now)
			case k < 13:
				d := time.Duration(0)
				if rng.IntN(2) == 0 {
					d = r.SnoozeChoices[rng.IntN(len(r.SnoozeChoices))]
				}
				did = "snooze"
				observe()
				acted, _ = s.Snooze(r, now, d)
			case k < 15:
				did = "start"
				observe()
				acted, _ = s.Start(r, now, "")
			case k < 16:
				did = "done"
				observe()
				acted, _ = s.Done(r, now)
			case k < 17:
				did = "skip"
				observe()
				acted, _ = s.Skip(r, now)
			case k < 18:
				did = "pause"
				observe()
				if s.Paused != nil {
					acted, _ = s.Resume(r, now)
				} else {
					acted, _ = s.Pause(r, now, now.Add(time.Duration(rng.IntN(90)+1)*time.Minute))
				}
			default:
				did = "away"
				from := now
				now = now.Add(time.Duration(rng.IntN(30)+1) * time.Minute)
				evs = append(s.Away(r, from, now), s.Advance(r, now)...)
			}
			evs = append(evs, acted...)
			trail = append(trail, fmt.Sprintf("%s at %s: %v (wake %s)", did, now.Format("15:04"), evs, Wake(r, s, now).Format("15:04")))
			for _, ev := range evs {
				if ev.At.Before(last) || ev.At.After(now) {
					t.Logf("events %+v\nbefore: %s", evs, strings.Join(trail[max(0, len(trail)-4):], "\n"))
					t.Fatalf("seed %d step %d (%s at %s): %s event at %s after one at %s", seed, step, did,
						now.Format(time.DateTime), ev.Type, ev.At.Format(time.DateTime), last.Format(time.DateTime))
				}
				last = ev.At
				switch ev.Type {
				case EventDue:
					snoozes[ev.Rule] = 0
				case EventSnoozed:
					snoozes[ev.Rule]++
					if snoozes[ev.Rule] > r.SnoozeLimit {
						t.Fatalf("seed %d step %d: %s snoozed %d times, limit %d", seed, step, ev.Rule, snoozes[ev.Rule], r.SnoozeLimit)
					}
				}
			}
			if s.Active != nil || s.AwaySince.IsZero() && s.Paused == nil {
				next := r.NextOf(s, now, KindBreak)
				var first *Event
				until := now.Add(4 * 24 * time.Hour)
				if next != nil && next.At.After(now) {
					until = next.At.Add(time.Minute) // far enough to tell
				} else if next != nil {
					until = now.Add(time.Minute)
				}
				for _, ev := range PlanFrom(r, s, now, until) {
					if ev.Kind == KindBreak {
						first = &ev
						break
					}
				}
				if (next == nil) != (first == nil) || next != nil && (!next.At.Equal(first.At) || next.Rule != first.Rule) {
					t.Logf("pending %+v, plan %+v", s.Pending, PlanFrom(r, s, now, until))
					t.Fatalf("seed %d step %d (%s at %s): plan's first break %+v, status's %+v\nstate %+v", seed, step, did,
						now.Format(time.DateTime), first, next, s)
				}
			}
		}
	}
}
