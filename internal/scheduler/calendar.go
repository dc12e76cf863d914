package scheduler

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// span is one work range as instants: [Start, End).
type span struct{ Start, End time.Time }

// maxSearchDays bounds every forward search through the calendar.
const maxSearchDays = 400

// add returns the civil date i days after d.
func (d Date) add(i int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+i, 12, 0, 0, 0, time.UTC))
}

func (d Date) weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// wall returns the instant at which the wall clock in zone shows date d at min minutes after
// midnight (1440 is the next midnight). A repeated wall time (DST fall-back) maps to its first
// occurrence; a wall time that does not exist (DST spring-forward gap) maps to the first
// instant after the gap.
func wall(d Date, min int, zone *time.Location) time.Time {
	if min >= 1440 {
		d, min = d.add(min/1440), min%1440
	}
	u := time.Date(d.Year, d.Month, d.Day, min/60, min%60, 0, 0, time.UTC).Unix()
	var best time.Time
	for _, probe := range []int64{u - 86400, u + 86400} {
		_, off := time.Unix(probe, 0).In(zone).Zone()
		c := time.Unix(u-int64(off), 0).In(zone)
		if c.Year() == d.Year && c.Month() == d.Month && c.Day() == d.Day && c.Hour()*60+c.Minute() == min {
			if best.IsZero() || c.Before(best) {
				best = c
			}
		}
	}
	if !best.IsZero() {
		return best
	}
	// In a gap: under the offset in force before it, the wall time lands after the
	// transition; the transition is the start of that zone period.
	_, off := time.Unix(u-86400, 0).In(zone).Zone()
	start, _ := time.Unix(u-int64(off), 0).In(zone).ZoneBounds()
	return start.In(zone)
}

// spansOn returns the work spans of date d, in order.
func (r *Rules) spansOn(d Date) []span {
	if r.Holidays[d] {
		return nil
	}
	ranges := r.Week[d.weekday()]
	out := make([]span, 0, len(ranges))
	for _, rg := range ranges {
		s, e := wall(d, rg.Start, r.Zone), wall(d, rg.End, r.Zone)
		if e.After(s) {
			out = append(out, span{s, e})
		}
	}
	return out
}

func (r *Rules) hasWork() bool {
	for _, day := range r.Week {
		if len(day) > 0 {
			return true
		}
	}
	return false
}

// spanFrom returns the first work span that ends after t: the one containing t, or the next.
func (r *Rules) spanFrom(t time.Time) (span, bool) {
	if !r.hasWork() {
		return span{}, false
	}
	d := DateOf(t.In(r.Zone)).add(-1)
	for i := 0; i < maxSearchDays; i++ {
		for _, sp := range r.spansOn(d.add(i)) {
			if sp.End.After(t) {
				return sp, true
			}
		}
	}
	return span{}, false
}

// spanAt returns the work span containing t.
func (r *Rules) spanAt(t time.Time) (span, bool) {
	sp, ok := r.spanFrom(t)
	if !ok || t.Before(sp.Start) {
		return span{}, false
	}
	return sp, true
}

// InWork reports whether t is inside work hours.
func (r *Rules) InWork(t time.Time) bool { _, ok := r.spanAt(t); return ok }

// NextWorkStart returns the start of the first work range that starts after t, for "pause
// until the next work range". ok is false when there is none within a year.
func (r *Rules) NextWorkStart(t time.Time) (time.Time, bool) {
	sp, ok := r.spanFrom(t)
	for ok && !sp.Start.After(t) {
		sp, ok = r.spanFrom(sp.End)
	}
	return sp.Start, ok
}

// cronNext returns the first firing of s strictly after t, reading s's fields as wall-clock
// times in zone (s.Location is ignored). A time skipped by a DST jump fires at the first
// instant after the gap; a repeated wall time fires once. Zero when nothing fires within
// eight years.
func cronNext(s *cron.SpecSchedule, t time.Time, zone *time.Location) time.Time {
	start := DateOf(t.In(zone))
	for i := 0; i < 8*366+2; i++ {
		d := start.add(i)
		if !cronDay(s, d) {
			continue
		}
		for h := 0; h < 24; h++ {
			if s.Hour&(1<<uint(h)) == 0 {
				continue
			}
			for m := 0; m < 60; m++ {
				if s.Minute&(1<<uint(m)) == 0 {
					continue
				}
				if at := wall(d, h*60+m, zone); at.After(t) {
					return at
				}
			}
		}
	}
	return time.Time{}
}

// starBit is robfig/cron's marker for a "*" in the day-of-month or day-of-week field.
const starBit = 1 << 63

// cronDay reports whether date d matches s's month, day-of-month and day-of-week fields,
// with cron's rule that both day fields must match only when one of them is "*".
func cronDay(s *cron.SpecSchedule, d Date) bool {
	if s.Month&(1<<uint(d.Month)) == 0 {
		return false
	}
	dom := s.Dom&(1<<uint(d.Day)) != 0
	dow := s.Dow&(1<<uint(d.weekday())) != 0
	if s.Dom&starBit != 0 || s.Dow&starBit != 0 {
		return dom && dow
	}
	return dom || dow
}

// ParseCron parses a standard five-field cron spec ("45 9-16 * * mon-fri") or a descriptor
// such as "@hourly". It never panics, refuses "@every" (use an interval rule) and zone
// prefixes (use the config's timezone), and fails for a spec that never fires.
func ParseCron(spec string) (s *cron.SpecSchedule, err error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		return nil, errors.New("empty cron spec")
	case strings.HasPrefix(spec, "@every"):
		return nil, errors.New(`"@every" is not a fixed time: use every = "..." instead of at`)
	case strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ="):
		return nil, errors.New("a time zone inside the spec is not supported: set timezone at the top of the config")
	}
	// robfig/cron panics on some malformed specs (e.g. ranges it does not bound-check).
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("not a valid cron spec: %v", r)
		}
	}()
	sch, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("not a valid cron spec: %w", err)
	}
	ss, ok := sch.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("not a fixed-time cron spec: %T", sch)
	}
	if ss.Minute == 0 || ss.Hour == 0 || !cronEverFires(ss) {
		return nil, errors.New("never fires: no date matches its day and month fields")
	}
	return ss, nil
}

// cronEverFires reports whether some day in eight years (two leap days) matches s.
func cronEverFires(s *cron.SpecSchedule) bool {
	d := Date{2024, time.January, 1}
	for i := 0; i < 8*366; i++ {
		if cronDay(s, d.add(i)) {
			return true
		}
	}
	return false
}

// NextDayWorkStart returns the start of the first work range on a calendar day after t's,
// for "pause until tomorrow".
func (r *Rules) NextDayWorkStart(t time.Time) (time.Time, bool) {
	today := DateOf(t.In(r.Zone))
	sp, ok := r.spanFrom(t)
	for ok && DateOf(sp.Start.In(r.Zone)) == today {
		sp, ok = r.spanFrom(sp.End)
	}
	return sp.Start, ok
}

// TodayHours describes the work hours of t's day: "09:00-12:30, 13:30-17:30", "day off" or
// "holiday".
func (r *Rules) TodayHours(t time.Time) string {
	d := DateOf(t.In(r.Zone))
	if r.Holidays[d] {
		return "holiday"
	}
	ranges := r.Week[d.weekday()]
	if len(ranges) == 0 {
		return "day off"
	}
	parts := make([]string, len(ranges))
	for i, rg := range ranges {
		parts[i] = rg.String()
	}
	return strings.Join(parts, ", ")
}
