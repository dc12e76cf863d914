package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// ctlPauseDefault is how long "deskbreak pause" with no argument pauses: about a meeting.
const ctlPauseDefault = time.Hour

func init() {
	register(&command{name: "snooze", args: "[DURATION] [--json]",
		summary: "snooze the due break (default: the first snooze choice of the config)",
		run: ctlAction("snooze", "DURATION is minutes (10) or a duration such as 10m, 1h30m or \"15 min\".",
			func(pos []string) (api.Request, error) {
				if !ctlOneDuration(pos) {
					return api.Request{}, usagef("snooze takes at most one DURATION, got %q", strings.Join(pos, " "))
				}
				var d time.Duration
				if len(pos) > 0 {
					var err error
					if d, err = ctlParseDuration("snooze", strings.Join(pos, " "), api.MaxSnooze); err != nil {
						return api.Request{}, err
					}
				}
				return api.SnoozeFor(d), nil
			})})
	register(&command{name: "skip", args: "[--json]", summary: "skip the due break",
		run: ctlAction("skip", "", ctlNoArgs(api.Skip))})
	register(&command{name: "break", args: "[--json]", summary: "start a break now",
		run: ctlAction("break", "", ctlNoArgs(api.Break))})
	register(&command{name: "done", args: "[--json]", summary: "end the running break",
		run: ctlAction("done", "", ctlNoArgs(api.Done))})
	register(&command{name: "pause", args: "[DURATION | until-work | until-tomorrow | indefinitely] [--json]",
		summary: "pause all reminders (default: for 1h)",
		run: ctlAction("pause", "DURATION is minutes (45) or a duration such as 45m or 2h.\n"+
			"until-work pauses until the start of the next work range (after lunch, if the\n"+
			"pause starts before it); until-tomorrow until the first work range of a later day;\n"+
			"indefinitely until \"deskbreak resume\".",
			func(pos []string) (api.Request, error) {
				if !ctlOneDuration(pos) {
					return api.Request{}, usagef("pause takes at most one argument, got %q", strings.Join(pos, " "))
				}
				p := api.PauseRequest{For: ctlPauseDefault}
				if len(pos) > 0 {
					switch arg := strings.Join(pos, " "); arg {
					case "until-work":
						p = api.PauseRequest{UntilNextRange: true}
					case "until-tomorrow":
						p = api.PauseRequest{UntilTomorrow: true}
					case "indefinitely":
						p = api.PauseRequest{Indefinitely: true}
					default:
						d, err := ctlParseDuration("pause", arg, api.MaxPause)
						if err != nil {
							if !strings.ContainsAny(arg, "0123456789") {
								return api.Request{}, usagef("bad pause %q: want a DURATION (45, 45m, 2h), until-work, until-tomorrow or indefinitely", arg)
							}
							return api.Request{}, err
						}
						p = api.PauseRequest{For: d}
					}
				}
				return api.PauseAs(p), nil
			})})
	register(&command{name: "resume", args: "[--json]", summary: "end a pause",
		run: ctlAction("resume", "", ctlNoArgs(api.Resume))})
	register(&command{name: "reload", args: "[--json]", summary: "make the daemon reread its config file",
		run: ctlAction("reload", "", ctlNoArgs(api.Reload))})
}

// ctlNoArgs parses the arguments of an action that takes none.
func ctlNoArgs(a api.Action) func([]string) (api.Request, error) {
	return func(pos []string) (api.Request, error) {
		if len(pos) > 0 {
			return api.Request{}, usagef("%s takes no arguments, got %q", a, strings.Join(pos, " "))
		}
		return api.Do(a), nil
	}
}

// ctlResult is the JSON an action prints with --json.
type ctlResult struct {
	Message string    `json:"message"`
	Status  ctlStatus `json:"status"`
}

// ctlAction makes the run function of an action command: parse the arguments, send the
// request, print the daemon's one line (or, with --json, the message and the status).
// A refusal goes to main, which prints it and exits 1.
func ctlAction(name, help string, parse func(pos []string) (api.Request, error)) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, name)
		if help != "" {
			usage := fs.Usage
			fs.Usage = func() { usage(); fmt.Fprintf(e.stdout, "\n%s\n", help) }
		}
		asJSON := fs.Bool("json", false, `print {"message": ..., "status": ...} (status as in "deskbreak status --json")`)
		pos, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		req, err := parse(pos)
		if err != nil {
			return err
		}
		if err := req.Check(); err != nil {
			return usagef("%v", err)
		}
		c, err := ctlClient(e)
		if err != nil {
			return err
		}
		defer c.Close()
		r, err := c.Act(ctx, req)
		if err != nil {
			return ctlError(e, err)
		}
		if *asJSON {
			return ctlWriteJSON(e.stdout, ctlResult{Message: r.Message, Status: ctlStatusOf(r.Snapshot)})
		}
		fmt.Fprintln(e.stdout, r.Message)
		return nil
	}
}

// ctlOneDuration reports whether pos is at most one argument, or one length written in words
// as deskbreak writes it ("15 min", "1 h 30 min"): numbers and unit words by turns.
func ctlOneDuration(pos []string) bool {
	if len(pos) <= 1 {
		return true
	}
	for i, w := range pos {
		cut := "0123456789" // a number, then a unit, and so on
		if i%2 == 1 {
			cut = "abcdefghijklmnopqrstuvwxyz"
		}
		if strings.Trim(strings.ToLower(w), cut) != "" {
			return false
		}
	}
	return true
}

// ctlUnits maps the unit words of deskbreak's own wording ("15 min", "1 h 30 min") to Go's.
var ctlUnits = strings.NewReplacer("minutes", "m", "minute", "m", "mins", "m", "min", "m",
	"hours", "h", "hour", "h", "seconds", "s", "second", "s", "secs", "s", "sec", "s", " ", "")

// ctlParseDuration reads the length of a snooze or pause (verb): whole minutes ("10"), a Go
// duration ("10m", "1h30m"), or deskbreak's own wording ("15 min", "1 h 30 min", as the
// status hint and the notifications write it), within api's bounds for it.
func ctlParseDuration(verb, s string, max time.Duration) (time.Duration, error) {
	var d time.Duration
	if n, err := strconv.Atoi(s); err == nil {
		if n > int(max/time.Minute) || n < -int(max/time.Minute) {
			return 0, usagef("%v", api.OutOfBounds(verb, s+" min", max))
		}
		d = time.Duration(n) * time.Minute
	} else if d, err = time.ParseDuration(ctlUnits.Replace(strings.ToLower(strings.TrimSpace(s)))); err != nil {
		return 0, usagef("bad duration %q: want minutes (10) or a duration such as 10m, 1h30m or \"15 min\"", s)
	}
	if err := api.CheckDuration(verb, d, max); err != nil {
		return 0, usagef("%v", err)
	}
	return d, nil
}
