package config

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// fakeCatalog is a hand-written Catalog.
type fakeCatalog struct{ exercises, categories, topics []string }

var _ Catalog = (*fakeCatalog)(nil)

func (f *fakeCatalog) HasExercise(id string) bool   { return slices.Contains(f.exercises, id) }
func (f *fakeCatalog) HasCategory(name string) bool { return slices.Contains(f.categories, name) }
func (f *fakeCatalog) HasTopic(name string) bool    { return slices.Contains(f.topics, name) }

var testCatalog = &fakeCatalog{
	exercises:  []string{"chin-tuck", "neck-roll", "box-breathing"},
	categories: []string{"neck", "shoulders", "eyes", "breathing"},
	topics:     []string{"posture", "breathing", "eyes"},
}

// problems parses doc as "c.toml" and returns the lines of its error ("" parts dropped).
func problems(t *testing.T, doc string) []string {
	t.Helper()
	c, err := Parse("c.toml", []byte(doc), testCatalog)
	if err == nil {
		t.Fatalf("Parse succeeded, want errors; got %+v", c)
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors: %v", err, err)
	}
	if c != nil {
		t.Errorf("Parse returned a config with its errors")
	}
	return strings.Split(err.Error(), "\n")
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"syntax", "timezone = \n", []string{`c.toml:1: invalid TOML: unexpected character U+000A at start of value`}},
		{"syntax_later_line", "[snooze]\nlimit = 3\nlimit = 4\n", []string{`c.toml:3: invalid TOML: key limit is already defined`}},
		{"unknown_top_key", "timezon = \"UTC\"\n", []string{`c.toml:1: timezon: unknown key (did you mean "timezone"?)`}},
		{"unknown_key_far", "colour = \"red\"\n", []string{`c.toml:1: colour: unknown key (known keys: timezone, work_hours, breaks, prompts, snooze, tips, idle, dnd, ui, notify)`}},
		{"top_key_after_table", "[snooze]\nlimit = 2\ntimezone = \"UTC\"\n", []string{`c.toml:3: snooze.timezone: unknown key (timezone belongs at the top of the file, before the first [table])`}},
		{"weekday_at_top", "mon = [\"09:00-17:00\"]\n", []string{`c.toml:1: mon: unknown key (mon belongs in [work_hours])`}},
		{"typo_of_every", "[breaks.stretch]\nevry = \"1h\"\n", []string{`c.toml:2: breaks.stretch.evry: unknown key (did you mean "every"?)`}},
		{"unknown_table", "[snoze]\nlimit = 2\n", []string{`c.toml:1: snoze: unknown key (did you mean "snooze"?)`}},
		{"unknown_weekday", "[work_hours]\nmonday = [\"09:00-17:00\"]\n", []string{`c.toml:2: work_hours.monday: unknown key (did you mean "mon"?)`}},
		{"unknown_dotted", "breaks.exercise.every = \"1h\"\nbreaks.exercise.durration = \"3m\"\n", []string{`c.toml:2: breaks.exercise.durration: unknown key (did you mean "duration"?)`}},
		{"bad_zone", "timezone = \"Mars/Olympus\"\n", []string{`c.toml:1: timezone: "Mars/Olympus": unknown time zone (use an IANA name such as "Europe/Berlin")`}},
		{"zone_local", "timezone = \"Local\"\n", []string{`c.toml:1: timezone: "Local": unknown time zone (use an IANA name such as "Europe/Berlin")`}},
		{"zone_type", "timezone = 2\n", []string{`c.toml:1: timezone: 2: expected a string, got an integer`}},
		{"end_before_start", "[work_hours]\nmon = [\"09:00-12:30\", \"13:30-12:00\"]\n", []string{`c.toml:2: work_hours.mon[1]: "13:30-12:00": end is before start`}},
		{"range_on_own_line", "[work_hours]\nmon = [\n  \"09:00-12:30\",\n  \"13:30-12:00\",\n]\n", []string{`c.toml:4: work_hours.mon[1]: "13:30-12:00": end is before start`}},
		{"empty_range", "[work_hours]\ntue = [\"09:00-09:00\"]\n", []string{`c.toml:2: work_hours.tue[0]: "09:00-09:00": the range is empty`}},
		{"overlap", "[work_hours]\nwed = [\"09:00-13:00\", \"12:00-17:00\"]\n", []string{`c.toml:2: work_hours.wed[1]: "12:00-17:00": overlaps "09:00-13:00"`}},
		{"overlap_inside", "[work_hours]\nwed = [\"08:00-18:00\", \"12:00-13:00\"]\n", []string{`c.toml:2: work_hours.wed[1]: "12:00-13:00": overlaps "08:00-18:00"`}},
		{"bad_hour", "[work_hours]\nthu = [\"09:00-25:00\"]\n", []string{`c.toml:2: work_hours.thu[0]: "09:00-25:00": 25:00 is not a time of day`}},
		{"bad_minute", "[work_hours]\nthu = [\"09:60-17:00\"]\n", []string{`c.toml:2: work_hours.thu[0]: "09:60-17:00": 09:60 is not a time of day`}},
		{"after_24", "[work_hours]\nthu = [\"09:00-24:30\"]\n", []string{`c.toml:2: work_hours.thu[0]: "09:00-24:30": 24:30 is not a time of day`}},
		{"start_24", "[work_hours]\nthu = [\"24:00-24:00\"]\n", []string{`c.toml:2: work_hours.thu[0]: "24:00-24:00": a range cannot start at 24:00`}},
		{"range_shape", "[work_hours]\nfri = [\"9am-5pm\", \"09:00\", \"0900-1700\", \"09:0-17:00\"]\n", []string{
			`c.toml:2: work_hours.fri[0]: "9am-5pm": not a time range (write "HH:MM-HH:MM", such as "09:00-17:00")`,
			`c.toml:2: work_hours.fri[1]: "09:00": not a time range (write "HH:MM-HH:MM", such as "09:00-17:00")`,
			`c.toml:2: work_hours.fri[2]: "0900-1700": not a time range (write "HH:MM-HH:MM", such as "09:00-17:00")`,
			`c.toml:2: work_hours.fri[3]: "09:0-17:00": not a time range (write "HH:MM-HH:MM", such as "09:00-17:00")`,
		}},
		{"day_not_array", "[work_hours]\nsat = \"09:00-12:00\"\n", []string{`c.toml:2: work_hours.sat: "09:00-12:00": expected an array of ranges such as "09:00-17:00", got a string`}},
		{"range_not_string", "[work_hours]\nsat = [9]\n", []string{`c.toml:2: work_hours.sat[0]: 9: expected a string, got an integer`}},
		{"work_hours_not_table", "work_hours = \"9-5\"\n", []string{`c.toml:1: work_hours: "9-5": expected a table, got a string`}},
		{"bad_date", "[work_hours]\nmon = [\"09:00-17:00\"]\nholidays = [\"2026-02-30\", \"24.12.2026\", 2026]\n", []string{
			`c.toml:3: work_hours.holidays[0]: "2026-02-30": no such date`,
			`c.toml:3: work_hours.holidays[1]: "24.12.2026": not a date (write YYYY-MM-DD, such as "2026-12-24")`,
			`c.toml:3: work_hours.holidays[2]: 2026: expected a date such as "2026-12-24", got an integer`,
		}},
		{"both_every_and_at", "[breaks.stretch]\nevery = \"1h\"\nat = \"0 * * * *\"\n", []string{`c.toml:3: breaks.stretch: both every and at are set; keep one`}},
		{"neither_every_nor_at", "[breaks.stretch]\nduration = \"2m\"\n", []string{`c.toml:1: breaks.stretch: neither every nor at is set; add one, such as every = "1h"`}},
		{"zero_duration", "[breaks.stretch]\nevery = \"0s\"\n", []string{`c.toml:2: breaks.stretch.every: "0s": must be positive`}},
		{"negative_duration", "[prompts.posture]\nevery = \"-25m\"\n", []string{`c.toml:2: prompts.posture.every: "-25m": must be positive`}},
		{"short_duration", "[breaks.stretch]\nevery = \"1h\"\nduration = \"30s\"\n", []string{`c.toml:3: breaks.stretch.duration: "30s": must be at least 1m`}},
		{"unparsable_duration", "[breaks.stretch]\nevery = \"an hour\"\n", []string{`c.toml:2: breaks.stretch.every: "an hour": not a duration (write a number and a unit, such as "90s", "25m" or "1h30m")`}},
		{"duration_no_unit", "[breaks.stretch]\nevery = \"60\"\n", []string{`c.toml:2: breaks.stretch.every: "60": not a duration: the unit is missing (write "60m" or "60s")`}},
		{"duration_number", "[breaks.stretch]\nevery = 60\n", []string{`c.toml:2: breaks.stretch.every: 60: expected a duration such as "25m" or "1h30m", got an integer`}},
		{"remind_after_short", "[breaks.stretch]\nevery = \"1h\"\nremind_after = \"10s\"\n", []string{`c.toml:3: breaks.stretch.remind_after: "10s": must be at least 1m`}},
		{"cron_garbage", "[prompts.posture]\nat = \"every morning\"\n", []string{`c.toml:2: prompts.posture.at: "every morning": not a valid cron spec: expected exactly 5 fields, found 2: [every morning]`}},
		{"cron_out_of_range", "[prompts.posture]\nat = \"61 9 * * *\"\n", []string{`c.toml:2: prompts.posture.at: "61 9 * * *": not a valid cron spec: end of range (61) above maximum (59): 61`}},
		{"cron_never", "[prompts.posture]\nat = \"0 9 31 2 *\"\n", []string{`c.toml:2: prompts.posture.at: "0 9 31 2 *": never fires: no date matches its day and month fields`}},
		{"cron_every", "[prompts.posture]\nat = \"@every 5m\"\n", []string{`c.toml:2: prompts.posture.at: "@every 5m": "@every" is not a fixed time: use every = "..." instead of at`}},
		{"cron_tz", "[prompts.posture]\nat = \"CRON_TZ=UTC 0 9 * * *\"\n", []string{`c.toml:2: prompts.posture.at: "CRON_TZ=UTC 0 9 * * *": a time zone inside the spec is not supported: set timezone at the top of the config`}},
		{"bad_rule_name", "[breaks.Stretch]\nevery = \"1h\"\n", []string{`c.toml:1: breaks.Stretch: invalid rule name (use up to 64 lowercase letters, digits, "-" and "_")`}},
		{"quoted_rule_name", "[breaks.\"my break\"]\nevery = \"1h\"\n", []string{`c.toml:1: breaks."my break": invalid rule name (use up to 64 lowercase letters, digits, "-" and "_")`}},
		{"rule_not_table", "[breaks]\nexercise = \"1h\"\n", []string{`c.toml:2: breaks.exercise: "1h": expected a table such as [breaks.exercise], got a string`}},
		{"breaks_array_of_tables", "[[breaks]]\nevery = \"1h\"\n", []string{`c.toml:1: breaks: expected a table of named rules such as [breaks.NAME], got an array of tables`}},
		{"duplicate_name", "[breaks.stretch]\nevery = \"1h\"\n[prompts.stretch]\nevery = \"20m\"\n", []string{`c.toml:3: prompts.stretch: the name "stretch" is already used by breaks.stretch`}},
		{"prompt_has_duration", "[prompts.posture]\nevery = \"20m\"\nduration = \"1m\"\n", []string{`c.toml:3: prompts.posture.duration: unknown key (known keys: every, at, topic)`}},
		{"unknown_category", "[breaks.stretch]\nevery = \"1h\"\ncategories = [\"neck\", \"nek\"]\n", []string{`c.toml:3: breaks.stretch.categories[1]: "nek": unknown category (see "deskbreak tips list")`}},
		{"categories_type", "[breaks.stretch]\nevery = \"1h\"\ncategories = \"neck\"\n", []string{`c.toml:3: breaks.stretch.categories: "neck": expected an array of categories, got a string`}},
		{"unknown_topic", "[prompts.nudge]\nevery = \"20m\"\ntopic = \"yoga\"\n", []string{`c.toml:3: prompts.nudge.topic: "yoga": unknown topic (see "deskbreak tips list")`}},
		{"snooze_choice_zero", "[snooze]\nchoices = [\"5m\", \"0m\"]\n", []string{`c.toml:2: snooze.choices[1]: "0m": must be positive`}},
		{"snooze_choices_empty", "[snooze]\nchoices = []\n", []string{`c.toml:2: snooze.choices: needs at least one choice (set limit = 0 to turn snoozing off)`}},
		{"snooze_limit_negative", "[snooze]\nlimit = -1\n", []string{`c.toml:2: snooze.limit: -1: must be 0 or more`}},
		{"snooze_limit_string", "[snooze]\nlimit = \"3\"\n", []string{`c.toml:2: snooze.limit: "3": expected a whole number, got a string`}},
		{"snooze_limit_float", "[snooze]\nlimit = 2.5\n", []string{`c.toml:2: snooze.limit: 2.5: expected a whole number, got a number`}},
		{"snooze_limit_huge", "[snooze]\nlimit = 99999999999\n", []string{`c.toml:2: snooze.limit: 99999999999: too large`}},
		{"tips_unknown_id", "[tips]\nexclude = [\"neck-roll\", \"neck-rol\"]\n", []string{`c.toml:2: tips.exclude[1]: "neck-rol": unknown exercise id (see "deskbreak tips list")`}},
		{"tips_unknown_category", "[tips]\nexclude_categories = [\"legs\"]\n", []string{`c.toml:2: tips.exclude_categories[0]: "legs": unknown category (see "deskbreak tips list")`}},
		{"idle_short", "[idle]\nthreshold = \"30s\"\n", []string{`c.toml:2: idle.threshold: "30s": must be at least 1m`}},
		{"notify_types", "[notify]\nsound = \"off\"\nprompt_sound = 0\nvolume = 3\n", []string{
			`c.toml:2: notify.sound: "off": expected true or false, got a string`,
			`c.toml:3: notify.prompt_sound: 0: expected true or false, got an integer`,
			`c.toml:4: notify.volume: unknown key (known keys: sound, prompt_sound)`,
		}},
		{"dnd_types", "[dnd]\nenabled = \"yes\"\nfullscreen = 1\nmax_hold = true\n", []string{
			`c.toml:2: dnd.enabled: "yes": expected true or false, got a string`,
			`c.toml:3: dnd.fullscreen: 1: expected true or false, got an integer`,
			`c.toml:4: dnd.max_hold: true: expected a duration such as "25m" or "1h30m", got a boolean`,
		}},
		{"inline_table", "breaks = { exercise = { every = \"1m\", at = \"0 9 * * *\" } }\n", []string{`c.toml:1: breaks.exercise: both every and at are set; keep one`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problems(t, tt.doc)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%q) errors:\n got: %q\nwant: %q", tt.doc, got, tt.want)
			}
		})
	}
}

func TestFiveMistakes(t *testing.T) {
	t.Parallel()
	doc := `timezone = "Europe/Berln"

[work_hours]
mon = ["09:00-12:30", "13:30-12:00"]
tue = ["09:00-17:30"]

[breaks.exercise]
every = "1h"
duraton = "3m"

[prompts.posture]
every = "0m"

[snooze]
choices = ["5m", "15m"]
limit = -2
`
	c, err := Parse("config.toml", []byte(doc), testCatalog)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("Parse = %v, %v; want Errors", c, err)
	}
	want := []int{1, 4, 9, 12, 16}
	var lines []int
	for _, e := range es {
		lines = append(lines, e.Line)
	}
	if !slices.Equal(lines, want) {
		t.Errorf("error lines = %v, want %v; errors:\n%v", lines, want, err)
	}
	if es[1].Error() != `config.toml:4: work_hours.mon[1]: "13:30-12:00": end is before start` {
		t.Errorf("second error = %q", es[1].Error())
	}
	if es[1].Field != "work_hours.mon[1]" || es[1].Value != `"13:30-12:00"` || es[1].Msg != "end is before start" || es[1].File != "config.toml" {
		t.Errorf("second error fields = %+v", *es[1])
	}
}

func TestWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"none", "[breaks.exercise]\nevery = \"1h\"\n", nil},
		{"short_every", "[prompts.posture]\nevery = \"2m\"\n", []string{`c.toml:2: prompts.posture.every: "2m": shorter than 5 minutes; reminders this often get in the way`}},
		{"duration_as_long_as_every", "[breaks.long]\nevery = \"30m\"\nduration = \"30m\"\n", []string{`c.toml:3: breaks.long.duration: "30m": as long as the interval (every = "30m"): the break never ends before the next`}},
		{"at_outside_work", "[work_hours]\nmon = [\"09:00-12:00\"]\n[prompts.posture]\nat = \"0 13 * * *\"\n", []string{`c.toml:4: prompts.posture.at: "0 13 * * *": never falls inside the work hours, so it never fires`}},
		{"every_longer_than_ranges", "[work_hours]\nmon = [\"09:00-17:00\"]\ntue = [\"09:00-12:00\", \"13:00-17:00\"]\n[breaks.b]\nevery = \"9h\"\n", []string{`c.toml:5: breaks.b.every: "9h": not shorter than the longest work range (8h), and counting restarts with each range, so it never fires`}},
		{"every_as_long_as_range", "[work_hours]\nmon = [\"09:00-12:30\"]\n[prompts.p]\nevery = \"3h30m\"\n", []string{`c.toml:4: prompts.p.every: "3h30m": not shorter than the longest work range (3h30m), and counting restarts with each range, so it never fires`}},
		{"at_on_day_off", "[work_hours]\nmon = [\"09:00-17:00\"]\n[breaks.b]\nat = \"0 10 * * sat,sun\"\n", []string{`c.toml:4: breaks.b.at: "0 10 * * sat,sun": never falls inside the work hours, so it never fires`}},
		{"at_at_range_end", "[work_hours]\nmon = [\"09:00-17:00\"]\n[breaks.b]\nat = \"0 17 * * *\"\n", []string{`c.toml:4: breaks.b.at: "0 17 * * *": never falls inside the work hours, so it never fires`}},
		{"at_inside", "[work_hours]\nmon = [\"09:00-17:00\"]\n[breaks.b]\nat = \"59 16 * * mon\"\n", nil},
		{"at_dom_restricted", "[work_hours]\nmon = [\"09:00-17:00\"]\n[breaks.b]\nat = \"0 10 1 * *\"\n", nil},
		{"at_dom_and_dow", "[work_hours]\nmon = [\"09:00-17:00\"]\n[breaks.b]\nat = \"0 10 1 * sun\"\n", nil},
		{"no_work_days", "[work_hours]\nholidays = [\"2026-12-24\"]\n", []string{`c.toml:1: work_hours: no work days: deskbreak will never remind you (list weekdays, such as mon = ["09:00-17:00"])`}},
		{"no_rules", "[breaks]\n[prompts]\n", []string{`c.toml:1: breaks: no rules: deskbreak will never remind you (delete the empty tables to keep the default rules)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("c.toml", []byte(tt.doc), testCatalog)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !slices.Equal(c.Warnings, tt.want) {
				t.Errorf("warnings:\n got: %q\nwant: %q", c.Warnings, tt.want)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	doc := `
timezone = "America/New_York"
[work_hours]
mon = ["13:30-17:30", "9:00-12:30"]   # out of order, one-digit hour
sat = []
sun = ["20:00-24:00"]
holidays = ["2026-12-24", 2026-12-25, "2026-12-24"]

[breaks.eyes]
at = "0 10,15 * * mon-fri"
categories = ["eyes", "eyes"]
remind_after = "0"

[breaks.exercise]
every = "50m"
duration = "5m"
remind_after = "0s"

[prompts.eyes-prompt]
every = "20m"
topic = "eyes"

[prompts.breathing]
every = "45m"

[prompts.nudge]
every = "30m"

[snooze]
limit = 0

[tips]
exclude = ["neck-roll"]
exclude_categories = ["neck"]

[idle]
threshold = "3m"

[dnd]
enabled = false
max_hold = "10m"
fullscreen = false
`
	c, err := Parse("c.toml", []byte(doc), testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if c.Timezone != "America/New_York" || c.Zone.String() != ny.String() {
		t.Errorf("zone = %q %v", c.Timezone, c.Zone)
	}
	wantWeek := [7][]scheduler.Range{
		time.Monday: {{Start: 540, End: 750}, {Start: 810, End: 1050}},
		time.Sunday: {{Start: 1200, End: 1440}},
	}
	if !reflect.DeepEqual(c.WorkHours, wantWeek) {
		t.Errorf("work hours = %v, want %v", c.WorkHours, wantWeek)
	}
	wantHol := []scheduler.Date{{Year: 2026, Month: 12, Day: 24}, {Year: 2026, Month: 12, Day: 25}}
	if !slices.Equal(c.Holidays, wantHol) {
		t.Errorf("holidays = %v", c.Holidays)
	}
	var names []string
	for _, r := range c.Breaks {
		names = append(names, r.Name)
	}
	if !slices.Equal(names, []string{"eyes", "exercise"}) {
		t.Errorf("breaks = %v, want file order", names)
	}
	eyes, ex := c.Breaks[0], c.Breaks[1]
	if eyes.At != "0 10,15 * * mon-fri" || eyes.Every != 0 || eyes.Duration != 3*time.Minute || eyes.RemindAfter != 0 || !slices.Equal(eyes.Categories, []string{"eyes"}) {
		t.Errorf("breaks.eyes = %+v", eyes)
	}
	if ex.Every != 50*time.Minute || ex.Duration != 5*time.Minute || ex.RemindAfter != 0 || ex.Categories != nil {
		t.Errorf("breaks.exercise = %+v", ex)
	}
	var topics []string
	for _, p := range c.Prompts {
		topics = append(topics, p.Name+"="+p.Topic)
	}
	if !slices.Equal(topics, []string{"eyes-prompt=eyes", "breathing=breathing", "nudge=posture"}) {
		t.Errorf("prompt topics = %v", topics)
	}
	if !reflect.DeepEqual(c.Snooze, SnoozeConfig{Choices: Default().Snooze.Choices, Limit: 0}) {
		t.Errorf("snooze = %+v", c.Snooze)
	}
	if !reflect.DeepEqual(c.Tips, TipsConfig{Exclude: []string{"neck-roll"}, ExcludeCategories: []string{"neck"}}) {
		t.Errorf("tips = %+v", c.Tips)
	}
	if c.Idle.Threshold != 3*time.Minute || c.DND != (DNDConfig{Enabled: false, MaxHold: 10 * time.Minute, Fullscreen: false}) {
		t.Errorf("idle = %+v, dnd = %+v", c.Idle, c.DND)
	}

	r := c.Rules()
	if r.Zone != c.Zone || len(r.List) != 5 || !r.Holidays[wantHol[1]] || r.SnoozeLimit != 0 {
		t.Fatalf("Rules() = %+v", r)
	}
	if b := r.List[0]; b.Kind != scheduler.KindBreak || b.At == nil || b.AtSpec != eyes.At || b.Every != 0 || !slices.Equal(b.Categories, []string{"eyes"}) {
		t.Errorf("Rules()[0] = %+v", b)
	}
	if p := r.List[2]; p.Kind != scheduler.KindPrompt || p.Name != "eyes-prompt" || !slices.Equal(p.Categories, []string{"eyes"}) || p.Duration != 0 {
		t.Errorf("Rules()[2] = %+v", p)
	}
	r.Week[time.Monday][0].Start = 0
	r.List[0].Categories[0] = "x"
	if c.WorkHours[time.Monday][0].Start != 540 || c.Breaks[0].Categories[0] != "eyes" {
		t.Error("Rules() shares memory with the config")
	}
}

// TestRulesDefaults pins the choice documented in default.toml: no rule tables keep the
// default rules; any rule table replaces them all.
func TestRulesDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc             string
		breaks, prompts []string
	}{
		{"[snooze]\nlimit = 1\n", []string{"exercise"}, []string{"posture", "breathing", "eyes"}},
		{"", []string{"exercise"}, []string{"posture", "breathing", "eyes"}},
		{"[prompts.posture]\nevery = \"30m\"\n", nil, []string{"posture"}},
		{"[breaks.stretch]\nevery = \"2h\"\n", []string{"stretch"}, nil},
		{"[breaks]\n[prompts]\n", nil, nil},
	}
	for _, tt := range tests {
		c, err := Parse("c.toml", []byte(tt.doc), nil)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.doc, err)
		}
		var b, p []string
		for _, r := range c.Breaks {
			b = append(b, r.Name)
		}
		for _, r := range c.Prompts {
			p = append(p, r.Name)
		}
		if !slices.Equal(b, tt.breaks) || !slices.Equal(p, tt.prompts) {
			t.Errorf("Parse(%q): breaks %v prompts %v, want %v %v", tt.doc, b, p, tt.breaks, tt.prompts)
		}
	}
}

func TestByteOrderMarkAndCRLF(t *testing.T) {
	t.Parallel()
	doc := "\ufefftimezone = \"UTC\"\r\n[snooze]\r\nlimit = -1\r\n"
	got := problems(t, doc)
	want := []string{`c.toml:3: snooze.limit: -1: must be 0 or more`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNilCatalog(t *testing.T) {
	t.Parallel()
	doc := "[breaks.b]\nevery = \"1h\"\ncategories = [\"anything\"]\n[prompts.breathing]\nevery = \"1h\"\n[prompts.other]\nevery = \"1h\"\n[tips]\nexclude = [\"whatever\"]\n"
	c, err := Parse("c.toml", []byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Prompts[0].Topic != "breathing" || c.Prompts[1].Topic != "posture" {
		t.Errorf("topics = %q, %q", c.Prompts[0].Topic, c.Prompts[1].Topic)
	}
}

func TestParseNotify(t *testing.T) {
	t.Parallel()
	c, err := Parse("c.toml", []byte("[notify]\nsound = false\nprompt_sound = true\n"), testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	if c.Notify != (NotifyConfig{Sound: false, PromptSound: true}) {
		t.Errorf("notify = %+v", c.Notify)
	}
	if d := Default().Notify; d != (NotifyConfig{Sound: true}) {
		t.Errorf("default notify = %+v, want sound on for breaks, off for prompts", d)
	}
}
