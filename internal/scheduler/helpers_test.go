package scheduler

import (
	"fmt"
	"strings"
	"testing"
	"time"

	_ "time/tzdata"
)

// zone loads an IANA zone or fails the test.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// weekdays returns a week with the same ranges Monday to Friday.
func weekdays(ranges ...Range) [7][]Range {
	var w [7][]Range
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = ranges
	}
	return w
}

// hm makes a range from "09:00-17:00".
func hm(s string) Range {
	var a, b, c, d int
	if _, err := fmt.Sscanf(s, "%d:%d-%d:%d", &a, &b, &c, &d); err != nil {
		panic(s)
	}
	return Range{a*60 + b, c*60 + d}
}

func every(name string, kind Kind, d, dur time.Duration) Rule {
	return Rule{Name: name, Kind: kind, Every: d, Duration: dur}
}

func at(t testing.TB, name string, kind Kind, spec string, dur time.Duration) Rule {
	t.Helper()
	s, err := ParseCron(spec)
	if err != nil {
		t.Fatalf("ParseCron(%q): %v", spec, err)
	}
	return Rule{Name: name, Kind: kind, At: s, AtSpec: spec, Duration: dur}
}

// defaults are the built-in rules of the config, in zone z.
func defaults(z *time.Location) *Rules {
	return &Rules{
		Zone: z,
		Week: weekdays(hm("09:00-17:00")),
		List: []Rule{
			every("exercise", KindBreak, time.Hour, 3*time.Minute),
			every("posture", KindPrompt, 25*time.Minute, 0),
			every("breathing", KindPrompt, 45*time.Minute, 0),
		},
		SnoozeChoices: []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute},
		SnoozeLimit:   3,
	}
}

// local parses "2026-03-09 09:00" in z.
func local(t testing.TB, z *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, z)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// render formats events as "Mon 09:45 prompt posture+breathing" lines, in z.
func render(evs []Event, z *time.Location) string {
	var b strings.Builder
	for _, ev := range evs {
		name := ev.Rule
		for _, f := range ev.Folded {
			name += "+" + f
		}
		fmt.Fprintf(&b, "%s %s %s\n", ev.At.In(z).Format("Mon 15:04 MST"), ev.Type, name)
	}
	return b.String()
}

func TestPlanPrintDefaults(t *testing.T) {
	z := zone(t, "Europe/Berlin")
	r := defaults(z)
	from := local(t, z, "2026-03-09 08:00")
	t.Log("\n" + render(Plan(r, from, from.Add(24*time.Hour)), z))
}
