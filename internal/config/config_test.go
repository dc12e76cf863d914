package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

func TestDefault(t *testing.T) {
	t.Parallel()
	c := Default()
	for d := time.Sunday; d <= time.Saturday; d++ {
		want := []scheduler.Range(nil)
		if d >= time.Monday && d <= time.Friday {
			want = []scheduler.Range{{Start: 9 * 60, End: 17 * 60}}
		}
		if !reflect.DeepEqual(c.WorkHours[d], want) {
			t.Errorf("%v: %v, want %v", d, c.WorkHours[d], want)
		}
	}
	r := c.Rules()
	var got []string
	for _, x := range r.List {
		got = append(got, string(x.Kind)+" "+x.Name+" "+x.Every.String()+" "+x.Duration.String()+" "+strings.Join(x.Categories, ","))
	}
	want := []string{"break exercise 1h0m0s 3m0s ", "prompt posture 25m0s 0s posture", "prompt breathing 45m0s 0s breathing", "prompt eyes 20m0s 0s eyes"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("default rules = %q, want %q", got, want)
	}
	if r.Zone != time.Local || r.SnoozeLimit != 3 || !reflect.DeepEqual(r.SnoozeChoices, []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute}) {
		t.Errorf("Rules() = %+v", r)
	}
	if c.Idle.Threshold != 2*time.Minute || !c.DND.Enabled || !c.DND.Fullscreen || c.DND.MaxHold != 30*time.Minute {
		t.Errorf("idle %+v dnd %+v", c.Idle, c.DND)
	}
	if c.Breaks[0].RemindAfter != 5*time.Minute {
		t.Errorf("remind_after = %v", c.Breaks[0].RemindAfter)
	}
}

func TestDefaultFileParsesToDefault(t *testing.T) {
	t.Parallel()
	for _, cat := range []Catalog{nil, testCatalog} {
		c, err := Parse("default.toml", DefaultFile(), cat)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, Default()) {
			t.Errorf("DefaultFile() parses to\n%+v\nwant Default()\n%+v", c, Default())
		}
	}
	// The commented-out examples in it must be valid too.
	var uncommented []string
	for _, l := range strings.Split(string(DefaultFile()), "\n") {
		if s, ok := strings.CutPrefix(l, "# "); ok && (strings.Contains(s, " = ") || strings.HasPrefix(s, "[")) && !strings.HasPrefix(s, "  ") {
			l = s
		}
		uncommented = append(uncommented, l)
	}
	doc := strings.Join(uncommented, "\n")
	if doc == string(DefaultFile()) {
		t.Fatal("found no commented-out examples")
	}
	if _, err := Parse("uncommented.toml", []byte(doc), testCatalog); err != nil {
		t.Errorf("DefaultFile with its examples uncommented: %v\n%s", err, doc)
	}
	b := DefaultFile()
	b[0] = 'X'
	if DefaultFile()[0] == 'X' {
		t.Error("DefaultFile returns shared memory")
	}
}

// issueExample is the full example of the config reference (issue 2).
const issueExample = `timezone = "Europe/Berlin"      # optional IANA name; default: the system's local zone

[work_hours]                    # keys mon..sun; a weekday that is missing is a day off
mon = ["09:00-12:30", "13:30-17:30"]
tue = ["09:00-17:30"]
wed = ["09:00-17:30"]
thu = ["09:00-17:30"]
fri = ["09:00-16:00"]
holidays = ["2026-12-24", "2026-12-25"]

[breaks.exercise]               # kind "break": exercises from the catalog, with a duration
every = "1h"                    # work time since this rule last fired ...
duration = "3m"

[prompts.posture]               # kind "prompt": a one-line nudge, no duration
every = "25m"

[prompts.breathing]
at = "45 9-16 * * mon-fri"      # ... or fixed times: a standard 5-field cron spec

[snooze]
choices = ["5m", "15m", "30m"]
limit = 3                       # snoozes allowed per due break
`

func TestIssueExample(t *testing.T) {
	t.Parallel()
	c, err := Parse("config.toml", []byte(issueExample), testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) > 0 {
		t.Errorf("warnings: %q", c.Warnings)
	}
	if c.Zone.String() != "Europe/Berlin" {
		t.Errorf("zone = %v", c.Zone)
	}
	if got := c.WorkHours[time.Monday]; !reflect.DeepEqual(got, []scheduler.Range{{Start: 540, End: 750}, {Start: 810, End: 1050}}) {
		t.Errorf("mon = %v", got)
	}
	if got := c.WorkHours[time.Friday]; !reflect.DeepEqual(got, []scheduler.Range{{Start: 540, End: 960}}) {
		t.Errorf("fri = %v", got)
	}
	if c.WorkHours[time.Saturday] != nil || c.WorkHours[time.Sunday] != nil {
		t.Error("weekend is not off")
	}
	if len(c.Holidays) != 2 || c.Holidays[1] != (scheduler.Date{Year: 2026, Month: time.December, Day: 25}) {
		t.Errorf("holidays = %v", c.Holidays)
	}
	if len(c.Breaks) != 1 || c.Breaks[0].Every != time.Hour || c.Breaks[0].Duration != 3*time.Minute {
		t.Errorf("breaks = %+v", c.Breaks)
	}
	if len(c.Prompts) != 2 || c.Prompts[1].At != "45 9-16 * * mon-fri" || c.Prompts[1].Topic != "breathing" {
		t.Errorf("prompts = %+v", c.Prompts)
	}
	r := c.Rules()
	br, _ := r.Rule("breathing")
	if br.At == nil {
		t.Fatal("breathing rule has no schedule")
	}
	if r.List[2].Categories[0] != "breathing" {
		t.Errorf("breathing categories = %v", r.List[2].Categories)
	}
}

func TestErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "config.toml", Line: 7, Field: "work_hours.mon[1]", Value: `"13:30-12:00"`, Msg: "end is before start"}, `config.toml:7: work_hours.mon[1]: "13:30-12:00": end is before start`},
		{Error{File: "c.toml", Line: 3, Field: "breaks.x", Msg: "both"}, "c.toml:3: breaks.x: both"},
		{Error{File: "c.toml", Line: 1, Msg: "invalid TOML: x"}, "c.toml:1: invalid TOML: x"},
		{Error{File: "c.toml", Msg: "m"}, "c.toml: m"},
		{Error{Msg: "m"}, "m"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	es := Errors{&tests[0].e, &tests[1].e}
	if got := es.Error(); got != tests[0].want+"\n"+tests[1].want {
		t.Errorf("Errors.Error() = %q", got)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	missing := filepath.Join(dir, "nope", "config.toml")
	c, err := Load(missing, testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Path = missing
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(missing) = %+v, want defaults with Path", c)
	}

	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte(issueExample), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = Load(good, testCatalog)
	if err != nil || c.Path != good || c.Timezone != "Europe/Berlin" {
		t.Errorf("Load(good) = %+v, %v", c, err)
	}

	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[snooze]\nlimit = -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad, testCatalog)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].File != bad || es[0].Line != 2 {
		t.Errorf("Load(bad) error = %v", err)
	}

	_, err = Load(dir, testCatalog) // a directory
	if err == nil || errors.As(err, &es) || !strings.HasPrefix(err.Error(), "read config: ") {
		t.Errorf("Load(dir) error = %v", err)
	}
}

func TestResolvePath(t *testing.T) {
	t.Parallel()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name, flag string
		env        map[string]string
		want       string
	}{
		{"flag_wins", "/etc/x.toml", map[string]string{"DESKBREAK_CONFIG": "/y.toml", "XDG_CONFIG_HOME": "/xdg"}, "/etc/x.toml"},
		{"flag_relative", "x.toml", nil, filepath.Join(cwd, "x.toml")},
		{"env", "", map[string]string{"DESKBREAK_CONFIG": "/y.toml", "XDG_CONFIG_HOME": "/xdg"}, "/y.toml"},
		{"xdg", "", map[string]string{"XDG_CONFIG_HOME": "/xdg"}, "/xdg/deskbreak/config.toml"},
	}
	for _, tt := range tests {
		got, err := ResolvePath(tt.flag, env(tt.env))
		if err != nil || got != filepath.FromSlash(tt.want) && got != tt.want {
			t.Errorf("%s: ResolvePath = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	// A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
	got, err := ResolvePath("", env(map[string]string{"XDG_CONFIG_HOME": "rel"}))
	if err == nil && (strings.HasPrefix(got, "rel") || filepath.Base(got) != "config.toml" || filepath.Base(filepath.Dir(got)) != "deskbreak") {
		t.Errorf("relative XDG_CONFIG_HOME: %q", got)
	}
}

// TestLoadRefusesHugeFile: a config over MaxFileSize is refused with the reason, without
// being parsed (issue 15: 80k keys took 7.7 s to parse) or read to its end.
func TestLoadRefusesHugeFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("[tips]\nexclude = []\n")
	for i := 0; b.Len() <= MaxFileSize; i++ {
		fmt.Fprintf(&b, "# padding %d\n", i)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	paths := []string{path}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths = append(paths, "/dev/zero") // endless: read no further than the limit
	}
	for _, p := range paths {
		_, err := Load(p, nil)
		var es Errors
		if !errors.As(err, &es) || !strings.Contains(err.Error(), p+": the file is larger than 256 KiB") {
			t.Errorf("Load(%s): %v; want a refusal saying it is larger than 256 KiB", p, err)
		}
	}
	if _, err := Parse("big.toml", []byte(b.String()), nil); err == nil || !strings.Contains(err.Error(), "larger than 256 KiB") {
		t.Errorf("Parse of %d bytes: %v; want a refusal", b.Len(), err)
	}
	// Just under the limit is read.
	if _, err := Parse("ok.toml", []byte(b.String()[:MaxFileSize]), nil); err != nil && strings.Contains(err.Error(), "larger than") {
		t.Errorf("Parse of %d bytes refused: %v", MaxFileSize, err)
	}
}

// TestRulesPanicsOnHandBuiltBadAt: a bad "at" spec in a Config built by hand is not dropped
// silently (Parse reports one in a file with its line).
func TestRulesPanicsOnHandBuiltBadAt(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Breaks[0].At = "61 * * * *"
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, `bad at "61 * * * *"`) {
			t.Errorf("recovered %v, want a panic naming the bad spec", r)
		}
	}()
	c.Rules()
	t.Error("Rules accepted a bad at spec")
}
