package config

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// FuzzParse checks that no input panics, that every problem points at a line of the input,
// and that whatever parses holds the invariants the scheduler relies on.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		issueExample,
		string(DefaultFile()),
		"",
		"[work_hours]\nmon = [\"09:00-12:30\", \"13:30-12:00\", \"12:00-13:00\"]\nholidays = [2026-02-28, \"x\"]\n",
		"breaks = { a = { at = \"0 9 * * *\", every = \"1m\" } }\n[[prompts]]\n",
		"[prompts.p]\nat = \"0-70 * * * *\"\n[breaks.b]\nat = \"*/0 * * * *\"\n",
		"a.b.c = 1\n[a]\n",
		"[snooze]\nchoices = [[\"5m\"]]\nlimit = 0x7fffffffffffffff\n",
		"timezone = \"../../etc/passwd\"\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		c, err := Parse("f.toml", data, testCatalog)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not Errors: %v", err)
			}
			if c != nil {
				t.Fatal("config returned with errors")
			}
			for _, e := range es {
				if e.Line < 1 || e.Line > lines {
					t.Errorf("error outside the input's %d lines: %v", lines, e)
				}
				if e.File != "f.toml" || e.Msg == "" {
					t.Errorf("malformed error %+v", *e)
				}
			}
			return
		}
		if c.Zone == nil {
			t.Fatal("nil zone")
		}
		for d, day := range c.WorkHours {
			for i, r := range day {
				if r.Start < 0 || r.End > 1440 || r.Start >= r.End || i > 0 && day[i-1].End > r.Start {
					t.Fatalf("day %d: bad or unsorted ranges %v", d, day)
				}
			}
		}
		names := map[string]bool{}
		for _, group := range [][]RuleConfig{c.Breaks, c.Prompts} {
			for _, r := range group {
				if names[r.Name] || !ruleName.MatchString(r.Name) {
					t.Fatalf("bad or duplicate rule name %q", r.Name)
				}
				names[r.Name] = true
				if (r.Every > 0) == (r.At != "") || r.Every != 0 && r.Every < time.Minute {
					t.Fatalf("rule %+v", r)
				}
			}
		}
		for _, r := range c.Breaks {
			if r.Duration < time.Minute || r.RemindAfter < 0 {
				t.Fatalf("break %+v", r)
			}
		}
		for _, d := range c.Snooze.Choices {
			if d < time.Minute {
				t.Fatalf("snooze choice %v", d)
			}
		}
		if len(c.Snooze.Choices) == 0 || c.Snooze.Limit < 0 || c.Idle.Threshold < time.Minute || c.DND.MaxHold < time.Minute {
			t.Fatalf("config %+v", c)
		}
		r := c.Rules()
		for _, x := range r.List {
			if x.AtSpec != "" && x.At == nil {
				t.Fatalf("rule %q: spec %q without a schedule", x.Name, x.AtSpec)
			}
		}
	})
}
