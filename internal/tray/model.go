package tray

import (
	"fmt"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// The menu has fixed slots for lists, so that its shape never changes (see Item).
const (
	// MaxExercises is how many exercise lines the menu shows; more are summed up in the last.
	MaxExercises = 6
	// MaxSnoozeChoices is how many snooze lengths the menu offers; more are left out.
	MaxSnoozeChoices = 6
)

// HealthNote is the health note shown under About and in the exercises text.
var HealthNote = []string{
	"Not medical advice.",
	"Stop any exercise that hurts.",
	"See a professional if pain persists.",
}

// RefreshAt returns when what the tray shows for s changes by itself (Menu.Refresh), for
// the daemon's Options.Refresh: the tray draws each snapshot the daemon publishes and keeps no
// timer of its own, so the daemon wakes once for both.
func RefreshAt(s api.Snapshot) time.Time { return Model(s, s.Now).Refresh }

// Model returns what the tray shows for snapshot s at time now. It is pure: the result
// depends only on its arguments, and times are shown in now's location.
func Model(s api.Snapshot, now time.Time) Menu {
	st := s.Status
	loc := now.Location()
	m := Menu{Icon: iconOf(st.State)}
	var countdownTo time.Time                // the instant a countdown in the texts runs to
	var countText func(time.Duration) string // how the texts show the time left

	// Title, and the status line at the top of the menu.
	var status string
	switch st.State {
	case scheduler.StateWorking:
		if !st.AwaySince.IsZero() {
			// Nobody is looking, and no countdown runs: nothing fires until they are back.
			m.Title = "Away since " + api.FormatTime(st.AwaySince, now)
			status = m.Title + ": nothing fires until you are back"
			break
		}
		if st.Next == nil {
			m.Title = "No breaks ahead"
			status = "Nothing scheduled in today's work hours"
			break
		}
		countdownTo, countText = st.Next.At, countdown
		m.Title = fmt.Sprintf("Next %s %s (%s)", kindWord(st.Next.Kind), api.FormatTime(st.Next.At, now), countdown(st.Next.At.Sub(now)))
		status = fmt.Sprintf("Next %s at %s: %s", kindWord(st.Next.Kind), api.FormatTime(st.Next.At, now), upcomingText(st.Next))
	case scheduler.StateDue:
		// The exercises follow, one line each (tooltip and menu): the title names the
		// break only when it has none.
		m.Title = "Break due"
		if len(s.Exercises) == 0 {
			m.Title += ": " + breakName(s)
		} else if l := lengthSuffix(s); l != "" {
			m.Title += " (" + strings.TrimPrefix(l, ", ") + ")"
		}
		status = "Break due"
		if st.Pending != nil && !st.Pending.DueAt.IsZero() {
			status += " since " + api.FormatTime(st.Pending.DueAt, now)
		}
		if len(s.Exercises) == 0 {
			status += ": " + breakName(s)
		} else if l := lengthSuffix(s); l != "" {
			status += " (" + strings.TrimPrefix(l, ", ") + ")"
		}
	case scheduler.StateInBreak:
		if a := st.Active; a != nil {
			// Counted from the last tick, so the texts change only at the next one.
			tick := api.LastTick(s.Exercises, a.Start, now)
			m.Title = "Break: " + api.FormatLeft(a.End.Sub(tick)) + " left"
			status = fmt.Sprintf("Break until %s (%s left)", api.FormatTime(a.End, now), api.FormatLeft(a.End.Sub(tick)))
			if i, _ := api.BreakClock(s.Exercises, a.Start, now); i >= 0 {
				if exEnd := api.ExerciseEnd(s.Exercises, a.Start, a.End, now); now.Before(exEnd) {
					m.Title += " · " + s.Exercises[i].Title + " " + api.FormatLeft(exEnd.Sub(tick))
				}
			}
		} else {
			m.Title = "Break"
			status = "In a break"
		}
	case scheduler.StateSnoozed:
		m.Title = "Snoozed until " + api.FormatTime(st.SnoozedUntil, now)
		status = m.Title
		if len(s.Exercises) == 0 {
			status += ": " + breakName(s)
		}
	case scheduler.StatePaused:
		if st.PausedIndefinitely || st.PausedUntil.IsZero() {
			m.Title = "Paused"
			status = "Paused until you resume"
		} else {
			m.Title = "Paused until " + api.FormatTime(st.PausedUntil, now)
			status = m.Title
		}
	case scheduler.StateOffHours:
		if st.WorkStart.IsZero() {
			m.Title = "Off: no work hours ahead"
		} else {
			m.Title = "Off until " + api.FormatTime(st.WorkStart, now)
		}
		status = m.Title
	default:
		m.Title = "deskbreak: " + string(st.State)
		status = m.Title
	}

	// Tooltip: the title, then the break's exercises while one is due or running.
	tip := []string{m.Title}
	showExercises := st.State == scheduler.StateDue || st.State == scheduler.StateInBreak || st.State == scheduler.StateSnoozed
	if showExercises {
		for _, e := range s.Exercises {
			tip = append(tip, exerciseLine(e))
		}
	}
	if s.ConfigError != "" {
		tip = append(tip, "Config problem: "+s.ConfigError)
	}
	m.Tooltip = strings.Join(tip, "\n")

	// When the texts change by themselves: the next step of a countdown (every
	// api.CountdownStep of a running break, the daemon's own ticks), and midnight, when
	// "tomorrow" and weekday names move on.
	y, mo, d := now.Date()
	m.Refresh = time.Date(y, mo, d+1, 0, 0, 0, 0, loc)
	if t := nextChange(countdownTo, now, countText); !t.IsZero() && t.Before(m.Refresh) {
		m.Refresh = t
	}
	if a := st.Active; st.State == scheduler.StateInBreak && a != nil {
		if t := api.NextTick(s.Exercises, a.Start, a.End, now); !t.IsZero() && t.Before(m.Refresh) {
			m.Refresh = t
		}
	}

	m.Items = items(s, now, status, showExercises)
	return m
}

// items builds the menu. Keep its shape fixed: only labels, Enabled and Hidden may depend on
// the snapshot.
func items(s api.Snapshot, now time.Time, status string, showExercises bool) []Item {
	st := s.Status
	state := st.State
	due := state == scheduler.StateDue || state == scheduler.StateSnoozed
	inBreak := state == scheduler.StateInBreak
	paused := state == scheduler.StatePaused

	var out []Item
	out = append(out, Item{ID: "status", Label: status})

	// Exercise lines: fixed slots, the last one summing up any overflow; in a break, the
	// one under way is marked.
	current := -1
	if a := st.Active; inBreak && a != nil {
		if i, exEnd := api.BreakClock(s.Exercises, a.Start, now); now.Before(exEnd) {
			current = i
		}
	}
	for i := range MaxExercises {
		it := Item{ID: fmt.Sprintf("exercise/%d", i), Hidden: true}
		if showExercises && i < len(s.Exercises) {
			it.Hidden = false
			it.Label = "   " + exerciseLine(s.Exercises[i])
			if i == current {
				it.Label = "▸ " + exerciseLine(s.Exercises[i]) + " (now)"
			}
			if i == MaxExercises-1 && len(s.Exercises) > MaxExercises {
				it.Label = fmt.Sprintf("   and %d more (see Exercises...)", len(s.Exercises)-MaxExercises+1)
			}
		}
		out = append(out, it)
	}
	out = append(out, Item{ID: "sep/actions", Separator: true})

	out = append(out, Item{ID: "start", Label: "Start break now", Request: api.Do(api.Break),
		Enabled: state == scheduler.StateWorking || due})
	out = append(out, Item{ID: "done", Label: "Done", Request: api.Do(api.Done), Enabled: inBreak, Hidden: !inBreak})

	// Snooze: a submenu of the configured lengths, saying how many snoozes are left.
	canSnooze := due && s.SnoozesLeft > 0 && len(s.SnoozeChoices) > 0
	snooze := Item{ID: "snooze", Label: "Snooze", Enabled: canSnooze}
	if due {
		switch s.SnoozesLeft {
		case 0:
			snooze.Label = "Snooze (none left)"
		default:
			snooze.Label = fmt.Sprintf("Snooze (%d left)", s.SnoozesLeft)
		}
	}
	for i := range MaxSnoozeChoices {
		it := Item{ID: fmt.Sprintf("snooze/%d", i), Request: api.SnoozeFor(0), Hidden: true}
		if i < len(s.SnoozeChoices) && s.SnoozeChoices[i] > 0 {
			it.Hidden = false
			it.Enabled = canSnooze
			it.Request = api.SnoozeFor(s.SnoozeChoices[i])
			it.Label = api.FormatLength(s.SnoozeChoices[i])
		}
		snooze.Children = append(snooze.Children, it)
	}
	out = append(out, snooze)

	out = append(out, Item{ID: "skip", Label: "Skip this break", Request: api.Do(api.Skip), Enabled: due || inBreak})
	out = append(out, Item{ID: "sep/pause", Separator: true})

	pause := Item{ID: "pause", Label: "Pause", Enabled: true, Children: []Item{
		{ID: "pause/30m", Label: "30 min", Enabled: true, Request: api.PauseAs(api.PauseRequest{For: 30 * time.Minute})},
		{ID: "pause/1h", Label: "1 hour", Enabled: true, Request: api.PauseAs(api.PauseRequest{For: time.Hour})},
		{ID: "pause/2h", Label: "2 hours", Enabled: true, Request: api.PauseAs(api.PauseRequest{For: 2 * time.Hour})},
		{ID: "pause/next", Label: "Until tomorrow", Enabled: true, Request: api.PauseAs(api.PauseRequest{UntilTomorrow: true})},
		{ID: "pause/forever", Label: "Indefinitely", Enabled: true, Request: api.PauseAs(api.PauseRequest{Indefinitely: true})},
	}}
	if paused {
		pause.Label = "Pause longer"
	}
	out = append(out, pause)
	out = append(out, Item{ID: "resume", Label: "Resume", Request: api.Do(api.Resume), Enabled: paused, Hidden: !paused})
	out = append(out, Item{ID: "sep/info", Separator: true})

	hours := s.TodayHours
	if hours == "" {
		hours = "unknown"
	}
	work := Item{ID: "hours", Label: "Work hours", Enabled: true, Children: []Item{
		{ID: "hours/today", Label: "Today: " + hours},
		{ID: "hours/problem", Label: "Config problem: " + s.ConfigError, Hidden: s.ConfigError == ""},
		{ID: "hours/edit", Label: "Edit settings...", Enabled: true, Local: LocalEditSettings},
	}}
	if s.ConfigError != "" {
		work.Label = "Work hours (config problem)"
	}
	out = append(out, work)
	out = append(out, Item{ID: "today", Label: "Today: " + s.Today.Summary()})

	// The web UI's pages (they fall back to the config file, or say what is missing, when
	// deskbreak-ui is not installed). They come before the exercises item, which stays the
	// last before About and Quit.
	out = append(out, Item{ID: "ui/settings", Label: "Settings...", Enabled: true, Local: LocalOpenSettings})
	out = append(out, Item{ID: "ui/stats", Label: "Statistics...", Enabled: true, Local: LocalOpenStats})
	out = append(out, Item{ID: "ui/catalog", Label: "All exercises...", Enabled: true, Local: LocalOpenCatalog})
	ex := Item{ID: "exercises", Label: "Exercises...", Local: LocalExercises, Enabled: len(s.Exercises) > 0}
	switch {
	case len(s.Exercises) == 0:
	case due || inBreak:
		ex.Label = "Exercises of this break..."
	default:
		ex.Label = "Exercises of the last break..."
	}
	out = append(out, ex)
	out = append(out, Item{ID: "sep/about", Separator: true})

	about := Item{ID: "about", Label: "About and health note", Enabled: true, Children: []Item{
		{ID: "about/what", Label: "deskbreak: short desk breaks inside your work hours"},
	}}
	for i, l := range HealthNote {
		about.Children = append(about.Children, Item{ID: fmt.Sprintf("about/health/%d", i), Label: l})
	}
	out = append(out, about)
	out = append(out, Item{ID: "quit", Label: "Quit deskbreak", Enabled: true, Local: LocalQuit})
	return out
}

// iconOf returns the icon of a state; an unknown state shows as working.
func iconOf(s scheduler.StateName) IconName {
	switch s {
	case scheduler.StateDue:
		return IconDue
	case scheduler.StateInBreak:
		return IconInBreak
	case scheduler.StateSnoozed:
		return IconSnoozed
	case scheduler.StatePaused:
		return IconPaused
	case scheduler.StateOffHours:
		return IconOffHours
	}
	return IconWorking
}

func kindWord(k scheduler.Kind) string {
	if k == scheduler.KindPrompt {
		return "prompt"
	}
	return "break"
}

// upcomingText describes the next break or prompt: "stretch, 2 min".
func upcomingText(u *scheduler.Upcoming) string {
	t := humanize(u.Rule)
	if u.Kind != scheduler.KindPrompt && u.Duration > 0 {
		t += ", " + api.FormatLength(u.Duration)
	}
	return t
}

// breakName names the due, snoozed or running break by its exercises ("neck and shoulders"),
// or by its rule when it has none.
func breakName(s api.Snapshot) string {
	var names []string
	for _, e := range s.Exercises {
		if e.Title != "" {
			names = append(names, lowerFirst(e.Title))
		}
	}
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) == 2:
		return names[0] + " and " + names[1]
	case len(names) > 2:
		return fmt.Sprintf("%s, %s and %d more", names[0], names[1], len(names)-2)
	}
	rule := ""
	if s.Status.Pending != nil {
		rule = s.Status.Pending.Rule
	} else if s.Status.Active != nil {
		rule = s.Status.Active.Rule
	}
	if rule == "" {
		return "a short break"
	}
	return humanize(rule)
}

// lengthSuffix is ", 3 min" for a break whose exercises say how long they take.
func lengthSuffix(s api.Snapshot) string {
	var d time.Duration
	for _, e := range s.Exercises {
		d += e.Duration
	}
	if d <= 0 {
		return ""
	}
	return ", " + api.FormatLength(d)
}

func exerciseLine(e api.Exercise) string {
	if e.Duration > 0 {
		return fmt.Sprintf("%s (%s)", e.Title, api.FormatLength(e.Duration))
	}
	return e.Title
}

// humanize turns a rule name such as "neck_and-shoulders" into "neck and shoulders".
func humanize(name string) string {
	return strings.NewReplacer("_", " ", "-", " ").Replace(name)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// Keep acronyms ("EYE rest" stays as it is) and lower only a capital followed by a
	// lowercase letter.
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] < 'A' || s[1] > 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// exactCountdown is how near a break the countdown shows every minute; before that it shows
// the nearest 5 minutes, so that the tray changes, and the daemon wakes, 12 times an hour
// rather than 60.
const exactCountdown = 10 * time.Minute

// countdown says how long until the next break or prompt: "in 7 min" for the last
// exactCountdown, "in about 25 min" or "in about 1 h 30 min" before that.
func countdown(d time.Duration) string {
	if d <= exactCountdown || d > api.FarAhead {
		return api.FormatCountdown(d)
	}
	const step = 5 * time.Minute
	// The nearest 5 minutes, halves down: the text changes exactly 2.5 minutes after a step.
	return strings.Replace(api.FormatCountdown((d+step/2-1)/step*step), "in ", "in about ", 1)
}

// nextChange returns the first instant after now at which text(to - t) differs from its
// value at now, or zero when to is zero or has passed. Every text here changes at a whole
// number of half minutes before to.
func nextChange(to, now time.Time, text func(time.Duration) string) time.Time {
	if to.IsZero() || !to.After(now) || text == nil {
		return time.Time{}
	}
	const half = 30 * time.Second
	cur := text(to.Sub(now))
	// The first candidate after now: to minus a whole number of half minutes.
	t := to.Add(-to.Sub(now) / half * half)
	if !t.After(now) {
		t = t.Add(half)
	}
	for i := 0; i < 240 && t.Before(to); i, t = i+1, t.Add(half) {
		if text(to.Sub(t)) != cur {
			return t
		}
	}
	return t // two hours on, or to itself
}
