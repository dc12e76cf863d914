package scheduler

import (
	"fmt"
	"sort"
	"time"
)

// PromptAwayThreshold is the time away that counts as a natural break for a prompt rule.
const PromptAwayThreshold = 5 * time.Minute

// FoldWindow is how close to a break a prompt is folded into it.
const FoldWindow = 5 * time.Minute

// coincide is how close two prompts are shown as one.
const coincide = time.Minute

// Refused is a transition that does not apply in the current state. Its message is meant for
// people as it is.
type Refused struct{ Msg string }

func (e *Refused) Error() string { return e.Msg }

func refusef(format string, a ...any) error { return &Refused{fmt.Sprintf(format, a...)} }

// threshold is the time away that counts as a natural break for rule.
func threshold(rule Rule) time.Duration {
	if rule.Kind == KindBreak && rule.Duration > 0 {
		return rule.Duration
	}
	return PromptAwayThreshold
}

// since returns where rule's counting restarted; a rule never seen counts from now.
func (s *State) since(rule Rule, now time.Time) time.Time {
	if rs, ok := s.Rules[rule.Name]; ok && !rs.Since.IsZero() {
		return rs.Since
	}
	return now
}

func (s *State) setSince(name string, t time.Time) {
	if s.Rules == nil {
		s.Rules = map[string]RuleState{}
	}
	s.Rules[name] = RuleState{Since: t}
}

// restartAll moves every rule's counting start to t, unless it is later already.
func (s *State) restartAll(r *Rules, t time.Time) {
	for _, rule := range r.List {
		if rs, ok := s.Rules[rule.Name]; !ok || rs.Since.Before(t) {
			s.setSince(rule.Name, t)
		}
	}
}

// track starts counting, at now, every rule the state has not seen (a first run, or a rule
// added by a config reload).
func (s *State) track(r *Rules, now time.Time) {
	for _, rule := range r.List {
		if _, ok := s.Rules[rule.Name]; !ok {
			s.setSince(rule.Name, now)
		}
	}
}

// dueAt returns when rule next comes due, counting from its start. ok is false when it never
// does within the search horizon.
func (r *Rules) dueAt(rule Rule, since time.Time) (time.Time, bool) {
	if rule.At != nil {
		cur := since
		for i := 0; i < 2*maxSearchDays; i++ {
			t := cronNext(rule.At, cur, r.Zone)
			if t.IsZero() {
				return time.Time{}, false
			}
			sp, ok := r.spanFrom(t)
			if !ok {
				return time.Time{}, false
			}
			if !t.Before(sp.Start) {
				return t, true
			}
			cur = sp.Start.Add(-time.Nanosecond)
		}
		return time.Time{}, false
	}
	if rule.Every <= 0 || rule.Every >= r.longestSpan() {
		return time.Time{}, false // counting restarts with each span: it never fits in one
	}
	anchor := since
	for i := 0; i < 4*maxSearchDays; i++ {
		sp, ok := r.spanFrom(anchor)
		if !ok {
			return time.Time{}, false
		}
		if anchor.Before(sp.Start) {
			anchor = sp.Start
		}
		if due := anchor.Add(rule.Every); due.Before(sp.End) {
			return due, true
		}
		anchor = sp.End
	}
	return time.Time{}, false
}

// longestSpan bounds the length of any work span: the longest range of the week, plus the
// hour a span gains when the clocks go back inside it.
func (r *Rules) longestSpan() time.Duration {
	longest := 0
	for _, day := range r.Week {
		for _, rg := range day {
			longest = max(longest, rg.End-rg.Start)
		}
	}
	return time.Duration(longest)*time.Minute + time.Hour
}

// due is one rule's next due time.
type due struct {
	rule Rule
	at   time.Time
}

// dues returns every rule's next due time, earliest first (config order breaks ties).
func (r *Rules) dues(s *State, now time.Time) []due {
	out := make([]due, 0, len(r.List))
	for _, rule := range r.List {
		if at, ok := r.dueAt(rule, s.since(rule, now)); ok {
			out = append(out, due{rule, at})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// Advance applies everything that has happened by now: a break whose time ran out ends, a
// pause or snooze expires, a due break is reminded of or expires at the end of its work
// range, and rules that are due fire. A due break stays due (and keeps its snooze count)
// until it is started, skipped or taken naturally, or its work range ends: its rule does not
// come due again meanwhile. It returns the events in order. Call it at every wake.
func (s *State) Advance(r *Rules, now time.Time) []Event {
	s.track(r, now)
	var evs []Event
	if s.Active != nil && !now.Before(s.Active.End) {
		a := *s.Active
		s.Active = nil
		evs = append(evs, s.breakEnded(r, a, a.End)...)
	}
	if s.Paused != nil && !s.Paused.Until.IsZero() && !now.Before(s.Paused.Until) {
		until := s.Paused.Until
		s.Paused = nil
		s.restartAll(r, until)
		evs = append(evs, Event{Type: EventResumed, At: until})
	}
	if p := s.Pending; p != nil {
		rule, known := r.Rule(p.Rule)
		switch {
		case !known || !r.InWork(now):
			// A rule dropped by a config reload, or the work range ended with the break still
			// due: it was never acted on.
			s.Pending = nil
			evs = append(evs, Event{Type: EventIgnored, At: now, Rule: p.Rule, Kind: KindBreak})
			if known {
				s.setSince(p.Rule, now)
			}
		case !p.SnoozedUntil.IsZero():
			if !now.Before(p.SnoozedUntil) {
				at := p.SnoozedUntil
				p.SnoozedUntil, p.Shown, p.Reminded = time.Time{}, at, false
				evs = append(evs, Event{Type: EventReminder, At: at, Rule: p.Rule, Kind: KindBreak, Duration: rule.Duration})
			}
		case rule.RemindAfter > 0 && !p.Reminded && !now.Before(p.Shown.Add(rule.RemindAfter)):
			p.Reminded = true
			evs = append(evs, Event{Type: EventReminder, At: p.Shown.Add(rule.RemindAfter), Rule: p.Rule, Kind: KindBreak, Duration: rule.Duration})
		}
	}
	if s.Paused == nil && s.AwaySince.IsZero() && r.InWork(now) {
		evs = append(evs, s.fire(r, now)...)
	}
	return evs
}

// fire starts the rules due by now: at most one break, which takes in the prompts due
// within FoldWindow of it, or else the prompts due now, shown as one.
func (s *State) fire(r *Rules, now time.Time) []Event {
	ds := r.dues(s, now)
	busy := s.Pending != nil || s.Active != nil
	if !busy {
		for _, d := range ds {
			if d.rule.Kind != KindBreak || d.at.After(now) {
				continue
			}
			s.Pending = &Pending{Rule: d.rule.Name, DueAt: d.at, Shown: d.at}
			ev := Event{Type: EventDue, At: d.at, Rule: d.rule.Name, Kind: KindBreak, Duration: d.rule.Duration}
			for _, p := range ds {
				if p.rule.Kind == KindPrompt && !p.at.After(d.at.Add(FoldWindow)) {
					ev.Folded = append(ev.Folded, p.rule.Name)
					s.setSince(p.rule.Name, d.at)
				}
			}
			return []Event{ev}
		}
	}
	var shown *Event
	for _, d := range ds {
		if d.rule.Kind != KindPrompt || d.at.After(now.Add(coincide)) {
			continue
		}
		if d.at.After(now) && shown == nil {
			continue // coincides with a later prompt only; it fires on its own
		}
		if busy {
			// Folded into the break that is due or running.
			s.setSince(d.rule.Name, now)
			continue
		}
		if shown == nil && r.breakWithin(ds, d.at) {
			continue // a break comes due within FoldWindow: fold into it then
		}
		s.setSince(d.rule.Name, now)
		if shown == nil {
			// Shown now: a prompt held back to fold into a break that then did not come
			// (the person started one early) shows late, not back in time.
			shown = &Event{Type: EventPrompt, At: now, Rule: d.rule.Name, Kind: KindPrompt}
		} else {
			shown.Folded = append(shown.Folded, d.rule.Name)
		}
	}
	if shown == nil {
		return nil
	}
	return []Event{*shown}
}

// breakWithin reports whether a break comes due within FoldWindow after t.
func (r *Rules) breakWithin(ds []due, t time.Time) bool {
	for _, d := range ds {
		if d.rule.Kind == KindBreak && !d.at.After(t.Add(FoldWindow)) {
			return true
		}
	}
	return false
}

// breakEnded records the end of break a at t: its rule restarts, and so does every rule whose
// natural-break threshold the break covered.
func (s *State) breakEnded(r *Rules, a Active, t time.Time) []Event {
	took := max(t.Sub(a.Start), 0) // a clock stepped back under the break makes no negative break
	for _, rule := range r.List {
		if (rule.Name == a.Rule || took >= threshold(rule)) && s.since(rule, t).Before(t) {
			s.setSince(rule.Name, t)
		}
	}
	return []Event{{Type: EventDone, At: t, Rule: a.Rule, Kind: KindBreak, Duration: took, Own: a.Own, Short: t.Before(a.End)}}
}

// Wake returns the next instant after now at which Advance or Status may change anything:
// a due time, the end of a break, snooze or pause, a reminder, or a work-range boundary.
// Zero when nothing is scheduled (the daemon still looks at the clock every minute).
func Wake(r *Rules, s *State, now time.Time) time.Time {
	var w time.Time
	consider := func(t time.Time) {
		if t.After(now) && (w.IsZero() || t.Before(w)) {
			w = t
		}
	}
	if s.Active != nil {
		consider(s.Active.End)
	}
	if s.Paused != nil {
		consider(s.Paused.Until)
	}
	if p := s.Pending; p != nil {
		consider(p.SnoozedUntil)
		if rule, ok := r.Rule(p.Rule); ok && rule.RemindAfter > 0 && !p.Reminded && p.SnoozedUntil.IsZero() {
			consider(p.Shown.Add(rule.RemindAfter))
		}
	}
	if sp, ok := r.spanFrom(now); ok {
		consider(sp.Start)
		consider(sp.End)
	}
	if s.Paused == nil {
		for _, d := range r.dues(s, now) {
			consider(d.at)
		}
	}
	return w
}

// Status describes s at now. Next is found by looking ahead as the person would live it:
// taking every break when it is due.
func (r *Rules) Status(s *State, now time.Time) Status {
	st := Status{Pending: s.Pending, Active: s.Active, AwaySince: s.AwaySince}
	sp, inWork := r.spanAt(now)
	switch {
	case s.Active != nil:
		st.State = StateInBreak
	case s.Pending != nil && s.Pending.SnoozedUntil.After(now):
		st.State, st.SnoozedUntil = StateSnoozed, s.Pending.SnoozedUntil
	case s.Pending != nil:
		st.State = StateDue
	case s.Paused != nil:
		st.State = StatePaused
		st.PausedUntil, st.PausedIndefinitely = s.Paused.Until, s.Paused.Until.IsZero()
	case !inWork:
		st.State = StateOffHours
	default:
		st.State = StateWorking
	}
	if inWork {
		st.WorkEnd = sp.End
	} else if next, ok := r.spanFrom(now); ok {
		st.WorkStart = next.Start
	}
	st.Next = r.NextOf(s, now, "")
	return st
}

// NextOf returns the next firing of the given kind ("" for either) at or after now, looking
// ahead from a copy of s as the person would live it: taking every break when it is due.
// A due or snoozed break is the next break, unless its snooze outlasts its work range.
func (r *Rules) NextOf(s *State, now time.Time, kind Kind) *Upcoming {
	if p := s.Pending; p != nil && kind != KindPrompt {
		rule, _ := r.Rule(p.Rule)
		at := p.DueAt
		if p.SnoozedUntil.After(now) {
			at = p.SnoozedUntil
		}
		// A break snoozed past the end of its work range is set aside as ignored then; the
		// look-ahead below finds what comes instead.
		if sp, ok := r.spanAt(now); !ok || at.Before(sp.End) {
			return &Upcoming{At: at, Kind: KindBreak, Rule: p.Rule, Duration: rule.Duration}
		}
	}
	sim := s.clone()
	sim.AwaySince = time.Time{}
	t := now
	for i := 0; i < 256; i++ {
		for _, ev := range sim.Advance(r, t) {
			if (ev.At.After(now) || (ev.At.Equal(now) && i > 0)) && (kind == "" || ev.Kind == kind) {
				switch ev.Type {
				case EventDue:
					return &Upcoming{At: ev.At, Kind: KindBreak, Rule: ev.Rule, Duration: ev.Duration}
				case EventPrompt:
					return &Upcoming{At: ev.At, Kind: KindPrompt, Rule: ev.Rule}
				}
			}
		}
		if p := sim.Pending; p != nil && !p.SnoozedUntil.After(t) {
			_, _ = sim.Start(r, t, "") // a snoozed break waits for its snooze to end
		}
		t = Wake(r, sim, t)
		if t.IsZero() {
			return nil
		}
	}
	return nil
}

// clone returns a deep copy of s whose Rules map is never nil, for the engine to write into.
func (s *State) clone() *State {
	c := s.Clone()
	if c.Rules == nil {
		c.Rules = map[string]RuleState{}
	}
	return &c
}
