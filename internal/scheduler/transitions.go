package scheduler

import (
	"time"
)

// The transitions below are what the person (through the tray, a notification or the CLI)
// and the desktop (time away) do to the state. Each returns the events it causes, or a
// *Refused error when it does not apply now; a refused transition changes nothing.

// Start starts a break at now: the due one, else the named break rule, else the first break
// rule ("break now").
func (s *State) Start(r *Rules, now time.Time, ruleName string) ([]Event, error) {
	if s.Active != nil {
		return nil, refusef("a break is already running (until %s)", s.Active.End.In(r.Zone).Format("15:04"))
	}
	name := ruleName
	if name == "" && s.Pending != nil {
		name = s.Pending.Rule
	}
	var rule Rule
	found := false
	for _, x := range r.List {
		if x.Kind == KindBreak && (name == "" || x.Name == name) {
			rule, found = x, true
			break
		}
	}
	if !found {
		if name != "" {
			return nil, refusef("no break rule named %q", name)
		}
		return nil, refusef("no break is configured: add a [breaks.NAME] table to the config")
	}
	var evs []Event
	own := s.Pending == nil || s.Pending.Rule != rule.Name
	if s.Pending != nil && s.Pending.Rule != rule.Name {
		evs = append(evs, Event{Type: EventSkipped, At: now, Rule: s.Pending.Rule, Kind: KindBreak})
		s.setSince(s.Pending.Rule, now)
	}
	s.Pending = nil
	s.Active = &Active{Rule: rule.Name, Start: now, End: now.Add(rule.Duration), Own: own}
	return append(evs, Event{Type: EventStarted, At: now, Rule: rule.Name, Kind: KindBreak, Duration: rule.Duration, Own: own}), nil
}

// Done ends the running break at now.
func (s *State) Done(r *Rules, now time.Time) ([]Event, error) {
	if s.Active == nil {
		return nil, refusef("no break is running")
	}
	a := *s.Active
	s.Active = nil
	return s.breakEnded(r, a, now), nil
}

// Snooze puts off the due break for d (d <= 0: the first snooze choice), up to the snooze
// limit per due break. Snoozing while already snoozed uses a snooze too and extends the
// current snooze: the break then shows at its old end plus d. The event's From is that old
// end (zero when the break was not snoozed).
func (s *State) Snooze(r *Rules, now time.Time, d time.Duration) ([]Event, error) {
	p := s.Pending
	switch {
	case s.Active != nil:
		return nil, refusef("nothing to snooze: a break is running (use done or skip)")
	case p == nil:
		return nil, refusef("nothing to snooze: no break is due")
	case p.Snoozes >= r.SnoozeLimit:
		return nil, refusef("snooze limit reached: this break was snoozed %d of %d times; start it or skip it", p.Snoozes, r.SnoozeLimit)
	}
	if d <= 0 {
		if len(r.SnoozeChoices) == 0 {
			return nil, refusef("no snooze choices are configured")
		}
		d = r.SnoozeChoices[0]
	}
	var from time.Time
	base := now
	if p.SnoozedUntil.After(now) {
		from, base = p.SnoozedUntil, p.SnoozedUntil
	}
	p.Snoozes++
	p.SnoozedUntil = base.Add(d)
	p.Reminded = false
	return []Event{{Type: EventSnoozed, At: now, Rule: p.Rule, Kind: KindBreak, Until: p.SnoozedUntil, From: from}}, nil
}

// SnoozesLeft returns how many snoozes the due break has left (the full limit when none is
// due).
func (s *State) SnoozesLeft(r *Rules) int {
	if s.Pending == nil {
		return r.SnoozeLimit
	}
	return max(0, r.SnoozeLimit-s.Pending.Snoozes)
}

// Skip dismisses the due or running break; its rule's interval restarts at now.
func (s *State) Skip(r *Rules, now time.Time) ([]Event, error) {
	var name string
	own := false
	switch {
	case s.Active != nil:
		name, own, s.Active = s.Active.Rule, s.Active.Own, nil
	case s.Pending != nil:
		name, s.Pending = s.Pending.Rule, nil
	default:
		return nil, refusef("nothing to skip: no break is due or running")
	}
	s.setSince(name, now)
	return []Event{{Type: EventSkipped, At: now, Rule: name, Kind: KindBreak, Own: own}}, nil
}

// Pause stops all reminders from now until until (zero: indefinitely). A due break is
// set aside (recorded as paused, not skipped: the person did not press Skip) and a running
// one ends, cut short.
func (s *State) Pause(r *Rules, now, until time.Time) ([]Event, error) {
	if !until.IsZero() && !until.After(now) {
		return nil, refusef("cannot pause until %s: that is not in the future", until.In(r.Zone).Format("2006-01-02 15:04"))
	}
	var evs []Event
	if s.Active != nil {
		a := *s.Active
		s.Active = nil
		evs = append(evs, s.breakEnded(r, a, now)...)
	}
	if s.Pending != nil {
		evs = append(evs, Event{Type: EventPaused, At: now, Rule: s.Pending.Rule, Kind: KindBreak})
		s.setSince(s.Pending.Rule, now)
		s.Pending = nil
	}
	s.Paused = &Pause{Since: now, Until: until}
	return append(evs, Event{Type: EventPaused, At: now, Until: until}), nil
}

// Resume ends a pause at now; every rule counts afresh from now.
func (s *State) Resume(r *Rules, now time.Time) ([]Event, error) {
	if s.Paused == nil {
		return nil, refusef("not paused")
	}
	s.Paused = nil
	s.restartAll(r, now)
	return []Event{{Type: EventResumed, At: now}}, nil
}

// Leave marks the person as away since t (idle, asleep, locked): nothing new fires until
// Return. Leaving twice keeps the earlier time.
func (s *State) Leave(t time.Time) {
	if s.AwaySince.IsZero() || t.Before(s.AwaySince) {
		s.AwaySince = t
	}
}

// Return ends the time away that Leave started, at now.
func (s *State) Return(r *Rules, now time.Time) []Event {
	if s.AwaySince.IsZero() {
		return nil
	}
	from := s.AwaySince
	s.AwaySince = time.Time{}
	return s.Away(r, from, now)
}

// Away accounts for time away from from to to that has already ended (a gap between the
// daemon's looks at the clock, such as a suspend, or a return from idle). For every rule the
// time away either counts as a natural break, when it is at least as long as the rule's
// break (PromptAwayThreshold for a prompt), restarting the rule at to, or else does not count
// as work time. A due break covered by the time away is taken naturally. Nothing that came
// due while away fires for it.
func (s *State) Away(r *Rules, from, to time.Time) []Event {
	gone := to.Sub(from)
	if gone <= 0 {
		return nil
	}
	var evs []Event
	if a := s.Active; a != nil && !a.End.After(to) {
		// The break ran out while the person was away: it ended then.
		s.Active = nil
		evs = s.breakEnded(r, *a, a.End)
	}
	if p := s.Paused; p != nil && !p.Until.IsZero() && !p.Until.After(to) {
		// The pause ended while the person was away: it ended then, before what the
		// return brings (so that history stays in time order), and the time away after it
		// does not count as work.
		s.Paused = nil
		s.restartAll(r, p.Until)
		ev := Event{Type: EventResumed, At: p.Until}
		if len(evs) > 0 && evs[0].At.After(p.Until) {
			evs = append([]Event{ev}, evs...)
		} else {
			evs = append(evs, ev)
		}
	}
	var natural string
	reset := false
	for _, rule := range r.List {
		since := s.since(rule, to)
		switch {
		case gone >= threshold(rule) || rule.At != nil && since.Before(to):
			// A fixed-time rule never fires late for time away; an interval rule restarts
			// when the time away was long enough. Time already accounted for (the same
			// wake seen as a clock gap and as a signal) restarts nothing and counts once.
			if gone >= threshold(rule) && since.Before(to) {
				reset = true
				if natural == "" && rule.Kind == KindBreak {
					natural = rule.Name
				}
			}
			if since.Before(to) {
				s.setSince(rule.Name, to)
			}
		case since.Before(from):
			// Counting effectively started at the later of since and the start of the work
			// range the absence began in; the absence moves that start.
			if sp, ok := r.spanAt(from); ok && since.Before(sp.Start) {
				since = sp.Start
			}
			s.setSince(rule.Name, since.Add(gone))
		case since.Before(to):
			s.setSince(rule.Name, to)
		}
	}
	wasDue := false
	if p := s.Pending; p != nil {
		if rule, ok := r.Rule(p.Rule); ok && gone >= threshold(rule) {
			s.Pending = nil
			natural, wasDue = p.Rule, true
		}
	}
	if reset && (r.InWork(from) || r.InWork(to)) {
		evs = append(evs, Event{Type: EventNatural, At: to, Rule: natural, Duration: gone, WasDue: wasDue})
	}
	return evs
}

// Plan lists what fires from from until until for a person who is at the desk all the time
// and starts every break the moment it is due: the break and prompt events (EventDue and
// EventPrompt), in time order. Every rule counts afresh from from. It runs the same Advance
// and Wake as the daemon.
func Plan(r *Rules, from, until time.Time) []Event {
	s := &State{}
	s.restartAll(r, from)
	return s.plan(r, from, until)
}

// PlanFrom is Plan continuing from the daemon's state s (which it does not change) at from:
// its first break agrees with the daemon's Status.Next to the instant. A break that is due at
// from is listed at its due time; a snoozed one when its snooze ends.
func PlanFrom(r *Rules, s *State, from, until time.Time) []Event {
	sim := s.clone()
	sim.AwaySince = time.Time{}
	return sim.plan(r, from, until)
}

func (s *State) plan(r *Rules, from, until time.Time) []Event {
	var out []Event
	t := from
	for !t.After(until) {
		shown := false
		snoozed := s.Pending != nil && !s.Pending.SnoozedUntil.IsZero()
		for _, ev := range s.Advance(r, t) {
			switch {
			case ev.Type == EventDue || ev.Type == EventPrompt:
				out = append(out, ev)
				shown = shown || ev.Type == EventDue
			case ev.Type == EventReminder && snoozed:
				// The snooze of the break that was due at from ended: it shows again
				// then. (Every break due later is started at once, and a remind_after
				// reminder of one due at from is no new showing.)
				ev.Type = EventDue
				out = append(out, ev)
				shown = true
			}
		}
		if p := s.Pending; p != nil && !p.SnoozedUntil.After(t) {
			if !shown {
				// Due before the plan began, and still due: listed at its due time, as
				// Status.Next has it.
				rule, _ := r.Rule(p.Rule)
				out = append(out, Event{Type: EventDue, At: p.DueAt, Rule: p.Rule, Kind: KindBreak, Duration: rule.Duration})
			}
			_, _ = s.Start(r, t, "")
		}
		t = Wake(r, s, t)
		if t.IsZero() {
			break
		}
	}
	return out
}
