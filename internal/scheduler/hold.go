package scheduler

import "time"

// Transitions of what the desktop does to a break's showing: do-not-disturb holding a due
// break back, and a running break moving on to its next exercise. Like the others, each
// refuses with a *Refused and changes nothing when it does not apply.

// Hold holds the due break back unannounced at now, because the desktop asks not to be
// disturbed (why: "do-not-disturb", "fullscreen window"). A break held already stays held
// since the first time.
func (s *State) Hold(now time.Time, why string) error {
	p := s.Pending
	switch {
	case p == nil:
		return refusef("nothing to hold: no break is due")
	case p.SnoozedUntil.After(now):
		return refusef("nothing to hold: the break is snoozed")
	case !p.HeldSince.IsZero():
		return refusef("the break is held already (since %s)", p.HeldSince.Format(time.RFC3339))
	}
	p.HeldSince, p.HeldWhy = now, why
	return nil
}

// Release ends the hold on the due break at now: it is announced now, so its reminder
// counts from now.
func (s *State) Release(now time.Time) error {
	p := s.Pending
	if p == nil || p.HeldSince.IsZero() {
		return refusef("nothing to release: no break is held")
	}
	p.HeldSince, p.HeldWhy = time.Time{}, ""
	p.Shown, p.Reminded = now, false
	return nil
}

// Held reports whether a due break is held back, and why.
func (s *State) Held() (string, bool) {
	if p := s.Pending; p != nil && !p.HeldSince.IsZero() {
		return p.HeldWhy, true
	}
	return "", false
}

// ShowExercise records that exercise i of the running break is shown. Exercises go forward
// only.
func (s *State) ShowExercise(i int) error {
	a := s.Active
	switch {
	case a == nil:
		return refusef("no break is running")
	case i <= a.Shown:
		return refusef("exercise %d is shown already (the break is at exercise %d)", i+1, a.Shown+1)
	}
	a.Shown = i
	return nil
}
