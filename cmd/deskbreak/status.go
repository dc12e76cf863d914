package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

func init() {
	register(&command{name: "status", args: "[--json]",
		summary: "show what deskbreak is doing, what comes next and today's counts", run: runStatus})
}

// ctlNotRunning is what every control command says when no daemon answers.
const ctlNotRunning = `deskbreak is not running; start it with "deskbreak run" or at login with "deskbreak install"`

// runStatus is "deskbreak status".
func runStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "status")
	asJSON := fs.Bool("json", false, "print one JSON object for scripts: state, now, next {at, kind, rule, duration_seconds}, due, break, snoozed_until, paused_until, paused_indefinitely, snoozes_left, snooze_choices_seconds, work_start, work_end, today_hours, today, exercises, config_error")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("status takes no arguments, got %q", strings.Join(pos, " "))
	}
	c, err := ctlClient(e)
	if err != nil {
		return err
	}
	defer c.Close()
	snap, err := c.Snapshot(ctx)
	if err != nil {
		return ctlError(e, err)
	}
	if *asJSON {
		return ctlWriteJSON(e.stdout, ctlStatusOf(snap))
	}
	fmt.Fprint(e.stdout, ctlStatusText(snap, e.now()))
	return nil
}

// ctlClient returns a client of the daemon's control socket ($DESKBREAK_SOCKET overrides
// where it is).
func ctlClient(e *env) (*control.Client, error) {
	path, err := control.SocketPath(e.getenv)
	if err != nil {
		return nil, fmt.Errorf("find the control socket: %w", err)
	}
	return control.NewClient(path), nil
}

// ctlError turns a control error into what the command returns: "not running" is printed
// here as the one line people need; a refusal and anything else go to main as they are.
func ctlError(e *env, err error) error {
	if errors.Is(err, control.ErrNotRunning) {
		if pid, sock, tried := ctlElsewhere(e); sock != "" {
			fmt.Fprintf(e.stderr, "deskbreak is running%s, but listens on %s, not on %s where this command looked\nTry: export %s=%s\n",
				pidNote(pid), sock, tried, control.SocketEnv, sock)
			return &exitError{1}
		}
		fmt.Fprintln(e.stderr, ctlNotRunning)
		return &exitError{1}
	}
	var notSaved *api.NotSaved
	if errors.As(err, &notSaved) {
		return withHint(err, "free disk space or fix the permissions named above; \"deskbreak status\" says when the state is saved again")
	}
	return err
}

// ctlElsewhere finds a daemon that answers on another socket than this command's: the
// lock beside the state names where the daemon that holds it listens, which differs when
// it was started with another XDG_RUNTIME_DIR or DESKBREAK_SOCKET. sock is "" when there is
// none.
func ctlElsewhere(e *env) (pid int, sock, tried string) {
	tried, err := control.SocketPath(e.getenv)
	if err != nil {
		return 0, "", ""
	}
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return 0, "", ""
	}
	pid, sock = store.Holder(filepath.Join(dir, store.LockFile))
	if sock == "" || sock == tried {
		return 0, "", ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c := control.NewClient(sock)
	defer c.Close()
	if _, err := c.Snapshot(ctx); err != nil {
		return 0, "", ""
	}
	return pid, sock, tried
}

func ctlWriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ctlStatus is the stable JSON shape of "deskbreak status --json". Absent things are null,
// never missing; durations are whole seconds; times are RFC 3339 in the config's zone.
type ctlStatus struct {
	State              scheduler.StateName `json:"state"`
	Now                time.Time           `json:"now"`
	Next               *ctlNext            `json:"next"`
	Due                *ctlDue             `json:"due"`
	Break              *ctlBreak           `json:"break"`
	SnoozedUntil       *time.Time          `json:"snoozed_until"`
	PausedUntil        *time.Time          `json:"paused_until"`
	PausedIndefinitely bool                `json:"paused_indefinitely"`
	SnoozesLeft        int                 `json:"snoozes_left"`
	SnoozeChoices      []int64             `json:"snooze_choices_seconds"`
	WorkStart          *time.Time          `json:"work_start"`
	WorkEnd            *time.Time          `json:"work_end"`
	TodayHours         string              `json:"today_hours"`
	Today              ctlCounts           `json:"today"`
	Exercises          []ctlExercise       `json:"exercises"`
	ConfigError        string              `json:"config_error"`
	SaveError          string              `json:"save_error"`
	AwaySince          *time.Time          `json:"away_since"`
	Held               string              `json:"held"`
	DNDSource          string              `json:"dnd_source"`
	IdleSource         string              `json:"idle_source"`
}

// ctlNext is the next break or prompt.
type ctlNext struct {
	At              time.Time      `json:"at"`
	Kind            scheduler.Kind `json:"kind"`
	Rule            string         `json:"rule"`
	DurationSeconds int64          `json:"duration_seconds"`
}

// ctlDue is the break that is due or snoozed.
type ctlDue struct {
	Rule    string    `json:"rule"`
	DueAt   time.Time `json:"due_at"`
	Snoozes int       `json:"snoozes"`
}

// ctlBreak is the running break.
type ctlBreak struct {
	Rule  string    `json:"rule"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ctlCounts are today's numbers.
type ctlCounts struct {
	Due          int   `json:"due"`
	Full         int   `json:"taken_full"`
	Short        int   `json:"cut_short"`
	ShortSeconds int64 `json:"cut_short_seconds"`
	Own          int   `json:"own"`
	Natural      int   `json:"natural"`
	NaturalOfDue int   `json:"natural_of_due"`
	Snoozed      int   `json:"snoozed"`
	Skipped      int   `json:"skipped"`
	Ignored      int   `json:"ignored"`
	Paused       int   `json:"paused"`
	Prompts      int   `json:"prompts"`
}

// ctlExercise is one exercise of the due, running or last break.
type ctlExercise struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	DurationSeconds int64    `json:"duration_seconds"`
	Steps           []string `json:"steps"`
	Caution         string   `json:"caution,omitempty"`
}

func ctlTime(t time.Time) time.Time { return t.Round(0).Truncate(time.Second) }

func ctlTimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = ctlTime(t)
	return &t
}

func ctlSeconds(d time.Duration) int64 { return int64(d / time.Second) }

// ctlStatusOf maps a snapshot to the JSON shape.
func ctlStatusOf(s api.Snapshot) ctlStatus {
	st := s.Status
	out := ctlStatus{
		State:              st.State,
		Now:                ctlTime(s.Now),
		SnoozedUntil:       ctlTimePtr(st.SnoozedUntil),
		PausedUntil:        ctlTimePtr(st.PausedUntil),
		PausedIndefinitely: st.PausedIndefinitely,
		SnoozesLeft:        s.SnoozesLeft,
		SnoozeChoices:      []int64{},
		WorkStart:          ctlTimePtr(st.WorkStart),
		WorkEnd:            ctlTimePtr(st.WorkEnd),
		TodayHours:         s.TodayHours,
		Today:              ctlCounts(s.Today),
		Exercises:          []ctlExercise{},
		ConfigError:        s.ConfigError,
		SaveError:          s.SaveError,
		AwaySince:          ctlTimePtr(st.AwaySince),
		Held:               s.Held,
		DNDSource:          s.DNDSource,
		IdleSource:         s.IdleSource,
	}
	if n := st.Next; n != nil {
		out.Next = &ctlNext{At: ctlTime(n.At), Kind: n.Kind, Rule: n.Rule, DurationSeconds: ctlSeconds(n.Duration)}
	}
	if p := st.Pending; p != nil {
		out.Due = &ctlDue{Rule: p.Rule, DueAt: ctlTime(p.DueAt), Snoozes: p.Snoozes}
	}
	if a := st.Active; a != nil {
		out.Break = &ctlBreak{Rule: a.Rule, Start: ctlTime(a.Start), End: ctlTime(a.End)}
	}
	for _, d := range s.SnoozeChoices {
		out.SnoozeChoices = append(out.SnoozeChoices, ctlSeconds(d))
	}
	for _, x := range s.Exercises {
		steps := x.Steps
		if steps == nil {
			steps = []string{}
		}
		out.Exercises = append(out.Exercises, ctlExercise{ID: x.ID, Title: x.Title,
			DurationSeconds: ctlSeconds(x.Duration), Steps: steps, Caution: x.Caution})
	}
	return out
}

// ctlStatusText is "deskbreak status" for people: a headline saying the state and what
// comes next, then lines for snoozes, the pause, work hours and today's counts, then any
// problem the daemon has; wrapped to ctlColumns.
func ctlStatusText(s api.Snapshot, fallbackNow time.Time) string {
	now := s.Now
	if now.IsZero() {
		now = fallbackNow
	}
	var lines []string
	add := func(l ...string) {
		for _, x := range l {
			if x != "" {
				lines = append(lines, x)
			}
		}
	}
	add(ctlHeadline(s.Status, now))
	add(ctlNowLines(s, now)...)
	add(ctlSnoozeLine(s), ctlHoursLine(s, now), ctlTodayLine(s.Today), ctlIdleLine(s.IdleSource), ctlDNDLine(s.DNDSource))
	add(ctlProblemLines(s)...)
	return wrapText(strings.Join(lines, "\n")+"\n", ctlColumns)
}

// ctlNextText is "Next break at 14:00 (in 23 min): exercise, 3 min".
func ctlNextText(n *scheduler.Upcoming, now time.Time) string {
	what := fmt.Sprintf("Next %s at %s (%s): %s", n.Kind, api.FormatTime(n.At, now), api.FormatCountdown(n.At.Sub(now)), n.Rule)
	if n.Kind == scheduler.KindBreak && n.Duration > 0 {
		what += ", " + api.FormatLength(n.Duration)
	}
	return what
}

// ctlHeadline says the state and what to do about it, then the next break or prompt when
// one is ahead.
func ctlHeadline(st scheduler.Status, now time.Time) string {
	var head string
	switch st.State {
	case scheduler.StateWorking:
		if st.Next != nil {
			return "Working. " + ctlNextText(st.Next, now)
		}
		return "Working. No break or prompt is coming."
	case scheduler.StateDue:
		rule, since := "a break", ""
		if p := st.Pending; p != nil {
			rule, since = p.Rule, ", since "+api.FormatTime(p.DueAt, now)
		}
		head = fmt.Sprintf("A break is due (%s%s): \"deskbreak break\", snooze or skip.", rule, since)
	case scheduler.StateSnoozed:
		rule := ""
		if p := st.Pending; p != nil {
			rule = ": " + p.Rule
		}
		head = fmt.Sprintf("Snoozed until %s (%s)%s.", api.FormatTime(st.SnoozedUntil, now), api.FormatCountdown(st.SnoozedUntil.Sub(now)), rule)
	case scheduler.StateInBreak:
		head = "On a break."
		if a := st.Active; a != nil {
			head = fmt.Sprintf("On a break (%s) until %s, %s left. \"deskbreak done\" ends it.",
				a.Rule, api.FormatTime(a.End, now), strings.TrimPrefix(api.FormatCountdown(a.End.Sub(now)), "in "))
		}
	case scheduler.StatePaused:
		head = "Paused until you resume (\"deskbreak resume\")."
		if !st.PausedIndefinitely && !st.PausedUntil.IsZero() {
			head = fmt.Sprintf("Paused until %s (%s). Resume early with \"deskbreak resume\".", api.FormatTime(st.PausedUntil, now), api.FormatCountdown(st.PausedUntil.Sub(now)))
		}
	case scheduler.StateOffHours:
		head = "Off hours: no work hours are set."
		if !st.WorkStart.IsZero() {
			head = fmt.Sprintf("Off hours. Work starts %s (%s).", api.FormatTime(st.WorkStart, now), api.FormatCountdown(st.WorkStart.Sub(now)))
		}
	default:
		head = fmt.Sprintf("State: %s.", st.State)
	}
	if st.Next != nil && st.Next.At.After(now) {
		head += "\n" + ctlNextText(st.Next, now) + "."
	}
	return head
}

// ctlNowLines say what holds right now: away, a break held by do-not-disturb, the running
// break's exercises.
func ctlNowLines(s api.Snapshot, now time.Time) []string {
	var out []string
	if st := s.Status; !st.AwaySince.IsZero() {
		out = append(out, fmt.Sprintf("You are away (since %s): nothing new fires until you are back, and time away counts as a break.", api.FormatTime(st.AwaySince, now)))
	}
	if s.Held != "" {
		out = append(out, fmt.Sprintf("The break waits quietly while do-not-disturb is on (%s); it shows when that ends.", s.Held))
	}
	if s.Status.State == scheduler.StateInBreak && len(s.Exercises) > 0 {
		var xs []string
		for _, x := range s.Exercises {
			xs = append(xs, fmt.Sprintf("%s (%s)", x.Title, api.FormatLength(x.Duration)))
		}
		out = append(out, fmt.Sprintf("Exercises: %s.", strings.Join(xs, ", ")))
	}
	return out
}

// ctlSnoozeLine says the snoozes left for a due or snoozed break.
func ctlSnoozeLine(s api.Snapshot) string {
	if st := s.Status.State; st != scheduler.StateDue && st != scheduler.StateSnoozed {
		return ""
	}
	left := api.Plural(s.SnoozesLeft, "snooze", "snoozes")
	switch {
	case s.SnoozesLeft <= 0:
		return "No snoozes left for this break."
	case len(s.SnoozeChoices) > 0:
		var cs []string
		for _, d := range s.SnoozeChoices {
			cs = append(cs, api.ShortDuration(d)) // as snooze takes it
		}
		return fmt.Sprintf("%s left (deskbreak snooze %s).", left, strings.Join(cs, " | "))
	}
	return left + " left."
}

// ctlHoursLine is today's work hours.
func ctlHoursLine(s api.Snapshot, now time.Time) string {
	if s.TodayHours == "" {
		return ""
	}
	hours := "Work hours today: " + s.TodayHours
	if st := s.Status; !st.WorkEnd.IsZero() && st.State != scheduler.StateOffHours {
		hours += fmt.Sprintf(" (this stretch ends at %s)", api.FormatTime(st.WorkEnd, now))
	}
	return hours + "."
}

// ctlTodayLine is today's counts.
func ctlTodayLine(t api.Counts) string {
	return fmt.Sprintf("Today: %s; %s.", t.Summary(), api.Plural(t.Prompts, "prompt", "prompts"))
}

// ctlIdleLine says where idle time comes from.
func ctlIdleLine(source string) string {
	switch source {
	case "":
		return ""
	case "none":
		return "Idle time: not available on this desktop; time away is noticed from the clock."
	}
	return "Idle time: from " + source + "."
}

// ctlDNDLine says where do-not-disturb is read from.
func ctlDNDLine(source string) string {
	switch source {
	case "":
		return ""
	case "off":
		return "Do not disturb: not read ([dnd] enabled = false)."
	}
	return "Do not disturb: from " + source + "."
}

// ctlProblemLines say what is wrong with the daemon's saving or its config, and what to do.
func ctlProblemLines(s api.Snapshot) []string {
	var out []string
	if s.SaveError != "" {
		out = append(out, "State not saved: "+s.SaveError,
			"Changes hold while deskbreak runs and it keeps trying to save them; free disk space or fix the permissions named above.")
	}
	if s.ConfigError != "" {
		out = append(out, "Config problem (the last good config stays in force):")
		for _, l := range strings.Split(s.ConfigError, "\n") {
			out = append(out, "  "+l)
		}
		if s.ConfigPath != "" {
			out = append(out, fmt.Sprintf("Fix %s, then run \"deskbreak reload\".", s.ConfigPath))
		}
	}
	return out
}

// ctlColumns is the width human output keeps within: a terminal's default.
const ctlColumns = 80

// wrapText breaks every line of s longer than width at its last space that fits, indenting
// what follows by two spaces. A quoted command and a number with its unit ("30 s") stay
// on one line, and so does a word longer than the width (a long path).
func wrapText(s string, width int) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		for utf8.RuneCountInString(line) > width {
			cut, quoted := -1, false
			for i, r := range line {
				if utf8.RuneCountInString(line[:i]) > width {
					break
				}
				switch {
				case r == '"':
					quoted = !quoted
				case r == ' ' && !quoted && strings.TrimSpace(line[:i]) != "" && !endsInNumber(line[:i]):
					cut = i
				}
			}
			if cut < 0 {
				break
			}
			b.WriteString(line[:cut])
			b.WriteString("\n")
			line = "  " + strings.TrimLeft(line[cut:], " ")
		}
		b.WriteString(line)
		if nl {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// endsInNumber reports whether the last word of s is a number.
func endsInNumber(s string) bool {
	w := s[strings.LastIndexByte(s, ' ')+1:]
	return w != "" && strings.Trim(w, "0123456789") == ""
}
