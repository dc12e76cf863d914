package main

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

// series are the stacked parts of a day's bar, bottom up: one line each, so that new
// counts (issue #12's honest counts) are one more line.
var series = []struct {
	Name, Class string
	Of          func(store.Counts) int
}{
	{"taken in full", "c-taken", func(c store.Counts) int { return c.Full }},
	{"cut short", "c-cut", func(c store.Counts) int { return c.Short }},
	{"natural", "c-natural", func(c store.Counts) int { return c.Natural }},
	{"snoozed", "c-snoozed", func(c store.Counts) int { return c.Snoozed }},
	{"skipped", "c-skipped", func(c store.Counts) int { return c.Skipped }},
	{"ignored", "c-ignored", func(c store.Counts) int { return c.Ignored }},
	{"set aside by a pause", "c-paused", func(c store.Counts) int { return c.Paused }},
}

// statsDays are the periods the page offers.
var statsDays = []int{7, 30, 90}

// statsDay is one day's row: the counts and the share of breaks taken (nil: none to take).
type statsDay struct {
	store.Day
	Share *float64 `json:"share"`
}

// statsData is what the statistics template gets.
type statsData struct {
	Days      int
	Periods   []int
	Rows      []statsDay
	Total     store.Counts
	Share     string
	Streak    int
	Best      int
	Chart     template.HTML
	Series    []legendItem
	History   string
	NoHistory bool
	Took      string
	// Top are the exercises done most in the period, most first.
	Top []topExercise
}

// topExercise is one line of "done most": the exercise (its title, or its id when the
// catalog no longer has it) and the breaks taken that did it.
type topExercise struct {
	ID, Title string
	Count     int
	Known     bool
}

// topShown is how many exercises "done most" lists.
const topShown = 5

type legendItem struct{ Name, Class string }

// statsFor reads the history of the last days days, counted per day in the config's zone.
func (u *ui) statsFor(days int) ([]statsDay, store.Counts, []store.ExerciseCount, bool, error) {
	zone := time.Local
	if cfg, err := config.Load(u.cfgPath, nil); err == nil {
		zone = cfg.Zone
	}
	now := u.now().In(zone)
	today := scheduler.DateOf(now)
	from := time.Date(today.Year, today.Month, today.Day-(days-1), 0, 0, 0, 0, zone)
	to := time.Date(today.Year, today.Month, today.Day+1, 0, 0, 0, 0, zone)
	_, statErr := os.Stat(filepath.Join(u.stateDir, store.HistoryFile))
	var events []scheduler.Event
	if statErr == nil {
		st, err := store.Open(u.stateDir, u.log)
		if err != nil {
			return nil, store.Counts{}, nil, false, err
		}
		if events, err = st.HistoryRecent(from, to); err != nil {
			return nil, store.Counts{}, nil, false, err
		}
	}
	rows := store.DailyCounts(events, zone, from, to)
	out := make([]statsDay, len(rows))
	for i, d := range rows {
		out[i] = statsDay{Day: d}
		if s, ok := d.Share(); ok {
			out[i].Share = &s
		}
	}
	return out, store.Count(events), store.TopExercises(events, topShown), statErr == nil, nil
}

// parseDays reads ?days=, one of statsDays (default 7).
func parseDays(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("days"))
	for _, d := range statsDays {
		if n == d {
			return n
		}
	}
	return 7
}

func (u *ui) statsPage(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	days := parseDays(r)
	rows, total, top, have, err := u.statsFor(days)
	if err != nil {
		http.Error(w, "read the history: "+err.Error(), http.StatusInternalServerError)
		return
	}
	d := statsData{Days: days, Periods: statsDays, Rows: rows, Total: total, NoHistory: !have,
		History: filepath.Join(u.stateDir, store.HistoryFile), Chart: chartSVG(rows)}
	if s, ok := total.Share(); ok {
		d.Share = fmt.Sprintf("%.0f%%", 100*s)
	} else {
		d.Share = "-"
	}
	d.Streak, d.Best = streaks(rows)
	for _, s := range series {
		d.Series = append(d.Series, legendItem{s.Name, s.Class})
	}
	for _, t := range top {
		e, ok := u.cat.Exercise(t.ID)
		title := t.ID
		if ok {
			title = e.Title
		}
		d.Top = append(d.Top, topExercise{ID: t.ID, Title: title, Count: t.Count, Known: ok})
	}
	d.Took = fmt.Sprintf("%.1f ms", float64(time.Since(start).Microseconds())/1000)
	u.render(w, "stats.html", page{Title: "Statistics", Nav: "stats", Data: d})
}

// streaks returns the days in a row, up to today, on which every due break was taken
// (days with nothing due, such as weekends, neither count nor break a streak; today does
// not break it while it is going on), and the longest such run of the period.
func streaks(rows []statsDay) (current, best int) {
	run := 0
	for i, r := range rows {
		good := r.Share != nil && *r.Share >= 1 && r.Skipped == 0 && r.Ignored == 0 && r.Short == 0 && r.Paused == 0
		switch {
		case good:
			run++
		case r.Share == nil:
		case i == len(rows)-1:
			// today, not over yet
		default:
			run = 0
		}
		best = max(best, run)
	}
	return run, best
}

// chartSVG draws the days' stacked bars and the share of breaks taken, in SVG.
func chartSVG(rows []statsDay) template.HTML {
	const W, H, left, right, top, bottom = 800, 260, 36, 40, 12, 28
	plotW, plotH := float64(W-left-right), float64(H-top-bottom)
	maxN := 0
	for _, r := range rows {
		n := 0
		for _, s := range series {
			n += s.Of(r.Counts)
		}
		maxN = max(maxN, n)
	}
	axis := yTicks(maxN, float64(top), plotH)
	axisTop := axis[len(axis)-1].N
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`, W, H)
	fmt.Fprintf(&b, `<title id="chart-title">Breaks per day</title><desc id="chart-desc">Stacked bars per day: %s; the line is the share of breaks taken. The table below has the numbers.</desc>`, legendText())
	// Grid and axes: breaks on the left, at whole numbers; the share on the right.
	for _, t := range axis {
		fmt.Fprintf(&b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, left, W-right, t.Y, t.Y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%d</text>`, left-4, t.Y+4, t.N)
	}
	for _, f := range []float64{0, 0.5, 1} {
		y := float64(top) + plotH*(1-f)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f">%d%%</text>`, W-right+4, y+4, int(100*f))
	}
	slot := plotW / float64(len(rows))
	barW := max(1, slot*0.7)
	var line []string
	dates := make([]string, len(rows))
	for i, r := range rows {
		dates[i] = r.Date
	}
	labels := dayLabels(dates)
	for i, r := range rows {
		x := float64(left) + slot*float64(i) + (slot-barW)/2
		y := float64(top) + plotH
		for _, s := range series {
			n := s.Of(r.Counts)
			if n == 0 {
				continue
			}
			h := plotH * float64(n) / float64(axisTop)
			y -= h
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d %s</title></rect>`, s.Class, x, y, barW, h, r.Date, n, s.Name)
		}
		if r.Share != nil {
			line = append(line, fmt.Sprintf("%.1f,%.1f", x+barW/2, float64(top)+plotH*(1-*r.Share)))
		}
		if labels[i] != "" {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+barW/2, H-10, labels[i])
		}
	}
	if len(line) > 1 {
		fmt.Fprintf(&b, `<polyline class="c-share" points="%s"/>`, strings.Join(line, " "))
	} else if len(line) == 1 {
		xy := strings.Split(line[0], ",")
		fmt.Fprintf(&b, `<circle class="c-share" cx="%s" cy="%s" r="3"/>`, xy[0], xy[1])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// tick is one gridline of the left axis: its count and its height in the chart.
type tick struct {
	N int
	Y float64
}

// yTicks returns the left axis's gridlines for a highest bar of maxN, bottom up: whole
// numbers a step of 1, 2 or 5 times a power of ten apart, at most 5 steps, the top one
// at or above maxN (1 for an empty chart). The plot runs from y top (the highest tick)
// down to top+plotH (0).
func yTicks(maxN int, top, plotH float64) []tick {
	maxN = max(maxN, 1)
	step := tickStep(maxN)
	steps := (maxN + step - 1) / step
	ticks := make([]tick, steps+1)
	for i := range ticks {
		ticks[i] = tick{N: i * step, Y: top + plotH*(1-float64(i)/float64(steps))}
	}
	return ticks
}

// tickStep is the smallest of 1, 2, 5, 10, 20, 50, ... that covers maxN in at most 5 steps.
func tickStep(maxN int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * p; (maxN+s-1)/s <= 5 {
				return s
			}
		}
	}
}

// dayLabels returns the x-axis label of each date (YYYY-MM-DD), "" for none. Up to 14
// days every day is labelled with its weekday ("Mon 2"), the month added at the first
// label and where it changes ("Sun 1 Nov"); longer periods label Mondays only, with day
// and month ("2 Nov"), 7 days apart so that they never crowd.
func dayLabels(dates []string) []string {
	out := make([]string, len(dates))
	month := time.Month(0)
	for i, d := range dates {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			continue
		}
		switch {
		case len(dates) > 14:
			if t.Weekday() == time.Monday {
				out[i] = t.Format("2 Jan")
			}
		case t.Month() != month:
			out[i] = t.Format("Mon 2 Jan")
			month = t.Month()
		default:
			out[i] = t.Format("Mon 2")
		}
	}
	return out
}

func legendText() string {
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// statsDownload answers the period's days as CSV or JSON.
func (u *ui) statsDownload(w http.ResponseWriter, r *http.Request) {
	days := parseDays(r)
	rows, total, top, _, err := u.statsFor(days)
	if err != nil {
		http.Error(w, "read the history: "+err.Error(), http.StatusInternalServerError)
		return
	}
	name := fmt.Sprintf("deskbreak-stats-%s-%dd", rows[len(rows)-1].Date, days)
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{"from": rows[0].Date, "to": rows[len(rows)-1].Date, "days": rows, "total": total, "top_exercises": top})
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	plain := make([]store.Day, len(rows))
	for i, d := range rows {
		plain[i] = d.Day
	}
	store.WriteCSV(w, plain)
}
