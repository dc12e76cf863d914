package api

import (
	"fmt"
	"math"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// FormatTime formats t for people, relative to now: "14:00", "tomorrow 09:00", "Mon 09:00"
// within a week, else "Mon 2 Jan 09:00", with the year when more than 300 days away. The
// day is read in t's own zone (the config's, for the daemon's times), not the machine's.
func FormatTime(t, now time.Time) string {
	day := scheduler.DateOf(t)
	today := scheduler.DateOf(now.In(t.Location()))
	days := int(math.Round(time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC).
		Sub(time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC)).Hours() / 24))
	switch {
	case days == 0:
		return t.Format("15:04")
	case days == 1:
		return "tomorrow " + t.Format("15:04")
	case days > 1 && days < 7:
		return t.Format("Mon 15:04")
	case days > 300 || days < -300:
		return t.Format("Mon 2 Jan 2006 15:04")
	default:
		return t.Format("Mon 2 Jan 15:04")
	}
}

// FormatLength formats a duration for people: "45 s", "3 min", "1 min 15 s", "1 hour",
// "2 hours", "1 h 30 min".
func FormatLength(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", d/time.Second)
	case d < time.Hour:
		m, s := d/time.Minute, (d%time.Minute)/time.Second
		if s == 0 {
			return fmt.Sprintf("%d min", m)
		}
		return fmt.Sprintf("%d min %d s", m, s)
	}
	h, m := d/time.Hour, (d%time.Hour)/time.Minute
	switch {
	case m == 0 && h == 1:
		return "1 hour"
	case m == 0:
		return fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// FarAhead is how far away a time may be before FormatCountdown calls it "until further
// notice": a hand-edited pause until the year 9999 is not counted in days.
const FarAhead = 366 * 24 * time.Hour

// FormatCountdown says how far away something d from now is: "now", "in less than a minute",
// "in 23 min", "in 1 h 5 min", "in 3 days", and beyond FarAhead "until further notice".
// Minutes are rounded up, so a time never looks reached before it is.
func FormatCountdown(d time.Duration) string {
	if d <= 0 {
		return "now"
	}
	if d > FarAhead {
		return "until further notice"
	}
	if d < time.Minute {
		return "in less than a minute"
	}
	m := int((d + time.Minute - 1) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("in %d min", m)
	case m < 48*60:
		if m%60 == 0 {
			return fmt.Sprintf("in %d h", m/60)
		}
		return fmt.Sprintf("in %d h %d min", m/60, m%60)
	default:
		return fmt.Sprintf("in %d days", (m+12*60)/(24*60))
	}
}

// Plural returns "1 break" or "3 breaks": n with one or many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// What to do in the rest of a running break once its exercises are over, or in the whole
// of one that has none: the break's notification and the break window say the same.
const (
	ExercisesDoneHint = "Look at something far away and breathe slowly; come back to your desk when the time is up."
	NoExercisesHint   = "Walk a few steps, roll your shoulders, and look at something far away."
)
