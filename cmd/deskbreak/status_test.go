package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

func TestStatusCommand(t *testing.T) {
	t.Parallel()
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, ctlZone) }
	tests := []struct {
		name string
		edit func(s *api.Snapshot)
		want string
	}{
		{"working", func(s *api.Snapshot) {}, `Working. Next break at 14:00 (in 23 min): exercise, 3 min
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"working_prompt_next", func(s *api.Snapshot) {
			s.Status.Next = &scheduler.Upcoming{At: at(13, 45), Kind: scheduler.KindPrompt, Rule: "posture"}
			s.Today = api.Counts{Due: 1, Full: 1, Prompts: 1}
		}, `Working. Next prompt at 13:45 (in 8 min): posture
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 1 due: 1 taken in full; 1 prompt.
`},
		{"due", func(s *api.Snapshot) {
			s.Status.State = scheduler.StateDue
			s.Status.Pending = &scheduler.Pending{Rule: "exercise", DueAt: at(13, 30)}
			s.Status.Next = &scheduler.Upcoming{At: at(13, 50), Kind: scheduler.KindPrompt, Rule: "breathing"}
		}, `A break is due (exercise, since 13:30): "deskbreak break", snooze or skip.
Next prompt at 13:50 (in 13 min): breathing.
2 snoozes left (deskbreak snooze 5m | 10m).
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"snoozed_none_left", func(s *api.Snapshot) {
			s.Status.State = scheduler.StateSnoozed
			s.Status.Pending = &scheduler.Pending{Rule: "exercise", DueAt: at(13, 30), Snoozes: 2, SnoozedUntil: at(13, 47)}
			s.Status.SnoozedUntil = at(13, 47)
			s.Status.Next = nil
			s.SnoozesLeft = 0
		}, `Snoozed until 13:47 (in 10 min): exercise.
No snoozes left for this break.
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"in_break", func(s *api.Snapshot) {
			s.Status.State = scheduler.StateInBreak
			s.Status.Active = &scheduler.Active{Rule: "exercise", Start: at(13, 35), End: at(13, 38).Add(30 * time.Second)}
			s.Status.Next = nil
			s.Exercises = []api.Exercise{{ID: "neck-rolls", Title: "Neck rolls", Duration: time.Minute}, {ID: "wall-push-ups", Title: "Wall push-ups", Duration: 90 * time.Second}}
		}, `On a break (exercise) until 13:38, 2 min left. "deskbreak done" ends it.
Exercises: Neck rolls (1 min), Wall push-ups (1 min 30 s).
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"paused_until", func(s *api.Snapshot) {
			s.Status.State = scheduler.StatePaused
			s.Status.PausedUntil = at(15, 0)
			s.Status.Next.At = at(15, 50)
		}, `Paused until 15:00 (in 1 h 23 min). Resume early with "deskbreak resume".
Next break at 15:50 (in 2 h 13 min): exercise, 3 min.
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"paused_indefinitely", func(s *api.Snapshot) {
			s.Status.State = scheduler.StatePaused
			s.Status.PausedIndefinitely = true
			s.Status.Next = nil
		}, `Paused until you resume ("deskbreak resume").
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
		{"off_hours_tomorrow_with_config_error", func(s *api.Snapshot) {
			s.Now = at(19, 5)
			s.Status = scheduler.Status{State: scheduler.StateOffHours, WorkStart: at(9, 0).AddDate(0, 0, 1),
				Next: &scheduler.Upcoming{At: at(9, 50).AddDate(0, 0, 1), Kind: scheduler.KindBreak, Rule: "exercise", Duration: 3 * time.Minute}}
			s.Today = api.Counts{}
			s.ConfigError = "config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00"
			s.ConfigPath = "/home/ann/.config/deskbreak/config.toml"
		}, `Off hours. Work starts tomorrow 09:00 (in 13 h 55 min).
Next break at tomorrow 09:50 (in 14 h 45 min): exercise, 3 min.
Work hours today: 09:00-12:30, 13:30-17:30.
Today: 0 due; 0 prompts.
Config problem (the last good config stays in force):
  config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00
Fix /home/ann/.config/deskbreak/config.toml, then run "deskbreak reload".
`},
		{"due_held_by_gnome_dnd", func(s *api.Snapshot) {
			s.Status.State = scheduler.StateDue
			s.Status.Pending = &scheduler.Pending{Rule: "exercise", DueAt: at(13, 30)}
			s.Status.Next = nil
			s.Held = "GNOME Do Not Disturb, via the settings portal"
			s.DNDSource = "notification server, GNOME setting, fullscreen windows"
		}, `A break is due (exercise, since 13:30): "deskbreak break", snooze or skip.
The break waits quietly while do-not-disturb is on (GNOME Do Not Disturb, via
  the settings portal); it shows when that ends.
2 snoozes left (deskbreak snooze 5m | 10m).
Work hours today: 09:00-12:30, 13:30-17:30 (this stretch ends at 17:30).
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
Do not disturb: from notification server, GNOME setting, fullscreen windows.
`},
		{"off_hours_weekend", func(s *api.Snapshot) {
			s.Now = time.Date(2026, 3, 6, 18, 0, 0, 0, ctlZone) // a Friday
			s.Status = scheduler.Status{State: scheduler.StateOffHours, WorkStart: time.Date(2026, 3, 9, 9, 0, 0, 0, ctlZone)}
			s.TodayHours = "day off"
		}, `Off hours. Work starts Mon 09:00 (in 3 days).
Work hours today: day off.
Today: 3 due: 2 taken in full, 1 natural, 1 snooze; 4 prompts.
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			snap := ctlSnap()
			tt.edit(&snap)
			sock := ctlServe(t, &controltest.Fake{Snap: snap})
			code, out, errOut := ctlRun(t, sock, "status")
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if out != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", out, tt.want)
			}
			checkColumns(t, out)
		})
	}
}

// checkColumns fails t for a line of out wider than 80 columns.
func checkColumns(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("a line of %d columns, want at most 80:\n%s", n, l)
		}
	}
}

// TestStatusWithin80Columns: status once printed an 84-column line. Everything it can say at
// once, with long names, stays within 80 columns.
func TestStatusWithin80Columns(t *testing.T) {
	t.Parallel()
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, ctlZone) }
	for _, state := range []scheduler.StateName{scheduler.StateWorking, scheduler.StateDue, scheduler.StateSnoozed,
		scheduler.StateInBreak, scheduler.StatePaused, scheduler.StateOffHours} {
		snap := ctlSnap()
		snap.Status.State = state
		snap.Status.Pending = &scheduler.Pending{Rule: "stretch-and-walk-around-the-office", DueAt: at(13, 30), SnoozedUntil: at(15, 47)}
		snap.Status.SnoozedUntil = at(15, 47)
		snap.Status.Active = &scheduler.Active{Rule: "stretch-and-walk-around-the-office", Start: at(13, 35), End: at(14, 38)}
		snap.Status.PausedUntil = time.Date(2026, 3, 12, 15, 0, 0, 0, ctlZone)
		snap.Status.WorkStart = time.Date(2026, 3, 9, 9, 0, 0, 0, ctlZone)
		snap.Status.AwaySince = at(13, 1)
		snap.Status.Next = &scheduler.Upcoming{At: time.Date(2026, 3, 10, 9, 50, 0, 0, ctlZone), Kind: scheduler.KindBreak,
			Rule: "stretch-and-walk-around-the-office", Duration: 75 * time.Minute}
		snap.Held = "fullscreen window of the video player"
		snap.SnoozeChoices = []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute, 90 * time.Minute}
		snap.SnoozesLeft = 12
		snap.Exercises = []api.Exercise{{Title: "Held side neck stretch", Duration: 75 * time.Second},
			{Title: "Shoulder blade squeeze", Duration: 90 * time.Second}, {Title: "Seated twist", Duration: 50 * time.Second}}
		snap.TodayHours = "07:00-09:00, 09:30-12:30, 13:30-17:30, 18:00-20:00"
		snap.Today = api.Counts{Due: 1234, Full: 1000, Natural: 100, Snoozed: 200, Skipped: 34, Ignored: 100, Prompts: 4321}
		snap.IdleSource = "the freedesktop ScreenSaver service (org.freedesktop.ScreenSaver)"
		snap.ConfigError = "config.toml:7: work_hours.mon[1]: end 12:00 is before start 13:00"
		snap.ConfigPath = "/home/ann/.config/deskbreak/config.toml"
		out := ctlStatusText(snap, snap.Now)
		t.Logf("%s:\n%s", state, out)
		checkColumns(t, out)
	}
}

func TestStatusJSON(t *testing.T) {
	t.Parallel()
	snap := ctlSnap()
	snap.Status.State = scheduler.StateSnoozed
	snap.Status.SnoozedUntil = time.Date(2026, 3, 2, 13, 47, 0, 123, ctlZone)
	snap.Status.Pending = &scheduler.Pending{Rule: "exercise", DueAt: time.Date(2026, 3, 2, 13, 30, 0, 0, ctlZone), Snoozes: 1}
	snap.Exercises = []api.Exercise{{ID: "neck-rolls", Title: "Neck rolls", Duration: time.Minute, Steps: []string{"Drop your chin.", "Roll slowly."}}}
	sock := ctlServe(t, &controltest.Fake{Snap: snap})
	code, out, errOut := ctlRun(t, sock, "status", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := `{
  "state": "snoozed",
  "now": "2026-03-02T13:37:00+01:00",
  "next": {
    "at": "2026-03-02T14:00:00+01:00",
    "kind": "break",
    "rule": "exercise",
    "duration_seconds": 180
  },
  "due": {
    "rule": "exercise",
    "due_at": "2026-03-02T13:30:00+01:00",
    "snoozes": 1
  },
  "break": null,
  "snoozed_until": "2026-03-02T13:47:00+01:00",
  "paused_until": null,
  "paused_indefinitely": false,
  "snoozes_left": 2,
  "snooze_choices_seconds": [
    300,
    600
  ],
  "work_start": null,
  "work_end": "2026-03-02T17:30:00+01:00",
  "today_hours": "09:00-12:30, 13:30-17:30",
  "today": {
    "due": 3,
    "taken_full": 2,
    "cut_short": 0,
    "cut_short_seconds": 0,
    "own": 0,
    "natural": 1,
    "natural_of_due": 0,
    "snoozed": 1,
    "skipped": 0,
    "ignored": 0,
    "paused": 0,
    "prompts": 4
  },
  "exercises": [
    {
      "id": "neck-rolls",
      "title": "Neck rolls",
      "duration_seconds": 60,
      "steps": [
        "Drop your chin.",
        "Roll slowly."
      ]
    }
  ],
  "config_error": "",
  "save_error": "",
  "away_since": null,
  "held": "",
  "dnd_source": "",
  "idle_source": ""
}
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	// An empty snapshot still has every key, with null or empty values.
	sock = ctlServe(t, &controltest.Fake{})
	_, out, _ = ctlRun(t, sock, "status", "--json")
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"state", "next", "snoozed_until", "paused_until", "snoozes_left", "today", "exercises", "snooze_choices_seconds"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing from %s", k, out)
		}
	}
	if m["next"] != nil || m["exercises"] == nil || m["snooze_choices_seconds"] == nil {
		t.Errorf("empty snapshot: next %v, exercises %v, choices %v; want null, [], []", m["next"], m["exercises"], m["snooze_choices_seconds"])
	}
}

func TestCtlWhen(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 23, 0, 0, 0, ctlZone)
	for _, tt := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 2, 23, 30, 0, 0, ctlZone), "23:30"},
		{time.Date(2026, 3, 3, 0, 30, 0, 0, ctlZone), "tomorrow 00:30"},
		{time.Date(2026, 3, 5, 9, 0, 0, 0, ctlZone), "Thu 09:00"},
		{time.Date(2026, 3, 20, 9, 0, 0, 0, ctlZone), "Fri 20 Mar 09:00"},
		// The daemon's zone wins over the reader's: 22:30 UTC is 23:30 CET, still today there.
		{time.Date(2026, 3, 2, 22, 30, 0, 0, time.UTC).In(ctlZone), "23:30"},
	} {
		if got := api.FormatTime(tt.t, now.UTC()); got != tt.want {
			t.Errorf("api.FormatTime(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	if !strings.Contains(ctlNotRunning, `"deskbreak install"`) {
		t.Error(ctlNotRunning)
	}
}

func TestStatusTextAwayHeldIdle(t *testing.T) {
	t.Parallel()
	s := ctlSnap()
	s.Status.AwaySince = s.Now.Add(-10 * time.Minute)
	s.Held = "fullscreen window"
	s.IdleSource = "x11"
	got := ctlStatusText(s, time.Time{})
	for _, want := range []string{
		"You are away (since 13:27): nothing new fires until you are back",
		"The break waits quietly while do-not-disturb is on (fullscreen window)",
		"Idle time: from x11.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
	s.IdleSource = "none"
	if got := ctlStatusText(s, time.Time{}); !strings.Contains(got, "Idle time: not available on this desktop") {
		t.Errorf("status without an idle source:\n%s", got)
	}
}

// TestStatusSaysStateIsNotSaved: while the daemon cannot save, status says so and what to do.
func TestStatusSaysStateIsNotSaved(t *testing.T) {
	t.Parallel()
	s := ctlSnap()
	s.SaveError = "save state /home/x/.local/state/deskbreak/state.json: no space left on device"
	sock := ctlServe(t, &controltest.Fake{Snap: s})
	code, out, _ := ctlRun(t, sock, "status")
	out = strings.ReplaceAll(out, "\n  ", " ") // unwrap the 80-column lines
	if code != 0 || !strings.Contains(out, "State not saved: save state /home/x/.local/state/deskbreak/state.json: no space left on device\n") ||
		!strings.Contains(out, "keeps trying to save them") {
		t.Errorf("exit %d, status:\n%s", code, out)
	}
	_, out, _ = ctlRun(t, sock, "status", "--json")
	if !strings.Contains(out, `"save_error": "save state /home/x/.local/state/deskbreak/state.json: no space left on device"`) {
		t.Errorf("status --json:\n%s", out)
	}
}
