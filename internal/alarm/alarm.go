// Package alarm wakes a loop at a time of the wall clock, at the lowest cost the OS allows.
//
// Go's own timers are a poor fit for a daemon that sleeps for minutes: they run on the
// monotonic clock, which stops while the machine is suspended, so a timer set for 09:00 the
// night before goes off hours late; and in an idle process the runtime's monitor thread
// wakes at the exact deadline while the thread that runs the timer wakes up to 0.1% of the
// wait later (the kernel's slack on epoll timeouts), so the monitor spins in 20 µs sleeps
// until it does: about 60 context switches for a one-minute timer.
//
// On Linux, New returns an alarm on a timerfd of CLOCK_REALTIME, read through the runtime's
// poller: it goes off at the wall-clock instant, at once after a resume that passed it, and
// also whenever the clock is set, so a loop that looks at the clock then sees the change. On
// other systems New returns a Go timer that never sleeps longer than MaxTimerSleep, so the
// loop looks at the wall clock at least that often.
package alarm

import "time"

// MaxTimerSleep is the longest a Timer sleeps before it goes off anyway.
const MaxTimerSleep = time.Minute

// Timer is an alarm on a Go timer, for systems without a wall-clock timer and for tests
// (it works with testing/synctest's fake clock). It goes off at the time set or after
// MaxTimerSleep, whichever comes first.
type Timer struct {
	t *time.Timer
}

// NewTimer returns a Timer that is not set.
func NewTimer() *Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &Timer{t: t}
}

// C delivers the time when the alarm goes off.
func (a *Timer) C() <-chan time.Time { return a.t.C }

// Set arms the alarm for at (at once when at has passed), replacing any earlier setting and
// dropping a time already delivered but not yet received. It returns the latest time the
// alarm goes off: at, or MaxTimerSleep from now if that is earlier.
func (a *Timer) Set(at time.Time) time.Time {
	now := time.Now()
	a.t.Reset(min(max(at.Sub(now), 0), MaxTimerSleep))
	if limit := now.Add(MaxTimerSleep); limit.Before(at) {
		return limit
	}
	return at
}

// Close stops the alarm.
func (a *Timer) Close() error {
	a.t.Stop()
	return nil
}
