package store

import (
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// Counts are the numbers of things that happened, as the stats command and the daemon's
// status show them (api.Counts has the same fields).
//
// A due break ends as exactly one of Full, Short, Skipped, Ignored, Paused or NaturalOfDue
// (time away covered it), or is still due or running; breaks started on one's own are counted in
// Own only.
type Counts struct {
	Due   int `json:"due"`        // breaks that came due
	Full  int `json:"taken_full"` // due breaks taken in full
	Short int `json:"cut_short"`  // due breaks ended early
	// ShortSeconds is the time done in the breaks cut short, in whole seconds, summed.
	ShortSeconds int64 `json:"cut_short_seconds"`
	Own          int   `json:"own"`     // breaks started on one's own, not due
	Natural      int   `json:"natural"` // times away that counted as a break
	// NaturalOfDue is how many of Natural took the place of a due break.
	NaturalOfDue int `json:"natural_of_due"`
	Snoozed      int `json:"snoozed"` // snoozes
	Skipped      int `json:"skipped"` // due breaks skipped
	Ignored      int `json:"ignored"` // due breaks never acted on
	Paused       int `json:"paused"`  // due breaks set aside by a pause
	Prompts      int `json:"prompts"` // prompts shown
}

// Count counts events by type: due, done (Full or Short; Own for a break started on one's
// own), natural, snoozed, skipped, ignored, paused (the due break a pause set aside) and
// prompt (Prompts); other types are not counted. A natural break recorded for several rules
// at the same instant counts once. History written before Short and Own existed counts its
// done breaks as taken in full.
func Count(events []scheduler.Event) Counts {
	var c Counts
	var lastNatural time.Time
	for _, ev := range events {
		switch ev.Type {
		case scheduler.EventDue:
			c.Due++
		case scheduler.EventStarted:
			if ev.Own {
				c.Own++
			}
		case scheduler.EventDone:
			switch {
			case ev.Own:
			case ev.Short:
				c.Short++
				c.ShortSeconds += int64(ev.Duration.Round(time.Second) / time.Second)
			default:
				c.Full++
			}
		case scheduler.EventPaused:
			if ev.Kind == scheduler.KindBreak {
				c.Paused++
			}
		case scheduler.EventNatural:
			if !lastNatural.IsZero() && ev.At.Equal(lastNatural) {
				continue
			}
			lastNatural = ev.At
			c.Natural++
			if ev.WasDue {
				c.NaturalOfDue++
			}
		case scheduler.EventSnoozed:
			c.Snoozed++
		case scheduler.EventSkipped:
			if !ev.Own {
				c.Skipped++
			}
		case scheduler.EventIgnored:
			c.Ignored++
		case scheduler.EventPrompt:
			c.Prompts++
		}
	}
	return c
}

// Share is the share of breaks taken: breaks taken in full plus natural breaks, over breaks
// due plus the natural breaks that were not of a due break (time away long enough is a break
// that never had to come due).
// Breaks cut short and breaks started on one's own do not count. ok is false when there was
// no break to take.
func (c Counts) Share() (share float64, ok bool) {
	den := c.Due + c.Natural - c.NaturalOfDue
	if den <= 0 {
		return 0, false
	}
	// Capped only for history cut at a day's edge (a break due before midnight, done after).
	return min(1, float64(c.Full+c.Natural)/float64(den)), true
}

// Day is the counts of one calendar day.
type Day struct {
	Date string `json:"date"` // YYYY-MM-DD
	Counts
}

// DailyCounts counts events per calendar day in zone, for every day that overlaps the
// instants [from, to), in order, days without events included. Events outside [from, to)
// are not counted. It returns nil when to is not after from.
func DailyCounts(events []scheduler.Event, zone *time.Location, from, to time.Time) []Day {
	if !to.After(from) {
		return nil
	}
	byDay := map[scheduler.Date][]scheduler.Event{}
	for _, ev := range events {
		if ev.At.Before(from) || !ev.At.Before(to) {
			continue
		}
		d := scheduler.DateOf(ev.At.In(zone))
		byDay[d] = append(byDay[d], ev)
	}
	first := scheduler.DateOf(from.In(zone))
	last := scheduler.DateOf(to.Add(-time.Nanosecond).In(zone))
	var days []Day
	// Step by calendar date at noon, which exists in every zone whatever its DST rules.
	for i := 0; ; i++ {
		d := scheduler.DateOf(time.Date(first.Year, first.Month, first.Day+i, 12, 0, 0, 0, zone))
		days = append(days, Day{Date: d.String(), Counts: Count(byDay[d])})
		if d == last {
			return days
		}
	}
}
