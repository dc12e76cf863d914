package tray

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// view renders an item as "label [on]", "label [off]" or "label [hidden]".
func view(it Item) string {
	switch {
	case it.Hidden:
		return it.Label + " [hidden]"
	case it.Enabled:
		return it.Label + " [on]"
	}
	return it.Label + " [off]"
}

// shape lists the IDs of items and their children, depth first.
func shape(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
		for _, c := range shape(it.Children) {
			out = append(out, it.ID+">"+c)
		}
	}
	return out
}

func TestModel(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 10 March 2026, 13:37:10 in Berlin.
	now := time.Date(2026, 3, 10, 13, 37, 10, 0, berlin)
	at := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, berlin) }
	neck := []api.Exercise{
		{ID: "neck-roll", Title: "Neck", Duration: time.Minute, Steps: []string{"Sit tall.", "Roll your head slowly."}},
		{ID: "shrug", Title: "Shoulders", Duration: 90 * time.Second, Steps: []string{"Shrug.", "Drop."}, Caution: "Go gently."},
	}
	base := func(st scheduler.Status) api.Snapshot {
		return api.Snapshot{
			Now: now, Status: st, Exercises: neck,
			Today:         api.Counts{Due: 4, Full: 3, Skipped: 1},
			SnoozeChoices: []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute},
			SnoozesLeft:   2,
			TodayHours:    "09:00-12:30, 13:30-17:30",
			ConfigPath:    "/home/a/.config/deskbreak/config.toml",
		}
	}
	pending := &scheduler.Pending{Rule: "neck_and-shoulders", DueAt: at(10, 13, 35)}

	cases := []struct {
		name        string
		snap        api.Snapshot
		icon        IconName
		title       string
		tooltip     []string // lines the tooltip has
		refresh     time.Time
		items       map[string]string // item ID -> view
		withoutExer bool              // the snapshot has no exercises
	}{
		{
			name:    "working_next_break",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, Next: &scheduler.Upcoming{At: at(10, 14, 0), Kind: scheduler.KindBreak, Rule: "stretch", Duration: 2 * time.Minute}}),
			icon:    IconWorking,
			title:   "Next break 14:00 (in about 25 min)",
			tooltip: []string{"Next break 14:00 (in about 25 min)"},
			refresh: at(10, 13, 37).Add(30 * time.Second), // 22.5 min before: "about 20"
			items: map[string]string{
				"status":         "Next break at 14:00: stretch, 2 min [off]",
				"exercise/0":     " [hidden]",
				"start":          "Start break now [on]",
				"done":           "Done [hidden]",
				"snooze":         "Snooze [off]",
				"snooze/1":       "15 min [off]",
				"skip":           "Skip this break [off]",
				"pause":          "Pause [on]",
				"pause/next":     "Until tomorrow [on]",
				"resume":         "Resume [hidden]",
				"hours":          "Work hours [on]",
				"hours/today":    "Today: 09:00-12:30, 13:30-17:30 [off]",
				"hours/problem":  "Config problem:  [hidden]",
				"hours/edit":     "Edit settings... [on]",
				"today":          "Today: 4 due: 3 taken in full, 1 skipped [off]",
				"exercises":      "Exercises of the last break... [on]",
				"about":          "About and health note [on]",
				"about/health/0": "Not medical advice. [off]",
				"quit":           "Quit deskbreak [on]",
			},
		},
		{
			name:    "working_next_prompt",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, Next: &scheduler.Upcoming{At: at(10, 13, 40), Kind: scheduler.KindPrompt, Rule: "posture"}}),
			icon:    IconWorking,
			title:   "Next prompt 13:40 (in 3 min)",
			refresh: at(10, 13, 38),
			items:   map[string]string{"status": "Next prompt at 13:40: posture [off]"},
		},
		{
			name:    "working_over_an_hour",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, Next: &scheduler.Upcoming{At: at(10, 15, 7).Add(10 * time.Second), Kind: scheduler.KindBreak, Rule: "walk"}}),
			icon:    IconWorking,
			title:   "Next break 15:07 (in about 1 h 30 min)",
			refresh: at(10, 13, 39).Add(40 * time.Second), // 1 h 27.5 min before
		},
		{
			name:    "working_countdown_exact_near",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, Next: &scheduler.Upcoming{At: at(10, 13, 45), Kind: scheduler.KindBreak, Rule: "walk"}}),
			icon:    IconWorking,
			title:   "Next break 13:45 (in 8 min)",
			refresh: at(10, 13, 38),
		},
		{
			name:    "working_countdown_becomes_exact",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, Next: &scheduler.Upcoming{At: at(10, 13, 48), Kind: scheduler.KindBreak, Rule: "walk"}}),
			icon:    IconWorking,
			title:   "Next break 13:48 (in about 10 min)",
			refresh: at(10, 13, 38), // "in 10 min"
		},
		{
			name:    "working_away",
			snap:    base(scheduler.Status{State: scheduler.StateWorking, AwaySince: at(10, 13, 20), Next: &scheduler.Upcoming{At: at(10, 15, 20), Kind: scheduler.KindBreak, Rule: "walk"}}),
			icon:    IconWorking,
			title:   "Away since 13:20",
			tooltip: []string{"Away since 13:20"},
			refresh: at(11, 0, 0), // no countdown while away
			items:   map[string]string{"status": "Away since 13:20: nothing fires until you are back [off]", "start": "Start break now [on]"},
		},
		{
			name:    "working_nothing_ahead",
			snap:    base(scheduler.Status{State: scheduler.StateWorking}),
			icon:    IconWorking,
			title:   "No breaks ahead",
			refresh: at(11, 0, 0),
			items:   map[string]string{"start": "Start break now [on]"},
		},
		{
			name: "due",
			snap: base(scheduler.Status{State: scheduler.StateDue, Pending: pending}),
			icon: IconDue,
			// The title and status line do not repeat the exercises listed below them.
			title:   "Break due (2 min 30 s)",
			tooltip: []string{"Break due (2 min 30 s)", "Neck (1 min)", "Shoulders (1 min 30 s)"},
			refresh: at(11, 0, 0),
			items: map[string]string{
				"status":     "Break due since 13:35 (2 min 30 s) [off]",
				"exercise/0": "   Neck (1 min) [off]",
				"exercise/1": "   Shoulders (1 min 30 s) [off]",
				"exercise/2": " [hidden]",
				"start":      "Start break now [on]",
				"done":       "Done [hidden]",
				"snooze":     "Snooze (2 left) [on]",
				"snooze/0":   "5 min [on]",
				"snooze/1":   "15 min [on]",
				"snooze/2":   "30 min [on]",
				"snooze/3":   " [hidden]",
				"skip":       "Skip this break [on]",
				"exercises":  "Exercises of this break... [on]",
			},
		},
		{
			name: "due_no_snoozes_left",
			snap: func() api.Snapshot {
				s := base(scheduler.Status{State: scheduler.StateDue, Pending: pending})
				s.SnoozesLeft = 0
				return s
			}(),
			icon:  IconDue,
			title: "Break due (2 min 30 s)",
			items: map[string]string{
				"snooze":   "Snooze (none left) [off]",
				"snooze/1": "15 min [off]",
				"skip":     "Skip this break [on]",
			},
		},
		{
			name: "due_without_exercises_names_the_rule",
			snap: func() api.Snapshot {
				s := base(scheduler.Status{State: scheduler.StateDue, Pending: pending})
				s.Exercises = nil
				return s
			}(),
			withoutExer: true,
			icon:        IconDue,
			title:       "Break due: neck and shoulders",
			items: map[string]string{
				"status":     "Break due since 13:35: neck and shoulders [off]",
				"exercise/0": " [hidden]",
				"exercises":  "Exercises... [off]",
			},
		},
		{
			name: "in_break",
			snap: base(scheduler.Status{State: scheduler.StateInBreak, Active: &scheduler.Active{Rule: "neck", Start: at(10, 13, 37), End: at(10, 13, 40)}}),
			icon: IconInBreak,
			// Started at 13:37:00; now is 13:37:10, so the last tick of the countdown was
			// the start and the next is at 13:37:15.
			title:   "Break: 3:00 left · Neck 1:00",
			tooltip: []string{"Break: 3:00 left · Neck 1:00", "Neck (1 min)", "Shoulders (1 min 30 s)"},
			refresh: at(10, 13, 37).Add(15 * time.Second),
			items: map[string]string{
				"status":     "Break until 13:40 (3:00 left) [off]",
				"exercise/0": "▸ Neck (1 min) (now) [off]",
				"exercise/1": "   Shoulders (1 min 30 s) [off]",
				"start":      "Start break now [off]",
				"done":       "Done [on]",
				"snooze":     "Snooze [off]",
				"snooze/0":   "5 min [off]",
				"skip":       "Skip this break [on]",
				"resume":     "Resume [hidden]",
			},
		},
		{
			name: "snoozed",
			snap: func() api.Snapshot {
				s := base(scheduler.Status{State: scheduler.StateSnoozed, Pending: pending, SnoozedUntil: at(10, 14, 15)})
				s.SnoozesLeft = 1
				return s
			}(),
			icon:    IconSnoozed,
			title:   "Snoozed until 14:15",
			refresh: at(11, 0, 0),
			items: map[string]string{
				"status":   "Snoozed until 14:15 [off]",
				"snooze":   "Snooze (1 left) [on]",
				"snooze/2": "30 min [on]",
				"skip":     "Skip this break [on]",
				"start":    "Start break now [on]",
			},
		},
		{
			name:    "paused_until_tomorrow",
			snap:    base(scheduler.Status{State: scheduler.StatePaused, PausedUntil: at(11, 9, 0)}),
			icon:    IconPaused,
			title:   "Paused until tomorrow 09:00",
			refresh: at(11, 0, 0),
			items: map[string]string{
				"start":  "Start break now [off]",
				"snooze": "Snooze [off]",
				"skip":   "Skip this break [off]",
				"pause":  "Pause longer [on]",
				"resume": "Resume [on]",
			},
		},
		{
			name:  "paused_indefinitely",
			snap:  base(scheduler.Status{State: scheduler.StatePaused, PausedIndefinitely: true}),
			icon:  IconPaused,
			title: "Paused",
			items: map[string]string{"status": "Paused until you resume [off]", "resume": "Resume [on]"},
		},
		{
			name:    "off_hours_until_monday",
			snap:    base(scheduler.Status{State: scheduler.StateOffHours, WorkStart: at(16, 9, 0)}),
			icon:    IconOffHours,
			title:   "Off until Mon 09:00",
			refresh: at(11, 0, 0),
			items:   map[string]string{"start": "Start break now [off]", "skip": "Skip this break [off]", "pause": "Pause [on]"},
		},
		{
			name:  "off_hours_later_the_same_day",
			snap:  base(scheduler.Status{State: scheduler.StateOffHours, WorkStart: at(10, 18, 0)}),
			icon:  IconOffHours,
			title: "Off until 18:00",
		},
		{
			name:  "off_hours_beyond_a_week",
			snap:  base(scheduler.Status{State: scheduler.StateOffHours, WorkStart: at(20, 9, 0)}),
			icon:  IconOffHours,
			title: "Off until Fri 20 Mar 09:00",
		},
		{
			name:  "off_hours_no_work_hours",
			snap:  base(scheduler.Status{State: scheduler.StateOffHours}),
			icon:  IconOffHours,
			title: "Off: no work hours ahead",
		},
		{
			name: "config_problem",
			snap: func() api.Snapshot {
				s := base(scheduler.Status{State: scheduler.StateWorking})
				s.ConfigError = "config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00"
				return s
			}(),
			icon:    IconWorking,
			title:   "No breaks ahead",
			tooltip: []string{"No breaks ahead", "Config problem: config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00"},
			items: map[string]string{
				"hours":         "Work hours (config problem) [on]",
				"hours/problem": "Config problem: config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00 [off]",
			},
		},
		{
			name:  "unknown_state",
			snap:  base(scheduler.Status{State: "rebooting"}),
			icon:  IconWorking,
			title: "deskbreak: rebooting",
		},
	}

	want := shape(Model(base(scheduler.Status{State: scheduler.StateWorking}), now).Items)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := Model(tc.snap, now)
			if m.Icon != tc.icon {
				t.Errorf("icon = %q, want %q", m.Icon, tc.icon)
			}
			if m.Title != tc.title {
				t.Errorf("title = %q, want %q", m.Title, tc.title)
			}
			tip := strings.Split(m.Tooltip, "\n")
			if tip[0] != m.Title {
				t.Errorf("tooltip %q does not start with the title", m.Tooltip)
			}
			for _, l := range tc.tooltip {
				if !slices.Contains(tip, l) {
					t.Errorf("tooltip %q lacks the line %q", m.Tooltip, l)
				}
			}
			if !tc.refresh.IsZero() && !m.Refresh.Equal(tc.refresh) {
				t.Errorf("refresh = %v, want %v", m.Refresh, tc.refresh)
			}
			if !m.Refresh.After(now) {
				t.Errorf("refresh %v is not after now %v", m.Refresh, now)
			}
			for id, v := range tc.items {
				it, ok := Find(m.Items, id)
				if !ok {
					t.Errorf("no item %q", id)
					continue
				}
				if got := view(it); got != v {
					t.Errorf("item %s = %q, want %q", id, got, v)
				}
			}
			// The shape never changes, so that the tray updates items in place.
			if got := shape(m.Items); !slices.Equal(got, want) {
				t.Errorf("menu shape changed:\n got %v\nwant %v", got, want)
			}
			// Every clickable item has its argument.
			var check func(items []Item)
			check = func(items []Item) {
				for _, it := range items {
					if it.Request.Action == api.Snooze && !it.Hidden && it.Request.Snooze <= 0 {
						t.Errorf("snooze item %s has no length", it.ID)
					}
					if it.Separator && it.Clickable() {
						t.Errorf("separator %s has an action", it.ID)
					}
					if it.Request.Action != "" && !it.Hidden {
						if err := it.Request.Check(); err != nil {
							t.Errorf("item %s: request %+v: %v", it.ID, it.Request, err)
						}
					}
					check(it.Children)
				}
			}
			check(m.Items)
			if tc.withoutExer {
				if it, _ := Find(m.Items, "exercises"); it.Enabled {
					t.Error("exercises item is enabled without exercises")
				}
			}
		})
	}
}

func TestModelShape(t *testing.T) {
	t.Parallel()
	m := Model(api.Snapshot{}, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC))
	ids := shape(m.Items)
	seen := map[string]bool{}
	for _, id := range ids {
		short := id[strings.LastIndex(id, ">")+1:]
		if seen[short] {
			t.Errorf("duplicate item ID %q", short)
		}
		seen[short] = true
	}
	for _, id := range []string{"status", "start", "done", "snooze", "skip", "pause", "resume", "hours", "today", "exercises", "about", "quit"} {
		if !seen[id] {
			t.Errorf("menu lacks %q", id)
		}
	}
	if n := len(ids); n != len(shape(Model(api.Snapshot{Exercises: make([]api.Exercise, 20), SnoozeChoices: make([]time.Duration, 20)}, time.Now()).Items)) {
		t.Errorf("long lists changed the menu's shape (%d items before)", n)
	}
}

// The tray's line of today's counts says what status says: every outcome, not only three,
// so a day of breaks cut short, set aside or started on one's own does not read as nothing.
func TestTodayLineNamesEveryOutcome(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		counts api.Counts
		want   string
	}{
		{api.Counts{}, "Today: 0 due"},
		{api.Counts{Own: 1}, "Today: 0 due: 1 started on your own"},
		{api.Counts{Due: 3, Short: 1, ShortSeconds: 40, Paused: 1, Ignored: 1, Snoozed: 2},
			"Today: 3 due: 1 cut short (40 s done), 1 ignored, 1 set aside by a pause, 2 snoozes"},
	} {
		it, _ := Find(Model(api.Snapshot{Today: tc.counts}, now).Items, "today")
		if it.Label != tc.want {
			t.Errorf("counts %+v: today = %q, want %q", tc.counts, it.Label, tc.want)
		}
	}
}

func TestModelManyExercises(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s := api.Snapshot{Status: scheduler.Status{State: scheduler.StateDue}}
	for i := range 8 {
		s.Exercises = append(s.Exercises, api.Exercise{Title: fmt.Sprintf("Move %d", i)})
	}
	m := Model(s, now)
	if it, _ := Find(m.Items, fmt.Sprintf("exercise/%d", MaxExercises-1)); it.Label != "   and 3 more (see Exercises...)" {
		t.Errorf("last exercise slot = %q", it.Label)
	}
	if m.Title != "Break due" {
		t.Errorf("title = %q", m.Title)
	}
}

func TestRefreshAtMidnight(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 7 March 2026, 23:30; DST starts on Sunday the 8th at 02:00.
	now := time.Date(2026, 3, 7, 23, 30, 0, 0, ny)
	// Midnight refresh over a DST change lands on local midnight.
	m := Model(api.Snapshot{Status: scheduler.Status{State: scheduler.StatePaused, PausedIndefinitely: true}}, now)
	if want := time.Date(2026, 3, 8, 0, 0, 0, 0, ny); !m.Refresh.Equal(want) {
		t.Errorf("refresh = %v, want %v", m.Refresh, want)
	}
}

// TestRefreshIsWhenTextsChange checks Menu.Refresh against the texts themselves, for
// countdowns to a break from a few seconds to three hours away and for a running break:
// nothing the tray shows changes before Refresh, and something changes at it.
func TestRefreshIsWhenTextsChange(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 13, 37, 10, 0, time.UTC)
	shown := func(s api.Snapshot, at time.Time) string {
		m := Model(s, at)
		var b strings.Builder
		fmt.Fprintf(&b, "%s|%s|%s", m.Icon, m.Title, m.Tooltip)
		for _, it := range m.Items {
			fmt.Fprintf(&b, "|%s %v %v", it.Label, it.Enabled, it.Hidden)
		}
		return b.String()
	}
	check := func(name string, s api.Snapshot) {
		m := Model(s, now)
		if !m.Refresh.After(now) {
			t.Fatalf("%s: refresh %v is not after now %v", name, m.Refresh, now)
		}
		want := shown(s, now)
		for at := now; at.Before(m.Refresh); at = at.Add(5 * time.Second) {
			if got := shown(s, at); got != want {
				t.Fatalf("%s: the texts changed at %v, before the refresh at %v:\n%s\n%s", name, at, m.Refresh, want, got)
			}
		}
		if got := shown(s, m.Refresh); got == want && m.Refresh.Sub(now) < 2*time.Hour {
			t.Fatalf("%s: nothing changed at the refresh %v", name, m.Refresh)
		}
	}
	for off := 5 * time.Second; off < 3*time.Hour; off += 17 * time.Second {
		next := &scheduler.Upcoming{At: now.Add(off), Kind: scheduler.KindBreak, Rule: "walk"}
		check("next break in "+off.String(), api.Snapshot{Now: now, Status: scheduler.Status{State: scheduler.StateWorking, Next: next}})
	}
	for off := 5 * time.Second; off < 15*time.Minute; off += 13 * time.Second {
		active := &scheduler.Active{Rule: "walk", Start: now.Add(off - 15*time.Minute), End: now.Add(off)}
		check("break ends in "+off.String(), api.Snapshot{Now: now, Status: scheduler.Status{State: scheduler.StateInBreak, Active: active}})
	}
}

// TestCountdownFarAhead: a pause until 9999 overflowed the rounding (issue 15).
func TestCountdownFarAhead(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{400 * 24 * time.Hour, time.Duration(1<<63 - 1)} {
		if got := countdown(d); got != "until further notice" {
			t.Errorf("countdown(%v) = %q, want \"until further notice\"", d, got)
		}
	}
}

// TestModelExerciseOverrunsBreak: an exercise that runs past the end of the break counts down
// with the break, never past it.
func TestModelExerciseOverrunsBreak(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)
	s := api.Snapshot{
		Status:    scheduler.Status{State: scheduler.StateInBreak, Active: &scheduler.Active{Rule: "x", Start: start, End: start.Add(3 * time.Minute)}},
		Exercises: []api.Exercise{{Title: "Reach", Duration: 100 * time.Second}, {Title: "Water", Duration: 90 * time.Second}},
	}
	if m := Model(s, start.Add(105*time.Second)); m.Title != "Break: 1:15 left · Water 1:15" {
		t.Errorf("title %q", m.Title)
	}
}
