package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// The Daemon is the api.Controller of every client: the tray calls it in process, the control
// server for the CLI and the web UI.
var _ api.Controller = (*Daemon)(nil)

// Snapshot returns the daemon's current snapshot.
func (d *Daemon) Snapshot(ctx context.Context) (api.Snapshot, error) {
	r, err := d.do(ctx, func(time.Time) (string, []scheduler.Event, error) { return "", nil, nil })
	return r.Snapshot, err
}

// Act carries out r on the loop: the one place where actions are dispatched. A request out
// of bounds, or an action that does not apply now, returns an *api.Refused.
func (d *Daemon) Act(ctx context.Context, r api.Request) (api.Result, error) {
	if err := r.Check(); err != nil {
		return api.Result{}, err
	}
	var fn func(now time.Time) (string, []scheduler.Event, error)
	switch r.Action {
	case api.Snooze:
		fn = func(now time.Time) (string, []scheduler.Event, error) { return d.snooze(now, r.Snooze) }
	case api.Skip:
		fn = d.skip
	case api.Break:
		fn = func(now time.Time) (string, []scheduler.Event, error) { return d.startBreak(now, r.Exercise) }
	case api.Done:
		fn = d.done
	case api.Pause:
		fn = func(now time.Time) (string, []scheduler.Event, error) { return d.pause(now, r.Pause) }
	case api.Resume:
		fn = d.resume
	case api.Reload:
		if d.opt.Reload == nil {
			return api.Result{}, &api.Refused{Msg: "this daemon was started without a config file to reload"}
		}
		// The file is read and parsed here, on the caller's goroutine, not on the loop,
		// which goes on answering meanwhile; reloads run one at a time, so that they take
		// effect in order.
		d.reloadMu.Lock()
		defer d.reloadMu.Unlock()
		cfg, err := d.opt.Reload()
		fn = func(now time.Time) (string, []scheduler.Event, error) { return d.reloadNow(now, cfg, err) }
	}
	return d.do(ctx, fn)
}

// The actions, run on the loop. Each returns the line for people and the events it caused.

func (d *Daemon) snooze(now time.Time, dur time.Duration) (string, []scheduler.Event, error) {
	evs, err := d.st.Snooze(d.rules, now, dur)
	if err != nil {
		return "", nil, err
	}
	left := api.Plural(d.st.SnoozesLeft(d.rules), "snooze", "snoozes")
	if from := evs[0].From; !from.IsZero() {
		// Snoozed while snoozed: the snooze was extended from its old end.
		return fmt.Sprintf("Snoozed until %s, extended from %s (%s left)", d.clock(now, d.st.Pending.SnoozedUntil),
			d.clock(now, from), left), evs, nil
	}
	return fmt.Sprintf("Snoozed until %s (%s left)", d.clock(now, d.st.Pending.SnoozedUntil), left), evs, nil
}

func (d *Daemon) skip(now time.Time) (string, []scheduler.Event, error) {
	evs, err := d.st.Skip(d.rules, now)
	if err != nil {
		return "", nil, err
	}
	return "Skipped the " + evs[0].Rule + " break" + d.nextLine(now), evs, nil
}

func (d *Daemon) startBreak(now time.Time, exercise string) (string, []scheduler.Event, error) {
	var chosen tips.Exercise
	if exercise != "" {
		var ok bool
		if chosen, ok = d.opt.Catalog.Exercise(exercise); !ok {
			return "", nil, &api.Refused{Msg: fmt.Sprintf("no exercise %q in the catalog (see deskbreak tips list)", exercise)}
		}
	}
	evs, err := d.st.Start(d.rules, now, "")
	if err != nil {
		return "", nil, err
	}
	a := d.st.Active
	if exercise != "" {
		// The break does this exercise; the started event keeps it rather than picking.
		rule, _ := d.rules.Rule(a.Rule)
		d.next = &Pick{Rule: a.Rule, Request: BreakRequest(d.cfg, rule, now.In(d.rules.Zone)), Exercises: []string{chosen.ID}}
		d.dirty = true
	}
	return fmt.Sprintf("Break started: %s, until %s", api.FormatLength(a.End.Sub(a.Start)), d.clock(now, a.End)), evs, nil
}

func (d *Daemon) done(now time.Time) (string, []scheduler.Event, error) {
	evs, err := d.st.Done(d.rules, now)
	if err != nil {
		return "", nil, err
	}
	return "Break done after " + api.FormatLength(evs[0].Duration) + d.nextLine(now), evs, nil
}

func (d *Daemon) pause(now time.Time, p api.PauseRequest) (string, []scheduler.Event, error) {
	var until time.Time
	var ok bool
	switch {
	case p.For > 0:
		until = now.Add(p.For)
	case p.UntilNextRange:
		if until, ok = d.rules.NextWorkStart(now); !ok {
			return "", nil, &api.Refused{Msg: "no work hours ahead to pause until: pause indefinitely instead"}
		}
	case p.UntilTomorrow:
		if until, ok = d.rules.NextDayWorkStart(now); !ok {
			return "", nil, &api.Refused{Msg: "no work hours ahead to pause until: pause indefinitely instead"}
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
}

func (d *Daemon) resume(now time.Time) (string, []scheduler.Event, error) {
	evs, err := d.st.Resume(d.rules, now)
	if err != nil {
		return "", nil, err
	}
	return "Resumed" + d.nextLine(now), evs, nil
}

// reloadNow puts the config loaded again (or the error loading it) in force. A config with
// problems is refused with every problem, and the one in force stays.
func (d *Daemon) reloadNow(now time.Time, cfg *config.Config, err error) (string, []scheduler.Event, error) {
	if err := d.reload(cfg, err); err != nil {
		return "", nil, err
	}
	return "Config reloaded from " + d.cfg.Path + d.nextLine(now), nil, nil
}

// reload runs on the loop: put the config loaded in force only when it is good.
func (d *Daemon) reload(cfg *config.Config, err error) error {
	if err != nil {
		d.cfgErr = err.Error()
		for _, line := range strings.Split(err.Error(), "\n") {
			d.log.Error("config not reloaded; the previous config stays in force", "problem", line)
		}
		return &api.Refused{Msg: "config has problems; the previous config stays in force:\n" + err.Error()}
	}
	for _, w := range cfg.Warnings {
		d.log.Warn("config", "warning", w)
	}
	d.cfgErr = ""
	d.setConfig(cfg)
	if p := d.st.Pending; p != nil {
		d.pickFor(p.Rule) // afresh when the break's length, categories or exclusions changed
	}
	d.log.Info("config reloaded", "path", cfg.Path)
	return nil
}

// RequestReload asks the loop to reload the config without waiting for the answer (SIGHUP,
// a file change). Problems are logged and shown in the snapshot.
func (d *Daemon) RequestReload(ctx context.Context) {
	go func() {
		if _, err := d.Act(ctx, api.Do(api.Reload)); err != nil && !errors.Is(err, context.Canceled) {
			var ref *api.Refused
			if !errors.As(err, &ref) {
				d.log.Error("reload", "err", err)
			}
		}
	}()
}

// notifyDefault is the key a notification server sends when the notification itself is
// clicked rather than one of its buttons.
const notifyDefault = "default"

// Action handles a notification button, whose key is an api.Action (or "default", which
// starts the break), as the tray and the CLI would. It does not block: call it from the
// notifier's goroutine.
func (d *Daemon) Action(ctx context.Context, key string) {
	a := api.Action(key)
	if key == notifyDefault {
		a = api.Break
	}
	go func() {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		switch a {
		case api.Break, api.Snooze, api.Skip, api.Done:
		default:
			d.log.Warn("unknown notification action", "key", key)
			return
		}
		r, err := d.Act(actx, api.Do(a))
		if err != nil {
			d.log.Info("notification action refused", "action", key, "err", err)
			return
		}
		d.log.Info("notification action", "action", key, "result", r.Message)
	}()
}

// clock formats t, in the config's zone, for a message said at now.
func (d *Daemon) clock(now, t time.Time) string {
	return api.FormatTime(t.In(d.rules.Zone), now)
}

// nextLine is "; next break at 15:10" when one is ahead.
func (d *Daemon) nextLine(now time.Time) string {
	up := d.rules.Status(&d.st, now).Next
	if up == nil {
		return ""
	}
	return fmt.Sprintf("; next %s at %s", up.Kind, d.clock(now, up.At))
}
