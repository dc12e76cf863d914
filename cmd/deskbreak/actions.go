package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/daemon"
)

// ctlPauseDefault is how long "deskbreak pause" with no argument pauses: about a meeting.
const ctlPauseDefault = time.Hour

func init() {
	register(&command{name: "snooze", args: "[DURATION] [--json]",
		summary: "snooze the due break (default: the first snooze choice of the config)",
		run: ctlAction("snooze", "DURATION is minutes (10) or a duration such as 10m or 1h30m.",
			func(pos []string) (ctlCall, error) {
				if len(pos) > 1 {
					return nil, usagef("snooze takes at most one DURATION, got %q", strings.Join(pos, " "))
				}
				var d time.Duration
				if len(pos) == 1 {
					var err error
					if d, err = ctlParseDuration(pos[0], control.MaxSnooze); err != nil {
						return nil, err
					}
				}
				return func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.Snooze(ctx, d) }, nil
			})})
	register(&command{name: "skip", args: "[--json]", summary: "skip the due break",
		run: ctlAction("skip", "", ctlNoArgs("skip", control.Controller.Skip))})
	register(&command{name: "break", args: "[--json]", summary: "start a break now",
		run: ctlAction("break", "", ctlNoArgs("break", control.Controller.StartBreak))})
	register(&command{name: "done", args: "[--json]", summary: "end the running break",
		run: ctlAction("done", "", ctlNoArgs("done", control.Controller.Done))})
	register(&command{name: "pause", args: "[DURATION | until-work | until-tomorrow | indefinitely] [--json]",
		summary: "pause all reminders (default: for 1h)",
		run: ctlAction("pause", "DURATION is minutes (45) or a duration such as 45m or 2h.\n"+
			"until-work pauses until the start of the next work range (after lunch, if the\n"+
			"pause starts before it); until-tomorrow until the first work range of a later day;\n"+
			"indefinitely until \"deskbreak resume\".",
			func(pos []string) (ctlCall, error) {
				if len(pos) > 1 {
					return nil, usagef("pause takes at most one argument, got %q", strings.Join(pos, " "))
				}
				p := daemon.PauseRequest{For: ctlPauseDefault}
				if len(pos) == 1 {
					switch pos[0] {
					case "until-work":
						p = daemon.PauseRequest{UntilNextRange: true}
					case "until-tomorrow":
						p = daemon.PauseRequest{UntilTomorrow: true}
					case "indefinitely":
						p = daemon.PauseRequest{Indefinitely: true}
					default:
						d, err := ctlParseDuration(pos[0], control.MaxPause)
						if err != nil {
							if !strings.ContainsAny(pos[0], "0123456789") {
								return nil, usagef("bad pause %q: want a DURATION (45, 45m, 2h), until-work, until-tomorrow or indefinitely", pos[0])
							}
							return nil, err
						}
						p = daemon.PauseRequest{For: d}
					}
				}
				return func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.Pause(ctx, p) }, nil
			})})
	register(&command{name: "resume", args: "[--json]", summary: "end a pause",
		run: ctlAction("resume", "", ctlNoArgs("resume", control.Controller.Resume))})
	register(&command{name: "reload", args: "[--json]", summary: "make the daemon reread its config file",
		run: ctlAction("reload", "", ctlNoArgs("reload", control.Controller.Reload))})
}

// ctlCall is one request to the daemon.
type ctlCall func(ctx context.Context, c control.Controller) (daemon.Result, error)

// ctlNoArgs parses the arguments of an action that takes none.
func ctlNoArgs(name string, f func(control.Controller, context.Context) (daemon.Result, error)) func([]string) (ctlCall, error) {
	return func(pos []string) (ctlCall, error) {
		if len(pos) > 0 {
			return nil, usagef("%s takes no arguments, got %q", name, strings.Join(pos, " "))
		}
		return func(ctx context.Context, c control.Controller) (daemon.Result, error) { return f(c, ctx) }, nil
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
func ctlAction(name, help string, parse func(pos []string) (ctlCall, error)) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, name)
		if help != "" {
			usage := fs.Usage
			fs.Usage = func() { usage(); fmt.Fprintf(e.stderr, "\n%s\n", help) }
		}
		asJSON := fs.Bool("json", false, `print {"message": ..., "status": ...} (status as in "deskbreak status --json")`)
		pos, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		call, err := parse(pos)
		if err != nil {
			return err
		}
		c, err := ctlClient(e)
		if err != nil {
			return err
		}
		defer c.Close()
		r, err := call(ctx, c)
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

// ctlParseDuration reads a snooze or pause length: whole minutes ("10") or a Go duration
// ("10m", "1h30m"), between control.MinDuration and max.
func ctlParseDuration(s string, max time.Duration) (time.Duration, error) {
	var d time.Duration
	if n, err := strconv.Atoi(s); err == nil {
		d = time.Duration(n) * time.Minute
		if n > int(max/time.Minute) {
			d = max + 1
		}
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, usagef("bad duration %q: want minutes (10) or a duration such as 10m or 1h30m", s)
	}
	if d < control.MinDuration || d > max {
		return 0, usagef("bad duration %q: want between %v and %v", s, control.MinDuration, ctlShortDuration(max))
	}
	return d, nil
}

// ctlShortDuration formats d without trailing zero units: "24h", "720h", "1h30m".
func ctlShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
