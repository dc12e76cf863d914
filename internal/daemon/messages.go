package daemon

import (
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// HealthFooter is the last line of every break notification, apart from the exercise and
// from any "Also:" prompt folded into the break.
const HealthFooter = "— Stop if it hurts; see a professional if pain persists."

// dueMessage announces a due break, with its exercises one line each.
func (d *Daemon) dueMessage(ev scheduler.Event) notify.Message {
	rule, _ := d.rules.Rule(ev.Rule)
	summary := "Break time: " + api.FormatLength(rule.Duration)
	if ev.Type == scheduler.EventReminder {
		summary = "Break still due: " + api.FormatLength(rule.Duration)
	}
	var b strings.Builder
	for _, e := range d.exercises {
		fmt.Fprintf(&b, "• %s (%s)\n", e.Title, api.FormatLength(e.Duration))
	}
	also := ""
	for _, name := range ev.Folded {
		if p, ok := d.promptText(name); ok {
			also += fmt.Sprintf("Also: %s\n", p)
		}
	}
	if also != "" {
		b.WriteString("\n" + also)
	}
	b.WriteString("\n" + HealthFooter)
	actions := []notify.Action{{Key: string(api.Break), Label: "Start"}}
	if left := d.st.SnoozesLeft(d.rules); left > 0 && len(d.rules.SnoozeChoices) > 0 {
		actions = append(actions, notify.Action{Key: string(api.Snooze), Label: "Snooze " + api.FormatLength(d.rules.SnoozeChoices[0])})
	}
	actions = append(actions, notify.Action{Key: string(api.Skip), Label: "Skip"})
	m := notify.Message{
		Summary:       summary,
		Body:          strings.TrimSpace(b.String()),
		Actions:       actions,
		DefaultAction: string(api.Break),
		Persistent:    true,
		Category:      "x-deskbreak.break",
	}
	d.shownImg = shownImage{} // a break skipped while it ran may have left its picture
	if len(d.exercises) > 0 {
		m.Image = exerciseImage(d.exercises[0].ID)
	}
	return m
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

// exerciseMessage shows step i of the running break at now: exercise i with the time left
// of it and of the break and its steps (the last one says to come back at its end), or, for
// i == len(exercises) while the break runs on, what to do in the time left.
func (d *Daemon) exerciseMessage(i int, now time.Time) notify.Message {
	actions := []notify.Action{{Key: string(api.Done), Label: "Done"}, {Key: string(api.Skip), Label: "Skip"}}
	var start, end time.Time
	if a := d.st.Active; a != nil {
		start, end = a.Start, a.End
	}
	left := api.FormatLeft(end.Sub(now)) + " left of the break"
	if i < 0 || i >= len(d.exercises) {
		summary, hint := "Break: exercises done", api.ExercisesDoneHint
		if len(d.exercises) == 0 {
			// Nothing in the catalog fits this break's categories and exclusions.
			summary, hint = "Break: stand up, move, look away from the screen", api.NoExercisesHint
		}
		return notify.Message{Summary: summary, Body: left + "\n" + hint + "\n\n" + HealthFooter,
			Actions: actions, Persistent: true, Category: "x-deskbreak.break"}
	}
	e := d.exercises[i]
	exEnd := api.ExerciseEnd(d.exercises, start, end, now)
	var b strings.Builder
	switch {
	case i == len(d.exercises)-1 && !exEnd.Before(end):
		fmt.Fprintf(&b, "%s left · the last one: come back to your desk at its end\n", api.FormatLeft(end.Sub(now)))
	default:
		fmt.Fprintf(&b, "%s left of this · %s\n", api.FormatLeft(exEnd.Sub(now)), left)
	}
	for n, s := range e.Steps {
		fmt.Fprintf(&b, "%d. %s\n", n+1, s)
	}
	if e.Caution != "" {
		fmt.Fprintf(&b, "⚠ %s\n", e.Caution)
	}
	b.WriteString("\n" + HealthFooter)
	return notify.Message{
		Summary:    fmt.Sprintf("Break %d/%d: %s (%s)", i+1, len(d.exercises), e.Title, api.FormatLength(e.Duration)),
		Body:       b.String(),
		Actions:    actions,
		Persistent: true,
		Category:   "x-deskbreak.break",
		Image:      d.breakImage(e.ID),
	}
}

// NotificationImagePx is the size of the exercise picture a break notification carries.
const NotificationImagePx = 128

// exerciseImage draws the end pose of an exercise for its notification, or returns nil for
// one without a picture. It is drawn on demand and dropped after the Show, so an idle daemon
// holds no pictures.
func exerciseImage(id string) *image.NRGBA {
	img, err := tips.StillImage(id, NotificationImagePx)
	if err != nil {
		return nil
	}
	return img
}

// shownImage is the picture of the running break's current exercise, kept while the break
// runs: its notification is replaced every 15 s with a new countdown, and each replacement
// must carry the picture again.
type shownImage struct {
	id  string
	img *image.NRGBA
}

// breakImage returns the picture of exercise id for the running break's notification,
// drawing it only when the exercise changes. The break's end drops it.
func (d *Daemon) breakImage(id string) *image.NRGBA {
	if d.shownImg.id != id {
		d.shownImg = shownImage{id: id, img: exerciseImage(id)}
	}
	return d.shownImg.img
}

// breakStep is the step of the running break at now: the index of the exercise under way,
// or len(exercises) once they are all over.
func (d *Daemon) breakStep(now time.Time) int {
	a := d.st.Active
	if a == nil {
		return 0
	}
	i, exEnd := api.BreakClock(d.exercises, a.Start, now)
	if !now.Before(exEnd) {
		return len(d.exercises)
	}
	return i
}

// doneMessage is the note at the end of a break. A break whose time ran out calls the person
// back and stays a while (they may be walking); one ended early with Done is a short note.
func doneMessage(ev scheduler.Event) notify.Message {
	if ev.Short {
		return notify.Message{
			Summary:  "Break done",
			Body:     fmt.Sprintf("Ended after %s. Back to it!", api.FormatLength(ev.Duration)),
			Timeout:  8 * time.Second,
			Category: "x-deskbreak.break",
		}
	}
	return notify.Message{
		Summary:  "Break over: time to come back",
		Body:     fmt.Sprintf("%s away from work, done in full. Back to your desk!", api.FormatLength(ev.Duration)),
		Timeout:  2 * time.Minute,
		Category: "x-deskbreak.break",
	}
}
