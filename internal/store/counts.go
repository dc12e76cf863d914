package store

import (
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// Counts are the numbers of things that happened, as the stats command and the daemon's
// status show them (api.Counts has the same fields).
type Counts struct {
	Due     int `json:"due"`     // breaks that came due
	Taken   int `json:"taken"`   // breaks done
	Natural int `json:"natural"` // times away that counted as a break
	Snoozed int `json:"snoozed"` // snoozes
	Skipped int `json:"skipped"` // due breaks skipped
	Ignored int `json:"ignored"` // due breaks never acted on
	Prompts int `json:"prompts"` // prompts shown
}

// Count counts events by type: due, done (Taken), natural, snoozed, skipped, ignored and
// prompt (Prompts); other types are not counted. A natural break recorded for several rules
// at the same instant counts once.
func Count(events []scheduler.Event) Counts {
	var c Counts
	var lastNatural time.Time
	for _, ev := range events {
		switch ev.Type {
		case scheduler.EventDue:
			c.Due++
		case scheduler.EventDone:
			c.Taken++
		case scheduler.EventNatural:
			if !lastNatural.IsZero() && ev.At.Equal(lastNatural) {
				continue
			}
			lastNatural = ev.At
			c.Natural++
		case scheduler.EventSnoozed:
			c.Snoozed++
		case scheduler.EventSkipped:
			c.Skipped++
		case scheduler.EventIgnored:
			c.Ignored++
		case scheduler.EventPrompt:
			c.Prompts++
		}
	}
	return c
}

// Share is the share of breaks taken: (Taken+Natural) / (Due+Natural), capped at 1 because a
// break started on request before it came due is taken without having been due. ok is false
// when there was no break to take.
func (c Counts) Share() (share float64, ok bool) {
	den := c.Due + c.Natural
	if den == 0 {
		if c.Taken > 0 {
			return 1, true
		}
		return 0, false
	}
	return min(1, float64(c.Taken+c.Natural)/float64(den)), true
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
