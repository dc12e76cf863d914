package config

import (
	"reflect"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// TestFormatRoundTrip: what Format writes parses back to the same settings.
func TestFormatRoundTrip(t *testing.T) {
	t.Parallel()
	docs := map[string]string{
		"defaults": string(DefaultFile()),
		"everything": `timezone = "Europe/Berlin"
[work_hours]
mon = ["08:00-12:30", "13:15-17:00"]
wed = ["10:00-24:00"]
sat = ["09:00-11:00"]
holidays = ["2026-12-24", "2027-01-01"]
[breaks.stretch]
every = "50m"
duration = "1m30s"
categories = ["neck", "shoulders"]
remind_after = "0"
[breaks.lunch]
at = "30 12 * * mon-fri"
duration = "10m"
[prompts.eyes]
every = "20m"
topic = "posture"
[snooze]
choices = ["10m", "1h"]
limit = 0
[tips]
exclude = ["neck-roll"]
[idle]
threshold = "5m"
[dnd]
enabled = false
max_hold = "1h"
fullscreen = false
[ui]
browser = "firefox --new-window {url} \"x\""
break_window = false
`,
		"no_rules": "[breaks]\n",
	}
	for name, doc := range docs {
		want, err := Parse("in.toml", []byte(doc), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := Format(want)
		got, err := Parse("out.toml", out, nil)
		if err != nil {
			t.Fatalf("%s: Format wrote a file that does not parse: %v\n%s", name, err, out)
		}
		want.Warnings, got.Warnings = nil, nil
		want.Zone, got.Zone = nil, nil
		for _, c := range []*Config{want, got} {
			for i := range c.Breaks {
				c.Breaks[i].at, c.Breaks[i].atLine = nil, 0
			}
			for i := range c.Prompts {
				c.Prompts[i].at, c.Prompts[i].atLine = nil, 0
			}
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: round trip changed the settings\nwant %+v\ngot  %+v\n%s", name, want, got, out)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[string]string{"1h": "1h", "25m": "25m", "1h30m": "1h30m", "90s": "1m30s", "0s": "0", "2h0m5s": "2h0m5s"} {
		pd, _ := time.ParseDuration(d)
		if got := FormatDuration(pd); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

// TOMLString's output must read back as the same string, whatever it holds.
func TestTOMLStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "Europe/Berlin", `a "quoted" \ path`, "tab\there", "bell\x07 and del\x7f", "new\nline", "ünïcode ✓"} {
		var got struct{ V string }
		if err := toml.Unmarshal([]byte("V = "+TOMLString(s)+"\n"), &got); err != nil {
			t.Fatalf("TOMLString(%q) = %s does not parse: %v", s, TOMLString(s), err)
		}
		if got.V != s {
			t.Errorf("TOMLString(%q) = %s reads back as %q", s, TOMLString(s), got.V)
		}
	}
}
