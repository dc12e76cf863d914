package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
)

// TestDayRanges checks how the work-hours grid's rows become a day's list, as posted by a
// page with or without its script.
func TestDayRanges(t *testing.T) {
	cases := []struct {
		form url.Values
		want string
	}{
		{url.Values{"work_hours.mon.start": {"09:00", "13:00", ""}, "work_hours.mon.end": {"12:00", "17:00", ""}}, "09:00-12:00, 13:00-17:00"},
		{url.Values{"work_hours.mon.start": {""}, "work_hours.mon.end": {" "}}, ""},           // an empty row: a day off
		{url.Values{"work_hours.mon.start": {"09:00"}, "work_hours.mon.end": {""}}, "09:00-"}, // half a row: for the checker to name
		{url.Values{"work_hours.mon": {"08:00-10:00"}}, "08:00-10:00"},                        // an older page's text field
	}
	for _, c := range cases {
		if got := dayRanges(c.form, "mon"); got != c.want {
			t.Errorf("dayRanges(%v) = %q, want %q", c.form, got, c.want)
		}
	}
	doc, fields := formDoc(url.Values{"work_hours.tue.start": {"09:00"}, "work_hours.tue.end": {"17:00"}})
	if !strings.Contains(string(doc), `tue = ["09:00-17:00"]`) || fields["work_hours.tue"] != "work_hours.tue" {
		t.Errorf("formDoc of Tuesday's grid:\n%s\nfields %v", doc, fields)
	}
}

// The preview says lengths as status and plan do ("3 min"), not in the config's "3m".
func TestPlanHTMLSaysLengthsInWords(t *testing.T) {
	cfg := config.Default()
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) // a Monday before work
	html := string(planHTML(cfg, now, 0))
	if !strings.Contains(html, " break, 3 min</li>") || strings.Contains(html, " break, 3m<") {
		t.Errorf("the preview does not say the default 3 min break in words:\n%.400s", html)
	}
}
