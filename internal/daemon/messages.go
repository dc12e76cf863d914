package daemon

import (
	"fmt"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// The action keys of notifications; Action maps them to controller calls.
const (
	ActionStart  = "start"
	ActionSnooze = "snooze"
	ActionSkip   = "skip"
	ActionDone   = "done"
)

// Length formats a duration for people: "45 s", "3 min", "1 min 15 s", "1 hour",
// "2 hours", "1 h 30 min".
func Length(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", d/time.Second)
	case d < time.Hour:
		m, s := d/time.Minute, (d%time.Minute)/time.Second
		if s == 0 {
			return fmt.Sprintf("%d min", m)
		}
		return fmt.Sprintf("%d min %d s", m, s)
	}
	h, m := d/time.Hour, (d%time.Hour)/time.Minute
	switch {
	case m == 0 && h == 1:
		return "1 hour"
	case m == 0:
		return fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// In says how far away something d from now is: "now", "in less than a minute",
// "in 23 min", "in 1 h 5 min", "in 3 days". Minutes are rounded up, so a time never looks
// reached before it is.
func In(d time.Duration) string {
	if d <= 0 {
		return "now"
	}
	if d < time.Minute {
		return "in less than a minute"
	}
	m := int((d + time.Minute - 1) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("in %d min", m)
	case m < 48*60:
		if m%60 == 0 {
			return fmt.Sprintf("in %d h", m/60)
		}
		return fmt.Sprintf("in %d h %d min", m/60, m%60)
	default:
		return fmt.Sprintf("in %d days", (m+12*60)/(24*60))
	}
}

// dueMessage announces a due break, with its exercises one line each.
func (d *Daemon) dueMessage(ev scheduler.Event) notify.Message {
	rule, _ := d.rules.Rule(ev.Rule)
	summary := "Break time: " + Length(rule.Duration)
	if ev.Type == scheduler.EventReminder {
		summary = "Break still due: " + Length(rule.Duration)
	}
	var b strings.Builder
	for _, e := range d.exercises {
		fmt.Fprintf(&b, "• %s (%s)\n", e.Title, Length(e.Duration))
	}
	for _, name := range ev.Folded {
		if p, ok := d.promptText(name); ok {
			fmt.Fprintf(&b, "Also: %s\n", p)
		}
	}
	actions := []notify.Action{{Key: ActionStart, Label: "Start"}}
	if left := d.st.SnoozesLeft(d.rules); left > 0 && len(d.rules.SnoozeChoices) > 0 {
		actions = append(actions, notify.Action{Key: ActionSnooze, Label: "Snooze " + Length(d.rules.SnoozeChoices[0])})
	}
	actions = append(actions, notify.Action{Key: ActionSkip, Label: "Skip"})
	return notify.Message{
		Summary:       summary,
		Body:          strings.TrimSpace(b.String()),
		Actions:       actions,
		DefaultAction: ActionStart,
		Persistent:    true,
		Category:      "x-deskbreak.break",
	}
}

// promptText picks the text for a prompt rule from its topic.
func (d *Daemon) promptText(name string) (string, bool) {
	rule, ok := d.rules.Rule(name)
	if !ok || rule.Kind != scheduler.KindPrompt || len(rule.Categories) == 0 {
		return "", false
	}
	pk := tips.NewPicker(d.opt.Catalog, d.mem, nil)
	p := pk.Prompt(rule.Categories[0])
	d.mem = pk.Memory()
	d.dirty = true
	return p.Text, p.Text != ""
}

// promptMessage shows a prompt, and the prompts that coincide with it, as one.
func (d *Daemon) promptMessage(ev scheduler.Event) notify.Message {
	var titles, lines []string
	for _, name := range append([]string{ev.Rule}, ev.Folded...) {
		rule, _ := d.rules.Rule(name)
		topic := name
		if len(rule.Categories) > 0 {
			topic = rule.Categories[0]
		}
		titles = append(titles, topicTitle(topic))
		if text, ok := d.promptText(name); ok {
			lines = append(lines, text)
		}
	}
	return notify.Message{
		Summary:  strings.Join(titles, " · "),
		Body:     strings.Join(lines, "\n"),
		Timeout:  20 * time.Second,
		Category: "x-deskbreak.prompt",
	}
}

// topicTitle names a prompt topic for a notification's title.
func topicTitle(topic string) string {
	switch topic {
	case "posture":
		return "Posture check"
	case "breathing":
		return "Breathe"
	case "eyes":
		return "Rest your eyes"
	case "water":
		return "Drink some water"
	case "":
		return "deskbreak"
	}
	return strings.ToUpper(topic[:1]) + topic[1:]
}

// exerciseMessage shows the steps of exercise i of the running break.
func (d *Daemon) exerciseMessage(i int) notify.Message {
	actions := []notify.Action{{Key: ActionDone, Label: "Done"}, {Key: ActionSkip, Label: "Skip"}}
	if i >= len(d.exercises) {
		// Nothing in the catalog fits this break's categories and exclusions.
		return notify.Message{Summary: "Break: stand up, move, look away from the screen",
			Body:    "Walk a few steps, roll your shoulders, and look at something far away.",
			Actions: actions, Persistent: true, Category: "x-deskbreak.break"}
	}
	e := d.exercises[i]
	var b strings.Builder
	for n, s := range e.Steps {
		fmt.Fprintf(&b, "%d. %s\n", n+1, s)
	}
	if e.Caution != "" {
		fmt.Fprintf(&b, "⚠ %s\n", e.Caution)
	}
	return notify.Message{
		Summary:    fmt.Sprintf("Break %d/%d: %s (%s)", i+1, len(d.exercises), e.Title, Length(e.Duration)),
		Body:       strings.TrimSpace(b.String()),
		Actions:    actions,
		Persistent: true,
		Category:   "x-deskbreak.break",
	}
}

// doneMessage is the short note at the end of a break.
func doneMessage(ev scheduler.Event) notify.Message {
	return notify.Message{
		Summary:  "Break done",
		Body:     fmt.Sprintf("%s away from work. Back to it!", Length(ev.Duration)),
		Timeout:  8 * time.Second,
		Category: "x-deskbreak.break",
	}
}
