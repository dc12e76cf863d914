package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	register(&command{name: "plan", args: "[--config FILE] [--from T] [--until T | --days N] [--json]",
		summary: "preview the breaks and prompts that will fire", run: runPlan})
}

// planEntry is one line of "deskbreak plan --json".
type planEntry struct {
	At       string   `json:"at"`
	Kind     string   `json:"kind"`
	Rule     string   `json:"rule"`
	Duration string   `json:"duration,omitempty"`
	Folded   []string `json:"folded,omitempty"`
}

func runPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "plan")
	cfgFlag := fs.String("config", "", "config file (default: $DESKBREAK_CONFIG, else the user config dir)")
	fromFlag := fs.String("from", "", "start: RFC 3339 or YYYY-MM-DD (midnight in the config's zone); default now")
	untilFlag := fs.String("until", "", "end: RFC 3339 or YYYY-MM-DD; default --days after --from")
	days := fs.Int("days", 1, "how many days to preview when --until is not given")
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
	cfg, _, err := loadConfig(e, *cfgFlag)
	if err != nil {
		return err
	}
	rules := cfg.Rules()
	from := e.now().Round(0)
	if *fromFlag != "" {
		if from, err = parseWhen(*fromFlag, rules.Zone); err != nil {
			return usagef("--from: %v", err)
		}
	}
	until := from.AddDate(0, 0, *days)
	if *untilFlag != "" {
		if until, err = parseWhen(*untilFlag, rules.Zone); err != nil {
			return usagef("--until: %v", err)
		}
		if !until.After(from) {
			return usagef("--until %s is not after --from %s", *untilFlag, from.Format(time.RFC3339))
		}
	}
	evs := scheduler.Plan(rules, from, until)
	if *asJSON {
		out := make([]planEntry, 0, len(evs))
		for _, ev := range evs {
			p := planEntry{At: ev.At.In(rules.Zone).Format(time.RFC3339), Kind: string(ev.Kind), Rule: ev.Rule, Folded: ev.Folded}
			if ev.Kind == scheduler.KindBreak {
				p.Duration = ev.Duration.String()
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
	fmt.Fprintf(e.stdout, "Plan from %s to %s (%s), at the desk all the time:\n",
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
			detail += " (" + ev.Duration.String() + ")"
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
	path, err := config.ResolvePath(flagValue, e.getenv)
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

// parseWhen reads RFC 3339, or YYYY-MM-DD as midnight in zone.
func parseWhen(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, zone); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 (2026-03-09T09:00:00+01:00) nor a date (2026-03-09)", s)
}

// zoneName names z for people: its IANA name, or "local time, UTC" for the system zone.
func zoneName(z *time.Location, t time.Time) string {
	if z == time.Local {
		abbr, _ := t.In(z).Zone()
		return "local time, " + abbr
	}
	return z.String()
}
