package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

func init() {
	register(&command{name: "stats", args: "[--days N] [--json | --csv]",
		summary: "show breaks due, taken, snoozed and skipped per day, from the history",
		run:     runStats})
}

// statsBarWidth is the width of the bar chart of the share of breaks taken.
const statsBarWidth = 10

// statsDay is one row of the stats: a day's counts and the share of breaks taken (nil when
// there was no break to take).
type statsDay struct {
	store.Day
	Share *float64 `json:"share"`
}

// statsTotal is the sum over all days shown.
type statsTotal struct {
	store.Counts
	Share *float64 `json:"share"`
}

// statsReport is the --json output.
type statsReport struct {
	From string `json:"from"` // first day, YYYY-MM-DD
	To   string `json:"to"`   // last day (today), YYYY-MM-DD
	// Zone is the zone the days are counted in: an IANA name, or "Local" for the system's.
	Zone    string     `json:"zone"`
	History string     `json:"history"`
	Days    []statsDay `json:"days"`
	Total   statsTotal `json:"total"`
}

// runStats reads the history file directly, so it works without the daemon. Days are
// counted in the config's time zone when the config loads, else in the local zone.
func runStats(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "stats")
	days := flags.Int("days", 7, "how many days to show, ending today")
	asJSON := flags.Bool("json", false, "print JSON")
	asCSV := flags.Bool("csv", false, "print CSV: one row per day")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("stats takes no arguments, got %q", strings.Join(pos, " "))
	}
	if *days < 1 || *days > 3660 {
		return usagef("--days %d: want 1 to 3660", *days)
	}
	if *asJSON && *asCSV {
		return usagef("--json and --csv: choose one")
	}
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return err
	}
	histPath := filepath.Join(dir, store.HistoryFile)

	zone := statsZone(e)
	now := e.now().In(zone)
	today := scheduler.DateOf(now)
	from := time.Date(today.Year, today.Month, today.Day-(*days-1), 0, 0, 0, 0, zone)
	to := time.Date(today.Year, today.Month, today.Day+1, 0, 0, 0, 0, zone)

	var events []scheduler.Event
	_, statErr := os.Stat(histPath)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		if !*asJSON && !*asCSV {
			fmt.Fprintf(e.stdout, "No history yet: deskbreak records breaks in %s while it runs.\nStart it with \"deskbreak run\", or at login with \"deskbreak install\".\n", histPath)
			return nil
		}
	case statErr != nil:
		return fmt.Errorf("read history: %w", statErr)
	default:
		log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{
			Level:       slog.LevelWarn,
			ReplaceAttr: statsDropTime,
		}))
		st, err := store.Open(dir, log)
		if err != nil {
			return err
		}
		if events, err = st.History(from, to); err != nil {
			return err
		}
	}

	rows := store.DailyCounts(events, zone, from, to)
	report := statsReport{
		From:    rows[0].Date,
		To:      rows[len(rows)-1].Date,
		Zone:    zone.String(),
		History: histPath,
		Days:    make([]statsDay, len(rows)),
	}
	report.Total.Counts = store.Count(events)
	report.Total.Share = statsShare(report.Total.Counts)
	for i, d := range rows {
		report.Days[i] = statsDay{Day: d, Share: statsShare(d.Counts)}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	case *asCSV:
		days := make([]store.Day, len(report.Days))
		for i, d := range report.Days {
			days[i] = d.Day
		}
		return store.WriteCSV(e.stdout, days)
	}
	statsTable(e, report, zoneName(zone, now), len(events) == 0)
	return nil
}

// statsZone is the config's zone if the config loads (without the catalog checks), else
// the zone of e.now().
func statsZone(e *env) *time.Location {
	path, err := config.ResolvePath("", e.getenv)
	if err != nil {
		return e.now().Location()
	}
	cfg, err := config.Load(path, nil)
	if err != nil || cfg.Zone == nil {
		return e.now().Location()
	}
	return cfg.Zone
}

func statsShare(c store.Counts) *float64 {
	s, ok := c.Share()
	if !ok {
		return nil
	}
	return &s
}

// statsDropTime leaves the time out of warnings, which are about the file, not the moment.
func statsDropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// statsTable prints the human table, at most 80 columns wide.
func statsTable(e *env, r statsReport, zone string, empty bool) {
	w := e.stdout
	fill, rest := "█", "░"
	if !statsUTF8(e.getenv) {
		fill, rest = "#", "."
	}
	fmt.Fprintf(w, "Breaks from %s to %s (%s)\n\n", r.From, r.To, zone)
	const format = "%-9s %3s %4s %5s %3s %3s %4s %3s %4s %3s %3s %5s %s\n"
	header := fmt.Sprintf(format, "day", "due", "full", "short", "own", "nat", "skip", "ign", "paus", "snz", "prm", "share", "")
	io.WriteString(w, strings.TrimRight(header, " \n")+"\n")
	row := func(label string, c store.Counts, s *float64) {
		share, bar := "-", ""
		if s != nil {
			share = fmt.Sprintf("%.0f%%", *s*100)
			n := int(*s*statsBarWidth + 0.5)
			bar = strings.Repeat(fill, n) + strings.Repeat(rest, statsBarWidth-n)
		}
		n := strconv.Itoa
		line := fmt.Sprintf(format, label, n(c.Due), n(c.Full), n(c.Short), n(c.Own), n(c.Natural), n(c.Skipped),
			n(c.Ignored), n(c.Paused), n(c.Snoozed), n(c.Prompts), share, bar)
		io.WriteString(w, strings.TrimRight(line, " \n")+"\n")
	}
	for _, d := range r.Days {
		label := d.Date
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			label = t.Format("Mon 01-02")
		}
		row(label, d.Counts, d.Share)
	}
	if len(r.Days) > 1 {
		row("total", r.Total.Counts, r.Total.Share)
	}
	fmt.Fprintln(w, "\nfull: due breaks taken in full; short: cut short; own: started on your own;")
	fmt.Fprintln(w, "nat: natural (time away); skip: skipped; ign: ignored;")
	fmt.Fprintln(w, "paus: set aside by a pause; snz: snoozes; prm: prompts.")
	if t := r.Total.Counts; t.Short > 0 {
		fmt.Fprintf(w, "Breaks cut short: %d, with %s done in all.\n", t.Short, api.FormatLength(time.Duration(t.ShortSeconds)*time.Second))
	}
	fmt.Fprintln(w, "share: (full + natural) / (due + natural breaks that were not of a due break).")
	if empty {
		fmt.Fprintf(w, "No breaks recorded in these days (history: %s).\n", r.History)
	}
}

// statsUTF8 reports whether the locale promises UTF-8, for the bar characters.
func statsUTF8(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToUpper(v)
			return strings.Contains(v, "UTF-8") || strings.Contains(v, "UTF8")
		}
	}
	return false
}
