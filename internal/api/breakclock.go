package api

import (
	"fmt"
	"time"
)

// FormatLeft formats the time left of a running break or exercise: "2:45", "0:05", rounded
// up to the second so that it reads "0:00" only at the end; "1:02:30" past an hour.
func FormatLeft(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64((d + time.Second - 1) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// CountdownStep is how often the countdown of a running break is shown afresh (the
// notification and the tray): at the break's start plus whole steps, and at the end of
// each exercise.
const CountdownStep = 15 * time.Second

// BreakClock says where a break that started at start stands at now: the index of the
// exercise under way (len(ex)-1 once all are over; -1 without exercises) and when it ends.
// Shown against a break's end, exEnd is capped there (ExerciseEnd).
func BreakClock(ex []Exercise, start, now time.Time) (i int, exEnd time.Time) {
	t := start
	for i, e := range ex {
		t = t.Add(e.Duration)
		if now.Before(t) {
			return i, t
		}
	}
	return len(ex) - 1, t
}

// ExerciseEnd returns when the exercise under way at now ends, but no later than the break's
// end: an exercise that runs over the break ends with it.
func ExerciseEnd(ex []Exercise, start, end, now time.Time) time.Time {
	_, exEnd := BreakClock(ex, start, now)
	if exEnd.After(end) {
		return end
	}
	return exEnd
}

// LastTick returns the latest instant at or before now at which the countdown of a break
// that started at start was shown afresh (see NextTick): a display that shows the time left
// from it reads the same until the next tick. Before start it is start.
func LastTick(ex []Exercise, start, now time.Time) time.Time {
	if !now.After(start) {
		return start
	}
	last := start.Add(now.Sub(start) / CountdownStep * CountdownStep)
	t := start
	for _, e := range ex {
		t = t.Add(e.Duration)
		if t.After(now) {
			break
		}
		if t.After(last) {
			last = t
		}
	}
	return last
}

// NextTick returns the next instant after now at which the countdown of a break that
// started at start and ends at end is shown afresh: a CountdownStep after start, or the end
// of an exercise, whichever is first; zero once the break is over.
func NextTick(ex []Exercise, start, end, now time.Time) time.Time {
	if !now.Before(end) {
		return time.Time{}
	}
	steps := now.Sub(start)/CountdownStep + 1
	if now.Before(start) {
		steps = 0
	}
	next := start.Add(steps * CountdownStep)
	if _, exEnd := BreakClock(ex, start, now); exEnd.After(now) && exEnd.Before(next) {
		next = exEnd
	}
	if next.After(end) {
		next = end
	}
	return next
}
