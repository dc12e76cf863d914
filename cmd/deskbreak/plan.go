package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	register(&command{name: "plan", args: "[--config FILE] [--from T] [--until T | --days N] [--json]",
		summary: "preview the breaks and prompts that will fire", run: runPlan})
}

// planEntry is one line of "deskbreak plan --json". Durations are whole seconds, as in
// "deskbreak status --json".
type planEntry struct {
	At              string   `json:"at"`
	Kind            string   `json:"kind"`
	Rule            string   `json:"rule"`
	DurationSeconds int64    `json:"duration_seconds,omitempty"`
	Folded          []string `json:"folded,omitempty"`
}

func runPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "plan")
	cfgFlag := fs.String("config", "", "config file (default: $DESKBREAK_CONFIG, else the user config dir)")
	fromFlag := fs.String("from", "", "start: HH:MM (today), a weekday, YYYY-MM-DD or RFC 3339; default now, from the daemon's saved state")
	untilFlag := fs.String("until", "", "end: HH:MM (today, or tomorrow if past), a weekday (through its end), YYYY-MM-DD or RFC 3339; default --days after --from")
	days := fs.Int("days", 1, "how many days to preview (not with --until)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("plan takes no arguments, got %q", strings.Join(pos, " "))
	}
	if *days < 1 || *days > 3660 {
		return usagef("--days %d: want 1 to 3660", *days)
	}
	daysSet := false
	fs.Visit(func(f *flag.Flag) { daysSet = daysSet || f.Name == "days" })
	if daysSet && *untilFlag != "" {
		return usagef("--days and --until both set the end: give one")
	}
	cfg, _, err := loadConfig(e, *cfgFlag)
	if err != nil {
		return err
	}
	rules := cfg.Rules()
	now := e.now().Round(0)
	from := now
	if *fromFlag != "" {
		if from, err = parseWhen(*fromFlag, rules.Zone, now, false); err != nil {
			return usagef("--from: %v", err)
		}
	}
	until := from.AddDate(0, 0, *days)
	if *untilFlag != "" {
		if until, err = parseWhen(*untilFlag, rules.Zone, from, true); err != nil {
			return usagef("--until: %v", err)
		}
		if !until.After(from) {
			return usagef("--until %s is not after --from %s", *untilFlag, from.In(rules.Zone).Format("Mon 2006-01-02 15:04"))
		}
	}
	var evs []scheduler.Event
	if *fromFlag == "" {
		// From now: continue from the daemon's saved state, so that the plan's first break
		// is the one "deskbreak status" names, to the second.
		st, err := savedSchedule(e)
		if err != nil {
			return err
		}
		evs = scheduler.PlanFrom(rules, st, from, until)
		if len(evs) == 0 && !daysSet && *untilFlag == "" {
			// Nothing today (a weekend, a holiday, the evening): show the next work day.
			if start, ok := rules.NextWorkStart(until); ok {
				until = time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, rules.Zone)
				evs = scheduler.PlanFrom(rules, st, from, until)
			}
		}
	} else {
		evs = scheduler.Plan(rules, from, until)
	}
	if *asJSON {
		out := make([]planEntry, 0, len(evs))
		for _, ev := range evs {
			p := planEntry{At: ev.At.In(rules.Zone).Format(time.RFC3339), Kind: string(ev.Kind), Rule: ev.Rule, Folded: ev.Folded}
			if ev.Kind == scheduler.KindBreak {
				p.DurationSeconds = int64(ev.Duration.Round(time.Second) / time.Second)
			}
			out = append(out, p)
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printPlan(e, evs, rules, from, until)
	return nil
}

// printPlan prints a table per day.
func printPlan(e *env, evs []scheduler.Event, rules *scheduler.Rules, from, until time.Time) {
	z := rules.Zone
	fmt.Fprintf(e.stdout, "Plan from %s to %s (%s),\nif you are at the desk all the time:\n",
		from.In(z).Format("Mon 2006-01-02 15:04"), until.In(z).Format("Mon 2006-01-02 15:04"), zoneName(z, from))
	if len(evs) == 0 {
		fmt.Fprintln(e.stdout, "\nNothing fires in this window (outside work hours, or a holiday).")
		return
	}
	var day scheduler.Date
	var tw *tabwriter.Writer
	flush := func() {
		if tw != nil {
			tw.Flush()
		}
	}
	breaks, prompts := 0, 0
	for _, ev := range evs {
		l := ev.At.In(z)
		if d := scheduler.DateOf(l); d != day {
			flush()
			day = d
			fmt.Fprintf(e.stdout, "\n%s  (work hours %s)\n", l.Format("Monday 2006-01-02"), rules.TodayHours(l))
			tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		}
		what := string(ev.Kind)
		detail := ev.Rule
		if ev.Kind == scheduler.KindBreak {
			breaks++
			detail += " (" + api.FormatLength(ev.Duration) + ")"
		} else {
			prompts++
		}
		if len(ev.Folded) > 0 {
			detail += " + " + strings.Join(ev.Folded, ", ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Format("15:04"), what, detail)
	}
	flush()
	fmt.Fprintf(e.stdout, "\n%s and %s.\n", api.Plural(breaks, "break", "breaks"), api.Plural(prompts, "prompt", "prompts"))
}

// loadConfig resolves and loads the config for a command that needs it valid, with the
// catalog it was checked against; problems come back with a hint to check the file.
func loadConfig(e *env, flagValue string) (*config.Config, *tips.Catalog, error) {
	path, err := resolveConfig(e, flagValue)
	if err != nil {
		return nil, nil, err
	}
	cat, err := tips.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("the built-in exercise catalog: %w", err)
	}
	cfg, err := config.Load(path, cat)
	if err != nil {
		return nil, nil, withHint(err, "deskbreak config check "+path)
	}
	return cfg, cat, nil
}

// whenForms lists what parseWhen reads, for flag help.
const whenForms = "HH:MM (today, or tomorrow if past), a weekday (mon...sun), YYYY-MM-DD, or RFC 3339"

// savedSchedule reads the scheduler state the daemon saved (empty when it never ran).
func savedSchedule(e *env) (*scheduler.State, error) {
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return nil, err
	}
	st, err := store.PeekState(dir)
	if err != nil {
		return nil, err
	}
	return &st.Scheduler, nil
}

// parseWhen reads a time in zone, relative to ref: RFC 3339; YYYY-MM-DD (its midnight);
// HH:MM on ref's day (for an end, the next day when that is not after ref); or a weekday
// name or its first three letters, the first such day from ref's on: its midnight for a
// start, the midnight after it for an end, so that "--until fri" includes Friday.
func parseWhen(s string, zone *time.Location, ref time.Time, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, zone); err == nil {
		return t, nil
	}
	ref = ref.In(zone)
	if c, err := time.Parse("15:04", s); err == nil {
		t := time.Date(ref.Year(), ref.Month(), ref.Day(), c.Hour(), c.Minute(), 0, 0, zone)
		if end && !t.After(ref) {
			t = time.Date(ref.Year(), ref.Month(), ref.Day()+1, c.Hour(), c.Minute(), 0, 0, zone)
		}
		return t, nil
	}
	if wd, ok := weekdayNamed(s); ok {
		ahead := (int(wd) - int(ref.Weekday()) + 7) % 7
		if end {
			ahead++
		}
		return time.Date(ref.Year(), ref.Month(), ref.Day()+ahead, 0, 0, 0, 0, zone), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: want %s (09:10, fri, 2026-03-09, 2026-03-09T09:00:00+01:00)", s, whenForms)
}

// weekdayNamed reads "mon", "Monday", "TUE"...
func weekdayNamed(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || s == name[:3] {
			return d, true
		}
	}
	return 0, false
}

// zoneName names z for people: its IANA name, or "local time, UTC" for the system zone.
func zoneName(z *time.Location, t time.Time) string {
	if z == time.Local {
		abbr, _ := t.In(z).Zone()
		return "local time, " + abbr
	}
	return z.String()
}
