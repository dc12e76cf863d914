package config

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Format writes c as a config file in the commented layout of the default file, so that
// Parse(Format(c)) gives back c's settings. Keys that hold their default are written too;
// comments a person added to the file are not kept. The web UI saves settings with it.
func Format(c *Config) []byte {
	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w(`# deskbreak settings.
#
# Written by the settings page of "deskbreak ui", which rewrites the whole file in this
# layout (comments added by hand are not kept; the previous file is config.toml.bak). Edit
# it by hand if you like, and check your edits with
#   deskbreak config check
# A running deskbreak picks up a saved change by itself (or on SIGHUP).
#
# Durations are written like "90s", "25m" or "1h30m"; all of them are at least one minute.

# The time zone for work hours, holidays and "at" times: an IANA name. Left out, the
# system's zone is used.
`)
	if c.Timezone != "" {
		w("timezone = %s\n", TOMLString(c.Timezone))
	} else {
		w("# timezone = \"Europe/Berlin\"\n")
	}
	w(`
# When you work, per weekday. A weekday left out is a day off. Several ranges a day leave a
# gap for lunch, such as mon = ["09:00-12:30", "13:30-17:30"]. "24:00" is a valid end.
[work_hours]
`)
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for _, d := range order {
		rs := c.WorkHours[d]
		if len(rs) == 0 {
			continue
		}
		items := make([]string, len(rs))
		for i, r := range rs {
			items[i] = TOMLString(r.String())
		}
		w("%s = [%s]\n", weekdays[d], strings.Join(items, ", "))
	}
	if len(c.Holidays) > 0 {
		items := make([]string, len(c.Holidays))
		for i, h := range c.Holidays {
			items[i] = TOMLString(h.String())
		}
		w("holidays = [%s]\n", strings.Join(items, ", "))
	} else {
		w("# holidays = [\"2026-12-24\", \"2026-12-25\"]\n")
	}
	w(`
# Rules: [breaks.NAME] and [prompts.NAME] tables, each with exactly one of
#   every = "1h"                   # after this much work time since it last fired, or
#   at = "0 10,15 * * mon-fri"     # at fixed times: a 5-field cron spec
# A file that has any rule defines all the rules.
`)
	for _, r := range c.Breaks {
		w("\n[breaks.%s]\n", r.Name)
		writeWhen(&b, r)
		w("duration = %s\n", TOMLString(FormatDuration(r.Duration)))
		if len(r.Categories) > 0 {
			w("categories = %s\n", quoteList(r.Categories))
		}
		w("remind_after = %s\n", TOMLString(FormatDuration(r.RemindAfter)))
	}
	for _, r := range c.Prompts {
		w("\n[prompts.%s]\n", r.Name)
		writeWhen(&b, r)
		w("topic = %s\n", TOMLString(r.Topic))
	}
	if len(c.Breaks)+len(c.Prompts) == 0 {
		// No table at all would bring the default rules back; an empty one keeps none.
		w("\n[breaks]\n")
	}
	w(`
# Snoozing a due break: the lengths offered (the first is the default) and how many times
# one break may be snoozed (0: never).
[snooze]
`)
	ch := make([]string, len(c.Snooze.Choices))
	for i, d := range c.Snooze.Choices {
		ch[i] = FormatDuration(d)
	}
	w("choices = %s\nlimit = %d\n", quoteList(ch), c.Snooze.Limit)
	w(`
# Exercises never to suggest, by id or by category (see "deskbreak tips list").
[tips]
exclude = %s
exclude_categories = %s
`, quoteList(c.Tips.Exclude), quoteList(c.Tips.ExcludeCategories))
	w(`
# No input for this long counts as being away; time away long enough counts as a break.
[idle]
threshold = %s
`, TOMLString(FormatDuration(c.Idle.Threshold)))
	w(`
# Do not disturb: while the desktop's do-not-disturb is on (or, with fullscreen, while a
# window is fullscreen), a due break waits up to max_hold and prompts are dropped.
[dnd]
enabled = %t
max_hold = %s
fullscreen = %t
`, c.DND.Enabled, TOMLString(FormatDuration(c.DND.MaxHold)), c.DND.Fullscreen)
	w(`
# The web UI ("deskbreak ui"): the browser that opens it (a program and its arguments;
# {url} marks where the URL goes), and whether a break opens the break window by itself.
[ui]
`)
	if c.UI.Browser != "" {
		w("browser = %s\n", TOMLString(c.UI.Browser))
	} else {
		w("# browser = \"firefox --new-window {url}\"\n")
	}
	w("break_window = %t\n", c.UI.BreakWindow)
	return b.Bytes()
}

func writeWhen(b *bytes.Buffer, r RuleConfig) {
	if r.At != "" {
		fmt.Fprintf(b, "at = %s\n", TOMLString(r.At))
	} else {
		fmt.Fprintf(b, "every = %s\n", TOMLString(FormatDuration(r.Every)))
	}
}

// FormatDuration writes d the short way: "1h", "25m", "1h30m", "90s" as "1m30s", 0 as "0".
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// TOMLString writes s as a TOML basic string, escaping quotes, backslashes and control characters.
func TOMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteList(ss []string) string {
	items := make([]string, len(ss))
	for i, s := range ss {
		items[i] = TOMLString(s)
	}
	return "[" + strings.Join(items, ", ") + "]"
}
