package daemon

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// The controller API. Each method runs on the loop and answers with one line for people and
// the snapshot after the action. An action that does not apply now returns *RefusedError.

// Snapshot returns the daemon's current snapshot.
func (d *Daemon) Snapshot(ctx context.Context) (Snapshot, error) {
	r, err := d.do(ctx, func(time.Time) (string, []scheduler.Event, error) { return "", nil, nil })
	return r.Snapshot, err
}

// Snooze puts off the due break for dur (0: the first configured choice).
func (d *Daemon) Snooze(ctx context.Context, dur time.Duration) (Result, error) {
	if dur != 0 && (dur < time.Minute || dur > 24*time.Hour) {
		return Result{}, &RefusedError{Msg: fmt.Sprintf("cannot snooze for %v: choose between 1m and 24h", dur)}
	}
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		evs, err := d.st.Snooze(d.rules, now, dur)
		if err != nil {
			return "", nil, err
		}
		return fmt.Sprintf("Snoozed until %s (%s left)", d.clock(now, d.st.Pending.SnoozedUntil),
			plural(d.st.SnoozesLeft(d.rules), "snooze")), evs, nil
	})
}

// Skip dismisses the due or running break.
func (d *Daemon) Skip(ctx context.Context) (Result, error) {
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		evs, err := d.st.Skip(d.rules, now)
		if err != nil {
			return "", nil, err
		}
		return "Skipped the " + evs[0].Rule + " break" + d.nextLine(now), evs, nil
	})
}

// StartBreak starts the due break, or an exercise break now.
func (d *Daemon) StartBreak(ctx context.Context) (Result, error) {
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		evs, err := d.st.Start(d.rules, now, "")
		if err != nil {
			return "", nil, err
		}
		a := d.st.Active
		return fmt.Sprintf("Break started: %s, until %s", Length(a.End.Sub(a.Start)), d.clock(now, a.End)), evs, nil
	})
}

// Done ends the running break.
func (d *Daemon) Done(ctx context.Context) (Result, error) {
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		evs, err := d.st.Done(d.rules, now)
		if err != nil {
			return "", nil, err
		}
		return "Break done after " + Length(evs[0].Duration) + d.nextLine(now), evs, nil
	})
}

// Pause pauses all reminders as p says.
func (d *Daemon) Pause(ctx context.Context, p PauseRequest) (Result, error) {
	n := 0
	for _, set := range []bool{p.For != 0, p.UntilNextRange, p.UntilTomorrow, p.Indefinitely} {
		if set {
			n++
		}
	}
	if n != 1 {
		return Result{}, &RefusedError{Msg: "say how long to pause: a duration, until the next work range, until tomorrow, or indefinitely"}
	}
	if p.For < 0 || (p.For > 0 && p.For < time.Minute) {
		return Result{}, &RefusedError{Msg: fmt.Sprintf("cannot pause for %v: choose at least 1m", p.For)}
	}
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		var until time.Time
		var ok bool
		switch {
		case p.For > 0:
			until = now.Add(p.For)
		case p.UntilNextRange:
			if until, ok = d.rules.NextWorkStart(now); !ok {
				return "", nil, &scheduler.Refused{Msg: "no work hours ahead to pause until: pause indefinitely instead"}
			}
		case p.UntilTomorrow:
			if until, ok = d.rules.NextDayWorkStart(now); !ok {
				return "", nil, &scheduler.Refused{Msg: "no work hours ahead to pause until: pause indefinitely instead"}
			}
		}
		evs, err := d.st.Pause(d.rules, now, until)
		if err != nil {
			return "", nil, err
		}
		if until.IsZero() {
			return `Paused indefinitely; resume with "deskbreak resume"`, evs, nil
		}
		return "Paused until " + d.clock(now, until), evs, nil
	})
}

// Resume ends a pause.
func (d *Daemon) Resume(ctx context.Context) (Result, error) {
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		evs, err := d.st.Resume(d.rules, now)
		if err != nil {
			return "", nil, err
		}
		return "Resumed" + d.nextLine(now), evs, nil
	})
}

// Reload loads the config again. A config with problems is refused with every problem, and
// the one in force stays.
func (d *Daemon) Reload(ctx context.Context) (Result, error) {
	if d.opt.Reload == nil {
		return Result{}, &RefusedError{Msg: "this daemon was started without a config file to reload"}
	}
	return d.do(ctx, func(now time.Time) (string, []scheduler.Event, error) {
		if err := d.reload(); err != nil {
			return "", nil, err
		}
		return "Config reloaded from " + d.cfg.Path + d.nextLine(now), nil, nil
	})
}

// reload runs on the loop: load, and put the result in force only when it is good.
func (d *Daemon) reload() error {
	cfg, err := d.opt.Reload()
	if err != nil {
		d.cfgErr = err.Error()
		for _, line := range strings.Split(err.Error(), "\n") {
			d.log.Error("config not reloaded; the previous config stays in force", "problem", line)
		}
		return &RefusedError{Msg: "config has problems; the previous config stays in force:\n" + err.Error()}
	}
	for _, w := range cfg.Warnings {
		d.log.Warn("config", "warning", w)
	}
	d.cfgErr = ""
	d.setConfig(cfg)
	d.log.Info("config reloaded", "path", cfg.Path)
	return nil
}

// RequestReload asks the loop to reload the config without waiting for the answer (SIGHUP,
// a file change). Problems are logged and shown in the snapshot.
func (d *Daemon) RequestReload(ctx context.Context) {
	go func() {
		if _, err := d.Reload(ctx); err != nil && !errors.Is(err, context.Canceled) {
			var ref *RefusedError
			if !errors.As(err, &ref) {
				d.log.Error("reload", "err", err)
			}
		}
	}()
}

// Action handles a notification button (ActionStart, ActionSnooze, ActionSkip, ActionDone)
// as the tray and the CLI would. It does not block: call it from the notifier's goroutine.
func (d *Daemon) Action(ctx context.Context, key string) {
	go func() {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var r Result
		var err error
		switch key {
		case ActionStart, "default":
			r, err = d.StartBreak(actx)
		case ActionSnooze:
			r, err = d.Snooze(actx, 0)
		case ActionSkip:
			r, err = d.Skip(actx)
		case ActionDone:
			r, err = d.Done(actx)
		default:
			d.log.Warn("unknown notification action", "key", key)
			return
		}
		if err != nil {
			d.log.Info("notification action refused", "action", key, "err", err)
			return
		}
		d.log.Info("notification action", "action", key, "result", r.Message)
	}()
}

// clock formats t, in the config's zone, for a message said at now.
func (d *Daemon) clock(now, t time.Time) string {
	return When(t.In(d.rules.Zone), now)
}

// When formats t for people, relative to now: "14:00", "tomorrow 09:00", "Mon 09:00"
// within a week, else "Mon 2 Mar 09:00". The day is read in t's own zone (the config's, for
// the daemon's times), not the machine's.
func When(t, now time.Time) string {
	day := scheduler.DateOf(t)
	today := scheduler.DateOf(now.In(t.Location()))
	days := int(math.Round(time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC).
		Sub(time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC)).Hours() / 24))
	switch {
	case days == 0:
		return t.Format("15:04")
	case days == 1:
		return "tomorrow " + t.Format("15:04")
	case days > 1 && days < 7:
		return t.Format("Mon 15:04")
	default:
		return t.Format("Mon 2 Jan 15:04")
	}
}

// nextLine is "; next break at 15:10" when one is ahead.
func (d *Daemon) nextLine(now time.Time) string {
	up := d.rules.Status(&d.st, now).Next
	if up == nil {
		return ""
	}
	return fmt.Sprintf("; next %s at %s", up.Kind, d.clock(now, up.At))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
