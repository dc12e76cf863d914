package scheduler

import "time"

// ClockBack repairs the state after the wall clock was seen to go back from last to now
// (now before last): a correction of a clock that ran ahead (a dual-boot machine whose RTC
// keeps local time does this at every boot), or a step back. Every time the state holds
// after now was written while the clock ran ahead; each is moved back by the step and then
// clamped to now, so that nothing (a rule's restart, a natural break, a due time) lies in the
// future and stops breaks until the clock catches up, while a running break, a snooze and
// a pause keep what was left of them.
func (s *State) ClockBack(last, now time.Time) {
	step := last.Sub(now)
	if step <= 0 {
		return
	}
	// back brings a time that lies ahead (the end of a snooze) back by the step, but not
	// before now.
	back := func(t time.Time) time.Time {
		if !t.After(now) {
			return t
		}
		return maxTime(t.Add(-step), now)
	}
	// past brings a time that cannot lie ahead (a start, a restart) back by the step, and to
	// now at the latest.
	past := func(t time.Time) time.Time {
		if !t.After(now) {
			return t
		}
		if t = t.Add(-step); t.After(now) {
			return now
		}
		return t
	}
	for name, rs := range s.Rules {
		rs.Since = past(rs.Since)
		s.Rules[name] = rs
	}
	if p := s.Pending; p != nil {
		p.DueAt, p.Shown = past(p.DueAt), past(p.Shown)
		if !p.SnoozedUntil.IsZero() {
			p.SnoozedUntil = back(p.SnoozedUntil)
		}
	}
	if a := s.Active; a != nil && a.Start.After(now) {
		// Started while the clock ran ahead: the same length is left of it.
		length := a.End.Sub(a.Start)
		a.Start = past(a.Start)
		a.End = a.Start.Add(length)
	} else if a != nil && a.End.Sub(now) > a.End.Sub(a.Start) {
		a.End = now.Add(a.End.Sub(a.Start))
	}
	if p := s.Paused; p != nil && p.Since.After(now) {
		if !p.Until.IsZero() {
			p.Until = back(p.Until)
		}
		p.Since = past(p.Since)
	}
	if !s.AwaySince.IsZero() {
		s.AwaySince = past(s.AwaySince)
	}
	s.LastSeen = now
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
