package main

import (
	"fmt"
	"time"
)

// view is what the pages are told of the daemon, as JSON over server-sent events. Times
// are Unix milliseconds, so that a page counts down against its own clock corrected by
// Now.
type view struct {
	NotRunning bool   `json:"not_running,omitempty"`
	State      string `json:"state"`
	// Line says in words what deskbreak is doing.
	Line string `json:"line"`
	Now  int64  `json:"now"`
	// Break is the running break; Due the break waiting to be started.
	Break *breakView `json:"break,omitempty"`
	Due   *dueView   `json:"due,omitempty"`
	// Exercises are those of the due or running break.
	Exercises     []exerciseView `json:"exercises,omitempty"`
	SnoozesLeft   int            `json:"snoozes_left"`
	SnoozeChoices []choiceView   `json:"snooze_choices,omitempty"`
	Next          string         `json:"next,omitempty"`
	ConfigError   string         `json:"config_error,omitempty"`
}

type breakView struct {
	Rule  string `json:"rule"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
	// Rest says what to do once the exercises are over (or in a break without any), in the
	// words of the break's notification.
	Rest string `json:"rest"`
}

type dueView struct {
	Rule string `json:"rule"`
	At   string `json:"at"`
	// Seconds is how long the break lasts once started (the exercises may fill less of
	// it); 0 when the snapshot does not say.
	Seconds int `json:"seconds,omitempty"`
}

type exerciseView struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Seconds int      `json:"seconds"`
	Steps   []string `json:"steps"`
	Caution string   `json:"caution,omitempty"`
	// Picture is the URL of its picture, "" when it has none.
	Picture string `json:"picture,omitempty"`
}

type choiceView struct {
	Label    string `json:"label"`
	Duration string `json:"duration"`
}

// viewOf turns a snapshot into the pages' view.
func viewOf(s snapshot) view {
	st := s.Status
	v := view{State: string(st.State), Now: s.Now.UnixMilli(), SnoozesLeft: s.SnoozesLeft, ConfigError: s.ConfigError}
	for _, d := range s.SnoozeChoices {
		v.SnoozeChoices = append(v.SnoozeChoices, choiceView{Label: length(d), Duration: d.String()})
	}
	for _, e := range s.Exercises {
		ev := exerciseView{ID: e.ID, Title: e.Title, Seconds: int(e.Duration / time.Second), Steps: e.Steps, Caution: e.Caution}
		if hasPicture(e.ID) {
			ev.Picture = "/picture/" + e.ID
		}
		v.Exercises = append(v.Exercises, ev)
	}
	if st.Next != nil {
		v.Next = fmt.Sprintf("Next %s (%s) at %s", st.Next.Kind, st.Next.Rule, when(st.Next.At, s.Now))
	}
	switch {
	case st.Active != nil:
		v.Break = &breakView{Rule: st.Active.Rule, Start: st.Active.Start.UnixMilli(), End: st.Active.End.UnixMilli(), Rest: exercisesDoneHint}
		if len(s.Exercises) == 0 {
			v.Break.Rest = noExercisesHint
		}
		v.Line = fmt.Sprintf("In a break (%s) until %s.", st.Active.Rule, when(st.Active.End, s.Now))
	case st.Pending != nil && st.State == "due":
		v.Due = &dueView{Rule: st.Pending.Rule, At: when(st.Pending.DueAt, s.Now), Seconds: dueSeconds(s)}
		v.Line = fmt.Sprintf("A break (%s) is due since %s.", st.Pending.Rule, when(st.Pending.DueAt, s.Now))
	case st.Pending != nil && st.State == "snoozed":
		v.Due = &dueView{Rule: st.Pending.Rule, At: when(st.Pending.DueAt, s.Now), Seconds: dueSeconds(s)}
		v.Line = "Break snoozed until " + when(st.SnoozedUntil, s.Now) + "."
	case st.State == "paused" && st.PausedIndefinitely:
		v.Line = "Paused indefinitely."
	case st.State == "paused":
		v.Line = "Paused until " + when(st.PausedUntil, s.Now) + "."
	case st.State == "off_hours":
		v.Line = "Outside work hours (today: " + s.TodayHours + ")."
	default:
		v.Line = "Working. No break is due."
	}
	if v.Due == nil && v.Break == nil {
		v.Exercises = nil // the last break's exercises are history, not what to do now
	}
	return v
}

// dueSeconds is how long the pending break of s lasts: the status tells it as the next
// break (a due or snoozed break is the next one), which is what the notification says.
func dueSeconds(s snapshot) int {
	if n := s.Status.Next; n != nil && n.Kind == "break" && n.Rule == s.Status.Pending.Rule {
		return int(n.Duration / time.Second)
	}
	return 0
}
