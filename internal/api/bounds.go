package api

import (
	"fmt"
	"strings"
	"time"
)

// Bounds of the durations a request may ask for, checked once, by Check, wherever a request
// comes from. The config's durations have the same minimum.
const (
	// MinDuration is the shortest snooze or pause, and the shortest duration of the config.
	MinDuration = time.Minute
	// MaxSnooze is the longest snooze.
	MaxSnooze = 24 * time.Hour
	// MaxPause is the longest pause for a duration; longer ones are "indefinitely".
	MaxPause = 30 * 24 * time.Hour
)

// Check returns a *Refused when r is not a request the daemon can act on: an unknown action,
// a snooze or pause length out of bounds, or a pause that does not say exactly one way how
// long. Its messages are the same wherever r came from (tray, CLI, socket).
func (r Request) Check() error {
	if r.Exercise != "" && r.Action != Break {
		return &Refused{Msg: fmt.Sprintf("an exercise goes with the break action only, not %s", r.Action)}
	}
	switch r.Action {
	case Snooze:
		if r.Snooze != 0 {
			return CheckDuration("snooze", r.Snooze, MaxSnooze)
		}
	case Pause:
		return r.Pause.Check()
	default:
		if !r.Action.Valid() {
			return &Refused{Msg: fmt.Sprintf("unknown action %q; the actions are %s", r.Action, actionList())}
		}
	}
	return nil
}

// Check returns a *Refused unless exactly one way is set and a duration is within bounds.
func (p PauseRequest) Check() error {
	n := 0
	for _, set := range []bool{p.For != 0, p.UntilNextRange, p.UntilTomorrow, p.Indefinitely} {
		if set {
			n++
		}
	}
	if n != 1 {
		return &Refused{Msg: "say how long to pause: a duration, until the next work range, until tomorrow, or indefinitely"}
	}
	if p.For != 0 {
		return CheckDuration("pause", p.For, MaxPause)
	}
	return nil
}

// CheckDuration returns a *Refused unless MinDuration <= d <= max; verb names the action in
// the message: "cannot pause for 30s: choose between 1m and 720h".
func CheckDuration(verb string, d, max time.Duration) error {
	if d < MinDuration || d > max {
		return OutOfBounds(verb, ShortDuration(d), max)
	}
	return nil
}

// OutOfBounds is CheckDuration's refusal for a length said as shown, for one too large to be
// a time.Duration at all ("99999999999 min").
func OutOfBounds(verb, shown string, max time.Duration) error {
	return &Refused{Msg: fmt.Sprintf("cannot %s for %s: choose between %s and %s", verb, shown, ShortDuration(MinDuration), ShortDuration(max))}
}

// ShortDuration formats d as Go does, without trailing zero units: "24h", "720h", "1h30m",
// "30s", "0s".
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

func actionList() string {
	s := make([]string, len(Actions))
	for i, a := range Actions {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}
