// Package config reads deskbreak's TOML config file: work hours, holidays, break and prompt
// rules, snooze, tips, idle and do-not-disturb settings. It reports every problem in a file
// at once, each with its file, line, field and value, and converts the result into the
// scheduler's rules.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/robfig/cron/v3"
)

// Config is a parsed, validated config file (or the built-in defaults).
type Config struct {
	// Path is the file the config was loaded from; "" for the built-in defaults.
	Path string
	// Timezone is the zone name as written; "" means the system's local zone.
	Timezone string
	// Zone is Timezone resolved: time.Local when Timezone is "".
	Zone *time.Location
	// WorkHours holds the work ranges of each weekday, indexed by time.Weekday, sorted and
	// not overlapping. An empty day is a day off.
	WorkHours [7][]scheduler.Range
	// Holidays are days off, in file order, without duplicates.
	Holidays []scheduler.Date
	// Breaks are the [breaks.NAME] rules in file order (default: exercise).
	Breaks []RuleConfig
	// Prompts are the [prompts.NAME] rules in file order (default: posture, breathing).
	Prompts []RuleConfig
	// Snooze is the [snooze] table.
	Snooze SnoozeConfig
	// Tips is the [tips] table.
	Tips TipsConfig
	// Idle is the [idle] table.
	Idle IdleConfig
	// DND is the [dnd] table.
	DND DNDConfig
	// UI is the [ui] table: the web UI (cmd/deskbreak-ui).
	UI UIConfig
	// Notify is the [notify] table.
	Notify NotifyConfig
	// Warnings are things that are allowed but probably not meant, such as a rule that
	// fires more often than every 5 minutes. Each reads like an Error.
	Warnings []string
}

// RuleConfig is one [breaks.NAME] or [prompts.NAME] table.
type RuleConfig struct {
	// Name is the NAME of the table.
	Name string
	// Every is the work time between firings; 0 when At is set.
	Every time.Duration
	// At is a 5-field cron spec; "" when Every is set.
	At string
	// Duration is a break's length (default 3m); 0 for a prompt.
	Duration time.Duration
	// Categories limits a break's exercises to these catalog categories (nil: any).
	Categories []string
	// Topic is a prompt's topic in the catalog, such as "posture"; "" for a break.
	Topic string
	// RemindAfter shows an ignored due break once more after this long (default 5m; 0:
	// never); 0 for a prompt.
	RemindAfter time.Duration

	at     *cron.SpecSchedule // At, parsed
	atLine int                // where At was written
}

// SnoozeConfig is the [snooze] table.
type SnoozeConfig struct {
	// Choices are the snooze lengths offered, the first being the default.
	Choices []time.Duration
	// Limit is how many times one due break may be snoozed (0: never).
	Limit int
}

// TipsConfig is the [tips] table.
type TipsConfig struct {
	// Exclude are exercise ids never to pick.
	Exclude []string
	// ExcludeCategories are catalog categories never to pick from.
	ExcludeCategories []string
}

// IdleConfig is the [idle] table.
type IdleConfig struct {
	// Threshold is how long without input counts as away (default 2m).
	Threshold time.Duration
}

// DNDConfig is the [dnd] table.
type DNDConfig struct {
	// Enabled makes a due break wait while the desktop is in do-not-disturb (default true).
	Enabled bool
	// MaxHold is the longest a break waits for do-not-disturb to end (default 30m).
	MaxHold time.Duration
	// Fullscreen counts a fullscreen window as do-not-disturb (default true).
	Fullscreen bool
}

// UIConfig is the [ui] table.
type UIConfig struct {
	// Browser is the program (and arguments; {url} marks where the URL goes, else it comes
	// last) that opens the web UI; "" picks a Chromium-family browser in app mode, else
	// the default browser.
	Browser string
	// BreakWindow opens the break page when a break comes due (default true).
	BreakWindow bool
}

// NotifyConfig is the [notify] table.
type NotifyConfig struct {
	// Sound plays a cue at the end of each exercise of a break and at the end of the break,
	// where the desktop can (default true).
	Sound bool
	// PromptSound plays a cue with posture and breathing prompts (default false).
	PromptSound bool
}

// Catalog is what the config needs to know of the exercise catalog (internal/tips) to check
// the ids, categories and topics a file names.
type Catalog interface {
	HasExercise(id string) bool
	HasCategory(name string) bool
	HasTopic(name string) bool
}

// The built-in defaults, shared by Default and the checks.
const (
	defaultBreakDuration = 3 * time.Minute
	defaultRemindAfter   = 5 * time.Minute
	defaultIdle          = 2 * time.Minute
	defaultMaxHold       = 30 * time.Minute
	defaultTopic         = "posture"
)

// Default returns the built-in defaults: Monday to Friday 09:00-17:00 in the local zone, an
// exercise break every hour for 3 minutes, a posture prompt every 25 minutes, a breathing
// prompt every 45 minutes, an eye rest (the 20-20-20 rule) every 20 minutes, snoozes of 5,
// 15 or 30 minutes up to 3 times.
func Default() *Config {
	c := &Config{Zone: time.Local}
	for d := time.Monday; d <= time.Friday; d++ {
		c.WorkHours[d] = []scheduler.Range{{Start: 9 * 60, End: 17 * 60}}
	}
	c.Breaks = defaultBreaks()
	c.Prompts = defaultPrompts()
	c.Snooze = SnoozeConfig{Choices: []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute}, Limit: 3}
	c.Idle = IdleConfig{Threshold: defaultIdle}
	c.DND = DNDConfig{Enabled: true, MaxHold: defaultMaxHold, Fullscreen: true}
	c.UI = UIConfig{BreakWindow: true}
	c.Notify = NotifyConfig{Sound: true}
	return c
}

func defaultBreaks() []RuleConfig {
	return []RuleConfig{{Name: "exercise", Every: time.Hour, Duration: defaultBreakDuration, RemindAfter: defaultRemindAfter}}
}

func defaultPrompts() []RuleConfig {
	return []RuleConfig{
		{Name: "posture", Every: 25 * time.Minute, Topic: "posture"},
		{Name: "breathing", Every: 45 * time.Minute, Topic: "breathing"},
		{Name: "eyes", Every: 20 * time.Minute, Topic: "eyes"},
	}
}

//go:embed default.toml
var defaultFile []byte

// DefaultFile returns the built-in defaults as a commented TOML file that parses to exactly
// Default(), for "deskbreak config init" and the tray's "Edit settings...".
func DefaultFile() []byte {
	return append([]byte(nil), defaultFile...)
}

// Load reads and parses the config file at path. A file that does not exist is not an
// error: Load returns Default() with Path set to path. Problems in the file come back as
// Errors. A nil cat skips the catalog checks.
func Load(path string, cat Catalog) (*Config, error) {
	data, err := ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		c := Default()
		c.Path = path
		return c, nil
	}
	var es Errors
	if errors.As(err, &es) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(path, data, cat)
	if err != nil {
		return nil, err
	}
	c.Path = path
	return c, nil
}

// MaxFileSize is the largest config file deskbreak reads. A config is a few KiB (the
// commented default is under 3); go-toml's decoding slows down with the square of the keys
// in a table, so that 1 MiB of keys takes seconds of CPU, 256 KiB a third of a second.
const MaxFileSize = 256 << 10

// ReadFile reads the config file at path, refusing one over MaxFileSize with Errors that
// say why (without reading more than that of it: the path may name a device or a pipe). A
// missing file is an error matching fs.ErrNotExist.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooBig(path)
	}
	return data, nil
}

// tooBig is the refusal of a config file over MaxFileSize.
func tooBig(name string) error {
	return Errors{{File: name, Msg: fmt.Sprintf("the file is larger than %d KiB, far more than any config needs, and is not read (is it the right file?)", MaxFileSize>>10)}}
}

// ResolvePath returns the config file to use: flagValue (--config) if set, else
// $DESKBREAK_CONFIG, else $XDG_CONFIG_HOME/deskbreak/config.toml (when that is an absolute
// path, and never on Windows), else deskbreak/config.toml under os.UserConfigDir(). Relative paths from the flag
// or DESKBREAK_CONFIG are made absolute. getenv is os.Getenv outside tests.
func ResolvePath(flagValue string, getenv func(string) string) (string, error) {
	for _, p := range []string{flagValue, getenv("DESKBREAK_CONFIG")} {
		if p != "" {
			abs, err := filepath.Abs(p)
			if err != nil {
				return "", fmt.Errorf("config path %s: %w", p, err)
			}
			return abs, nil
		}
	}
	// Not on Windows, where an XDG variable can only come from a Linux shell (Wine, WSL).
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) && runtime.GOOS != "windows" {
		return filepath.Join(x, "deskbreak", "config.toml"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config directory: %w", err)
	}
	return filepath.Join(dir, "deskbreak", "config.toml"), nil
}

// Rules converts c for the scheduler. The result shares nothing with c. A prompt's topic
// becomes its only category. It panics on an "at" spec that does not parse, which only a
// Config built by hand rather than by Parse can hold.
func (c *Config) Rules() *scheduler.Rules {
	r := &scheduler.Rules{
		Zone:          c.Zone,
		Holidays:      make(map[scheduler.Date]bool, len(c.Holidays)),
		SnoozeChoices: append([]time.Duration(nil), c.Snooze.Choices...),
		SnoozeLimit:   c.Snooze.Limit,
	}
	if r.Zone == nil {
		r.Zone = time.Local
	}
	for d, day := range c.WorkHours {
		r.Week[d] = append([]scheduler.Range(nil), day...)
	}
	for _, h := range c.Holidays {
		r.Holidays[h] = true
	}
	add := func(rc RuleConfig, kind scheduler.Kind) {
		x := scheduler.Rule{
			Name:        rc.Name,
			Kind:        kind,
			Every:       rc.Every,
			AtSpec:      rc.At,
			Duration:    rc.Duration,
			RemindAfter: rc.RemindAfter,
		}
		if rc.At != "" {
			x.At = rc.at
			if x.At == nil { // a RuleConfig built by hand, not by Parse
				at, err := scheduler.ParseCron(rc.At)
				if err != nil {
					// Parse reports a bad spec with its line; only code can get here.
					panic(fmt.Sprintf("config: rule %q built by hand has a bad at %q: %v", rc.Name, rc.At, err))
				}
				x.At = at
			}
		}
		if kind == scheduler.KindPrompt {
			x.Categories = []string{rc.Topic}
		} else {
			x.Categories = append([]string(nil), rc.Categories...)
		}
		r.List = append(r.List, x)
	}
	for _, b := range c.Breaks {
		add(b, scheduler.KindBreak)
	}
	for _, p := range c.Prompts {
		add(p, scheduler.KindPrompt)
	}
	return r
}
