package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/store"
)

// writeHistory writes days of history ending today in dir: per day, due breaks of which
// some are done, snoozed, skipped or ignored.
func writeHistory(t testing.TB, dir string, now time.Time, days, perDay int) int64 {
	t.Helper()
	os.MkdirAll(dir, 0o700)
	f, err := os.Create(filepath.Join(dir, store.HistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// A seventh break of a day is cut short.
	types := []string{"done", "done", "snoozed", "skipped", "ignored", "done", "short"}
	// Done breaks name their exercises, some more often than others.
	exercises := []string{`"chin-tuck","shoulder-roll"`, `"chin-tuck","neck-nod"`, `"shoulder-roll","chin-tuck","arm-circles"`, `"neck-side-stretch"`}
	n := 0
	for d := days - 1; d >= 0; d-- {
		day := time.Date(now.Year(), now.Month(), now.Day()-d, 9, 0, 0, 0, time.Local)
		for i := 0; i < perDay; i++ {
			at := day.Add(time.Duration(i) * time.Minute)
			fmt.Fprintf(w, `{"type":"due","at":%q,"rule":"exercise","kind":"break"}`+"\n", at.Format(time.RFC3339Nano))
			typ, ex := types[i%len(types)], ""
			if typ == "short" {
				typ, ex = "done", `,"short":true`
			}
			if typ == "done" {
				ex += `,"exercises":[` + exercises[n%len(exercises)] + `]`
				n++
			}
			fmt.Fprintf(w, `{"type":%q,"at":%q,"rule":"exercise","kind":"break","duration":180000000000%s}`+"\n", typ, at.Add(time.Second).Format(time.RFC3339Nano), ex)
		}
	}
	w.Flush()
	fi, _ := f.Stat()
	f.Close()
	return fi.Size()
}

func TestStatsPage(t *testing.T) {
	u, base := testServer(t, &fakeDaemon{})
	writeHistory(t, u.stateDir, time.Now(), 40, 6)
	c := login(t, u)
	resp, err := c.Get(base + "/stats?days=30")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	for _, want := range []string{`<svg class="chart"`, `class="c-taken"`, `class="c-snoozed"`, `class="c-skipped"`, `class="c-ignored"`, `class="c-share"`, `aria-current="page">30 days`} {
		if !strings.Contains(page, want) {
			t.Errorf("the 30-day page lacks %s", want)
		}
	}
	if n := strings.Count(page, `class="c-taken"`); n != 30+1 { // 30 bars and the legend
		t.Errorf("%d taken bars and legend swatches, want 31", n)
	}
	// 3 done of 6 due a day (snoozed is not an end): 50 % each day.
	if !strings.Contains(page, "<strong>50%</strong>") {
		t.Errorf("the share of the period is not 50%%:\n%s", page[:min(len(page), 3000)])
	}

	resp, err = c.Get(base + "/stats/download?days=7&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.HasSuffix(cd, `7d.csv"`) {
		t.Errorf("CSV Content-Disposition %q", cd)
	}
	recs, err := csv.NewReader(strings.NewReader(body(t, resp))).ReadAll()
	if err != nil || len(recs) != 8 || recs[0][0] != "date" || recs[7][1] != "6" || recs[7][2] != "3" {
		t.Errorf("CSV %v (%v), want a header and 7 days of 6 due, 3 taken", recs, err)
	}
	resp, err = c.Get(base + "/stats/download?days=90&format=json")
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Days  []statsDay   `json:"days"`
		Total store.Counts `json:"total"`
	}
	if err := json.Unmarshal([]byte(body(t, resp)), &j); err != nil || len(j.Days) != 90 || j.Total.Due != 40*6 {
		t.Errorf("JSON: %d days, total %+v (%v), want 90 days and 240 due", len(j.Days), j.Total, err)
	}
}

func TestStreaks(t *testing.T) {
	t.Parallel()
	one, half := 1.0, 0.5
	day := func(share *float64) statsDay { return statsDay{Share: share} }
	cases := []struct {
		rows          []statsDay
		current, best int
	}{
		{[]statsDay{day(&one), day(&one), day(nil), day(&one)}, 3, 3},
		{[]statsDay{day(&one), day(&half), day(&one), day(&one)}, 2, 2},
		{[]statsDay{day(&one), day(&one), day(&one), day(&half)}, 3, 3}, // today is not over
		{[]statsDay{day(nil), day(nil)}, 0, 0},
	}
	for i, tc := range cases {
		if c, b := streaks(tc.rows); c != tc.current || b != tc.best {
			t.Errorf("case %d: streaks %d, best %d; want %d, %d", i, c, b, tc.current, tc.best)
		}
	}
}

// BenchmarkStats100MB draws the 90-day page from a history of about 100 MB (the issue's
// target: under 2 s).
func BenchmarkStats100MB(b *testing.B) {
	u, _ := testServer(b, &fakeDaemon{})
	size := writeHistory(b, u.stateDir, time.Now(), 3650, 140)
	b.Logf("history: %.0f MB", float64(size)/1e6)
	req := httptest.NewRequest("GET", "/stats?days=90", nil)
	for b.Loop() {
		w := httptest.NewRecorder()
		u.statsPage(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// TestStatsTopExercises: the page lists the exercises the period's taken breaks did, most
// first, linked to the catalog; an id the catalog no longer has shows as the id, unlinked;
// skipped breaks and breaks outside the period count nothing.
func TestStatsTopExercises(t *testing.T) {
	u, base := testServer(t, &fakeDaemon{})
	now := time.Now()
	at := func(daysAgo int) string {
		return time.Date(now.Year(), now.Month(), now.Day()-daysAgo, 9, 0, 0, 0, time.Local).Format(time.RFC3339Nano)
	}
	lines := []string{
		`{"type":"done","at":"` + at(0) + `","rule":"exercise","exercises":["chin-tuck","gone-exercise"]}`,
		`{"type":"done","at":"` + at(1) + `","rule":"exercise","short":true,"exercises":["chin-tuck"]}`,
		`{"type":"skipped","at":"` + at(1) + `","rule":"exercise","exercises":["neck-roll"]}`,
		`{"type":"done","at":"` + at(20) + `","rule":"exercise","exercises":["neck-roll","neck-roll-2"]}`,
	}
	os.MkdirAll(u.stateDir, 0o700)
	if err := os.WriteFile(filepath.Join(u.stateDir, store.HistoryFile), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e, ok := u.cat.Exercise("chin-tuck")
	if !ok {
		t.Fatal("the catalog has no chin-tuck")
	}
	c := login(t, u)
	resp, err := c.Get(base + "/stats?days=7")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, resp)
	want := `<ol class="top">
<li><a href="/exercises#ex-chin-tuck">` + template.HTMLEscapeString(e.Title) + `</a>: 2 breaks</li><li>gone-exercise: 1 break</li>
</ol>`
	if !strings.Contains(page, want) {
		i := strings.Index(page, "Exercises done most")
		t.Errorf("the 7-day page's done most, want\n%s\ngot\n%s", want, page[max(i, 0):min(len(page), max(i, 0)+400)])
	}
	resp, err = c.Get(base + "/stats?days=30")
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, resp); !strings.Contains(page, "neck-roll") {
		t.Error("the 30-day page leaves out a break of 20 days ago")
	}
}

// TestYTicks: the left axis has gridlines at whole numbers only, each label at its
// value's height, the top at or above the highest bar; an empty chart reads 0 and 1.
func TestYTicks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		maxN int
		want []int
	}{
		{0, []int{0, 1}},
		{1, []int{0, 1}},
		{3, []int{0, 1, 2, 3}},
		{7, []int{0, 2, 4, 6, 8}},
		{23, []int{0, 5, 10, 15, 20, 25}},
		{140, []int{0, 50, 100, 150}},
	}
	const top, plotH = 12.0, 220.0
	for _, tc := range cases {
		ticks := yTicks(tc.maxN, top, plotH)
		var got []int
		for _, tk := range ticks {
			got = append(got, tk.N)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("max %d: ticks %v, want %v", tc.maxN, got, tc.want)
			continue
		}
		axisTop := float64(tc.want[len(tc.want)-1])
		for _, tk := range ticks {
			if y := top + plotH*(1-float64(tk.N)/axisTop); math.Abs(tk.Y-y) > 0.01 {
				t.Errorf("max %d: tick %d at y %.2f, want %.2f", tc.maxN, tk.N, tk.Y, y)
			}
		}
	}
	// In the drawn chart, a day of 7 due puts its 7-high bar below the 8 line, and no
	// label reads 3.5 rounded.
	svg := string(chartSVG([]statsDay{{Day: store.Day{Date: "2026-11-29", Counts: store.Counts{Full: 4, Skipped: 3}}}}))
	for _, want := range []string{`text-anchor="end">8</text>`, `text-anchor="end">6</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart of a 7-break day lacks the label %s:\n%s", want, svg)
		}
	}
}

// TestDayLabels: a week labels every day with its weekday and names the month at the
// first day and where it changes; 30 and 90 days label Mondays with day and month, 7 days
// apart.
func TestDayLabels(t *testing.T) {
	t.Parallel()
	dates := func(last string, n int) []string {
		end, _ := time.Parse("2006-01-02", last)
		out := make([]string, n)
		for i := range out {
			out[i] = end.AddDate(0, 0, i-n+1).Format("2006-01-02")
		}
		return out
	}
	got := dayLabels(dates("2026-12-02", 7))
	want := []string{"Thu 26 Nov", "Fri 27", "Sat 28", "Sun 29", "Mon 30", "Tue 1 Dec", "Wed 2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("7 days: %q, want %q", got, want)
	}
	for _, n := range []int{30, 90} {
		got := dayLabels(dates("2026-11-29", n))
		last, count := -7, 0
		for i, l := range got {
			if l == "" {
				continue
			}
			count++
			if i-last < 7 {
				t.Errorf("%d days: label %q %d days after the one before", n, l, i-last)
			}
			last = i
			if d, err := time.Parse("2 Jan 2006", l+" 2026"); err != nil || d.Weekday() != time.Monday {
				t.Errorf("%d days: label %q is not a Monday's day and month (%v)", n, l, err)
			}
		}
		if count < n/7 {
			t.Errorf("%d days: %d labels, want %d", n, count, n/7)
		}
	}
	if got := dayLabels(dates("2026-11-29", 30)); got[2] != "2 Nov" || got[29] != "" {
		t.Errorf("30 days to 29 November: labels %q", got)
	}
}

// TestSeriesContrast: in both schemes each series' colour stands out from the page and
// the chart's background by at least 3:1 (WCAG's contrast for graphics).
func TestSeriesContrast(t *testing.T) {
	t.Parallel()
	css, err := os.ReadFile("assets/static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark, ok := strings.Cut(string(css), "@media (prefers-color-scheme: dark)")
	if !ok {
		t.Fatal("style.css has no dark scheme")
	}
	for scheme, block := range map[string]string{"light": light, "dark": dark} {
		vars := cssVars(block)
		for _, s := range series {
			name := "--" + strings.TrimPrefix(s.Class, "c-")
			for _, bg := range []string{"--bg", "--card"} {
				if r := contrast(vars[name], vars[bg]); r < 3 {
					t.Errorf("%s scheme: %s %s on %s %s has contrast %.2f, want 3 or more", scheme, name, vars[name], bg, vars[bg], r)
				}
			}
		}
	}
}

// cssVars returns the first value of each custom property (--name: #rrggbb) in css.
func cssVars(css string) map[string]string {
	out := map[string]string{}
	for _, decl := range strings.FieldsFunc(css, func(r rune) bool { return r == ';' || r == '{' || r == '\n' }) {
		name, value, ok := strings.Cut(strings.TrimSpace(decl), ":")
		if ok && strings.HasPrefix(name, "--") {
			if _, seen := out[name]; !seen {
				out[name] = strings.TrimSpace(value)
			}
		}
	}
	return out
}

// contrast is the WCAG contrast ratio of two colours #rrggbb (0 for a colour it cannot read).
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var r, g, bl int
		if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &bl); err != nil {
			return -1
		}
		lin := func(c int) float64 {
			v := float64(c) / 255
			if v <= 0.03928 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(bl)
	}
	la, lb := lum(a), lum(b)
	if la < 0 || lb < 0 {
		return 0
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
