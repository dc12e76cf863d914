package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/alarm"
	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// The loop sleeps until the next thing it has to do: a break or prompt, the next exercise of
// a running break, a display's countdown (Options.Refresh), or a look at the idle time. An
// idle daemon therefore wakes a few times an hour, not every minute.
const (
	// maxSleep is the longest the loop sleeps whatever comes next, as a safety net.
	maxSleep = time.Hour
	// lateWake is how much later than it was set an alarm may go off before the time in
	// between counts as time nobody saw (suspend, hibernate, a clock jump).
	lateWake = time.Minute
	// awayGap is the gap since the last look at the clock, as saved by a daemon that has
	// since stopped, that counts as time nobody saw.
	awayGap = 2 * time.Minute
	// awayPoll is how often the idle time is read while the person is away, to see them
	// come back; every wake for another reason reads it too.
	awayPoll = 2 * time.Minute
	// dndPoll is how often a break held back by do-not-disturb asks whether it has ended.
	dndPoll = time.Minute
)

// clockSlack is how far the clock may go back between two looks before the state is
// repaired for it; smaller steps (an NTP correction) leave at most seconds in the future.
const clockSlack = 2 * time.Second

// lastSeenEvery is how often a state that changed only in LastSeen is saved. A save syncs
// to disk, the costliest thing an idle daemon does; LastSeen on disk matters only after a
// crash (a clean stop saves it), where it bounds the time counted as away.
const lastSeenEvery = 30 * time.Minute

// saveRetry is how often a state that could not be saved is tried again, besides at every
// change.
const saveRetry = time.Minute

// Notifier shows the one live deskbreak notification.
type Notifier interface {
	Show(ctx context.Context, m notify.Message) error
	Close(ctx context.Context) error
}

// Store keeps the state and the history on disk.
type Store interface {
	LoadState() (store.State, error)
	SaveState(st store.State) error
	Append(ev scheduler.Event) error
	History(from, to time.Time) ([]scheduler.Event, error)
}

// IdleSource reports how long the person has not touched keyboard or mouse.
type IdleSource interface {
	Name() string
	Idle(ctx context.Context) (time.Duration, error)
}

// IdleWatcher watches the idle time for the loop, which tells it the threshold.
type IdleWatcher interface {
	Name() string
	SetThreshold(d time.Duration) error
}

// DND reports whether the desktop asks not to be disturbed (do-not-disturb is on, or a
// window is fullscreen), and why.
type DND interface {
	Active(ctx context.Context) (busy bool, reason string, err error)
	// SetFullscreen says whether a fullscreen window counts ([dnd] fullscreen).
	SetFullscreen(on bool)
}

// AwaySignal is the desktop saying the person left (sleep, lock) or came back (wake,
// unlock) at At.
type AwaySignal struct {
	Away bool
	At   time.Time
	Why  string
}

// Options configure a Daemon. Config, Store, Notifier and Catalog are required.
type Options struct {
	Config *config.Config
	// Reload loads the config again (SIGHUP, a file change, "deskbreak reload"); nil
	// refuses reloads.
	Reload   func() (*config.Config, error)
	Store    Store
	Notifier Notifier
	Catalog  *tips.Catalog
	// Idle is optional; without it only gaps in the wall clock count as time away.
	Idle IdleSource
	// IdleWatch, optional, is a watcher that sends the person going away (idle for the
	// threshold) and coming back on Signals as it happens; with one, the loop never asks Idle
	// and never wakes to look at the idle time.
	IdleWatch IdleWatcher
	// Signals, optional, carries sleep and lock signals, so time asleep or locked counts as
	// time away at once rather than at the next look at the clock.
	Signals <-chan AwaySignal
	// DND is optional; without it nothing holds a due break back.
	DND DND
	Log *slog.Logger
	// ConfigError is why Config is the built-in defaults rather than the file's contents,
	// shown in snapshots until a reload succeeds.
	ConfigError string
	// Alarm wakes the loop; nil means an alarm.Timer, which also wakes it every minute.
	Alarm Alarm
	// Refresh, optional, says when what a display shows for a snapshot changes by itself
	// (the next step of a countdown); the loop wakes then and publishes a snapshot.
	Refresh func(api.Snapshot) time.Time
	// Now, optional, reads the wall clock; nil means time.Now. Tests set it to step the
	// clock back, which a synctest bubble's clock never does.
	Now func() time.Time
}

// Alarm wakes the loop at a time of the wall clock (package alarm).
type Alarm interface {
	C() <-chan time.Time
	// Set arms the alarm for at and returns the latest time it will go off.
	Set(at time.Time) time.Time
}

// Daemon is deskbreak's event loop. Run owns all state; every other method is safe to call
// from any goroutine and talks to Run through a channel.
type Daemon struct {
	opt  Options
	log  *slog.Logger
	reqs chan request

	reloadMu sync.Mutex // one reload at a time, so that reloads take effect in order

	mu   sync.Mutex // guards subs and last
	subs map[chan api.Snapshot]struct{}
	last *api.Snapshot

	// Owned by the Run goroutine.
	cfg        *config.Config
	rules      *scheduler.Rules
	st         scheduler.State
	mem        tips.Memory    // the exercise picker's memory: bags and rotation
	exercises  []api.Exercise // of the due or running break, or the last one
	next       *Pick          // the pick waiting for the next break; nil: none, pick afresh
	running    *Pick          // the pick of the running (or last) break
	shownMsg   string         // summary and body of the running break's notification last shown
	shownImg   shownImage     // the picture of the running break's exercise, drawn once
	live       liveKind       // what the live notification shows
	today      []scheduler.Event
	todayDay   scheduler.Date
	cfgErr     string
	lastSaved  time.Time
	dirty      bool
	idleName   string
	w          *worker       // carries out the slow effects, in order
	fx         job           // the slow effects of the current turn of the loop
	saveErr    string        // why the state is not being saved, while it is not
	saveFailed time.Time     // when the worker last said a save failed
	wakeAt     time.Time     // the latest the alarm goes off; zero before the first sleep
	idleAt     time.Time     // when the idle source was last asked
	idleLast   time.Duration // what it said then
	pub        api.Snapshot  // the snapshot published last
	lookedAt   time.Time     // time.Now, with its monotonic reading, when LastSeen was set
}

type liveKind int

const (
	liveNone liveKind = iota
	liveBreak
	livePrompt
)

type request struct {
	fn    func(now time.Time) (string, []scheduler.Event, error)
	reply chan response
}

type response struct {
	res api.Result
	err error
}

// New returns a daemon; call Run to start it.
func New(opt Options) *Daemon {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Daemon{opt: opt, log: opt.Log, reqs: make(chan request), subs: map[chan api.Snapshot]struct{}{}}
}

// Run loads the state and runs the loop until ctx is done, then saves and returns. Call it
// once. It returns an error only when the state cannot be read at all.
func (d *Daemon) Run(ctx context.Context) error {
	saved, err := d.opt.Store.LoadState()
	if err != nil {
		return fmt.Errorf("load state: %w", err)
	}
	d.st = saved.Scheduler
	if t, err := decodeTips(saved.Tips); err != nil {
		d.log.Warn("the exercise picker's memory is unreadable; starting it afresh", "err", err)
	} else {
		d.mem, d.next, d.running = t.Memory, t.Next, t.Running
	}
	d.setConfig(d.opt.Config)
	d.cfgErr = d.opt.ConfigError
	d.idleName = "none"
	switch {
	case d.opt.IdleWatch != nil:
		d.idleName = d.opt.IdleWatch.Name()
	case d.opt.Idle != nil:
		d.idleName = d.opt.Idle.Name()
	}

	d.w = newWorker(d.opt.Store, d.opt.Notifier, d.log)
	now := d.wall()
	d.loadCounts(now)
	if a := d.st.Active; a != nil {
		// Before observe, whose settle shows the running break's step with its exercises.
		d.resumeRunning(a.Rule)
	}
	d.observe(ctx, now)
	d.reshow(ctx, now)
	d.publish(now)
	d.commit(nil, response{})
	al := d.opt.Alarm
	if al == nil {
		t := alarm.NewTimer()
		defer t.Close()
		al = t
	}
	d.wakeAt = al.Set(d.nextWake(now))
	for {
		// Each turn brings the state up to now, publishes one snapshot and hands the slow
		// effects to the worker; a request is answered by the worker once its state is
		// saved.
		var reply chan response
		var res response
		select {
		case <-ctx.Done():
			d.finish()
			return nil
		case <-al.C():
			now = d.wall()
			d.observe(ctx, now)
		case o := <-d.w.saved:
			now = d.wall()
			d.saveOutcome(o)
			d.observe(ctx, now)
		case sig := <-d.opt.Signals:
			now = d.wall()
			if sig.Away {
				d.log.Info("away", "why", sig.Why, "at", sig.At)
				d.st.Leave(sig.At)
				d.dirty = true
			}
			d.observe(ctx, now)
			if !sig.Away {
				d.log.Info("back", "why", sig.Why)
				d.handle(ctx, now, d.st.Return(d.rules, now))
				d.settle(ctx, now)
			}
		case req := <-d.reqs:
			now = d.wall()
			d.observe(ctx, now)
			msg, evs, err := req.fn(now)
			d.handle(ctx, now, evs)
			d.settle(ctx, now)
			reply, res = req.reply, response{api.Result{Message: msg}, err}
		}
		res.res.Snapshot = d.publish(now)
		d.commit(reply, res)
		d.wakeAt = al.Set(d.nextWake(now))
	}
}

// wall reads the wall clock, without its monotonic reading: the loop's times are wall times.
func (d *Daemon) wall() time.Time {
	if d.opt.Now != nil {
		return d.opt.Now().Round(0)
	}
	return time.Now().Round(0)
}

// commit hands the slow effects of this turn to the worker, with the answer to a request
// (reply may be nil). An answer whose turn saves is sent by the worker after the save;
// one that changed nothing to save is sent at once.
func (d *Daemon) commit(reply chan response, res response) {
	if reply != nil && d.fx.save == nil {
		reply <- res
		reply = nil
	}
	d.fx.reply, d.fx.res = reply, res
	d.w.add(d.fx)
	d.fx = job{}
}

// saveOutcome takes in the worker's word that saving started or stopped failing.
func (d *Daemon) saveOutcome(o saveOutcome) {
	if o.err == nil {
		d.saveErr = ""
		return
	}
	// Not marked dirty: save retries every saveRetry, and at once on any change; a retry
	// right after a failure would only fail again, in a loop.
	d.saveErr = o.err.Error()
	d.saveFailed = o.at
}

// reshow announces, after a restart, the break that is still due or running: its
// notification went away with the previous process.
func (d *Daemon) reshow(ctx context.Context, now time.Time) {
	switch {
	case d.live != liveNone:
	case d.st.Active != nil:
		if i := d.breakStep(now); i > d.st.Active.Shown {
			_ = d.st.ShowExercise(i) // forward only: i is past Shown
			d.dirty = true
		}
		d.showStep(ctx, now, "", true)
	case d.st.Pending != nil && !d.st.Pending.SnoozedUntil.After(now):
		p := d.st.Pending
		d.pickFor(p.Rule)
		if _, held := d.st.Held(); !held && !d.hold(ctx, now) { // a held break waits for release
			d.show(ctx, d.dueMessage(scheduler.Event{Type: scheduler.EventDue, At: p.DueAt, Rule: p.Rule, Kind: scheduler.KindBreak}))
		}
	}
}

// finish closes the notification and saves, when the daemon stops, and waits for the worker
// to carry out everything.
func (d *Daemon) finish() {
	if d.live != liveNone {
		// Bounded well inside the time main gives the daemon to stop; the save comes first.
		d.fx.notes = append(d.fx.notes, note{close: true, timeout: time.Second})
		d.live = liveNone
	}
	// The daemon watched the clock until now, asleep on its alarm or not.
	d.st.LastSeen = d.wall()
	d.save(true)
	d.commit(nil, response{})
	d.w.stop()
}

// setConfig puts cfg in force.
func (d *Daemon) setConfig(cfg *config.Config) {
	if w := d.opt.IdleWatch; w != nil && d.cfg != nil && d.cfg.Idle.Threshold != cfg.Idle.Threshold {
		if err := w.SetThreshold(cfg.Idle.Threshold); err != nil {
			d.log.Warn("the idle watcher keeps the old threshold", "threshold", cfg.Idle.Threshold, "err", err)
		}
	}
	if d.opt.DND != nil {
		d.opt.DND.SetFullscreen(cfg.DND.Fullscreen)
	}
	d.cfg = cfg
	d.rules = cfg.Rules()
}

// observe brings the state up to now: time away since the last look, idle time, and
// everything that came due.
func (d *Daemon) observe(ctx context.Context, now time.Time) {
	var evs []scheduler.Event
	last := d.st.LastSeen
	// Where the wall clock should be: the last look plus the time since, as the monotonic
	// clock measured it (which no one sets); the last look alone at start.
	expected := last
	if !d.lookedAt.IsZero() {
		expected = last.Add(time.Since(d.lookedAt))
	}
	if now.Before(expected.Add(-clockSlack)) {
		// The clock went back: a correction of a clock that ran ahead, or a step back.
		// What the state holds in the future would otherwise stop breaks until the clock
		// catches up.
		d.log.Warn("the clock went back; times ahead of it are brought back", "from", expected, "to", now, "step", expected.Sub(now).Round(time.Second))
		d.st.ClockBack(expected, now)
		d.dirty = true
		last = now
	}
	unseen := !d.wakeAt.IsZero() && now.Sub(d.wakeAt) > lateWake || // asleep past the alarm
		d.wakeAt.IsZero() && !last.IsZero() && now.Sub(last) > awayGap // stopped since
	if unseen {
		d.log.Info("time away noticed from the clock", "from", last, "to", now, "gap", now.Sub(last).Round(time.Second))
		evs = append(evs, d.st.Away(d.rules, last, now)...)
	}
	evs = append(evs, d.checkIdle(ctx, now)...)
	evs = append(evs, d.st.Advance(d.rules, now)...)
	d.st.LastSeen, d.lookedAt = now, time.Now()
	d.handle(ctx, now, evs)
	d.settle(ctx, now)
}

// checkIdle asks the idle source, marking the person away once idle passes the threshold and
// back when they return.
func (d *Daemon) checkIdle(ctx context.Context, now time.Time) []scheduler.Event {
	if !d.pollsIdle(now) || d.st.AwaySince.IsZero() && now.Before(d.idleDue()) {
		return nil // no break to time, or not idle long enough to be away yet
	}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	idle, err := d.opt.Idle.Idle(qctx)
	cancel()
	d.idleAt, d.idleLast = now, idle
	if err != nil {
		d.idleLast = 0 // ask again a threshold from now, not in a loop
		return nil
	}
	if idle >= d.cfg.Idle.Threshold {
		d.st.Leave(now.Add(-idle))
		return nil
	}
	// The person came back at their first input, not at this look at the clock.
	back := now.Add(-idle)
	if back.Before(d.st.AwaySince) {
		back = now
	}
	return d.st.Return(d.rules, back)
}

// busy returns why the desktop asks not to be disturbed, or "".
func (d *Daemon) busy(ctx context.Context) string {
	if d.opt.DND == nil || !d.cfg.DND.Enabled {
		return ""
	}
	qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	on, why, err := d.opt.DND.Active(qctx)
	if err != nil || !on {
		return ""
	}
	return why
}

// dndName says where do-not-disturb is read from, when the DND reader says.
func (d *Daemon) dndName() string {
	if d.opt.DND == nil {
		return ""
	}
	if !d.cfg.DND.Enabled {
		return "off"
	}
	if n, ok := d.opt.DND.(interface{ Name() string }); ok {
		return n.Name()
	}
	return ""
}

// hold decides, when a break comes due, whether it waits quietly for do-not-disturb to end.
func (d *Daemon) hold(ctx context.Context, now time.Time) bool {
	why := d.busy(ctx)
	if why == "" || d.st.Hold(now, why) != nil {
		return false
	}
	d.dirty = true
	d.log.Info("due break waits: do not disturb", "why", why, "at most", d.cfg.DND.MaxHold)
	return true
}

// release shows a held break once do-not-disturb ends or max_hold has passed.
func (d *Daemon) release(ctx context.Context, now time.Time) {
	p := d.st.Pending
	if _, held := d.st.Held(); !held {
		return
	}
	if now.Sub(p.HeldSince) < d.cfg.DND.MaxHold && d.busy(ctx) != "" {
		return
	}
	if d.st.Release(now) != nil {
		return
	}
	d.dirty = true
	d.show(ctx, d.dueMessage(scheduler.Event{Type: scheduler.EventDue, At: now, Rule: p.Rule, Kind: scheduler.KindBreak}))
}

// settle shows the next exercise of a running break (with a cue) or its countdown afresh,
// shows a break that do-not-disturb held back once it may, and closes a break notification
// that no longer applies. Then it saves if anything changed.
func (d *Daemon) settle(ctx context.Context, now time.Time) {
	d.release(ctx, now)
	if a := d.st.Active; a != nil {
		sound, step := "", false
		if i := d.breakStep(now); i > a.Shown {
			_ = d.st.ShowExercise(i) // forward only: i is past Shown
			d.dirty, step = true, true
			sound = d.cue(notify.SoundBell)
		}
		d.showStep(ctx, now, sound, step)
	}
	if d.live == liveBreak && d.st.Pending == nil && d.st.Active == nil {
		d.close(ctx)
	}
	d.save(false)
}

// showStep shows the running break's notification for now, with sound as its cue, unless
// it reads as it does on screen already. The countdown in it changes every CountdownStep
// (nextWake wakes the loop then), so this replaces it in place that often; such an update
// (not a new step) is not shown again once the person closed the notification.
func (d *Daemon) showStep(ctx context.Context, now time.Time, sound string, newStep bool) {
	if a := d.st.Active; a != nil {
		now = api.LastTick(d.exercises, a.Start, now) // the same text until the next tick
	}
	i := 0
	if a := d.st.Active; a != nil {
		i = a.Shown
	}
	m := d.exerciseMessage(i, now)
	m.Sound = sound
	m.Update = !newStep
	if key := m.Summary + "\n" + m.Body; key != d.shownMsg || newStep {
		d.show(ctx, m)
		if d.live == liveBreak {
			d.shownMsg = key
		}
	}
}

// cue returns sound when [notify] sound asks for break cues, else "".
func (d *Daemon) cue(sound string) string {
	if !d.cfg.Notify.Sound {
		return ""
	}
	return sound
}

// idleDue returns when the idle source must be asked next, while the person is present:
// the first moment they could have been idle for the threshold.
func (d *Daemon) idleDue() time.Time {
	if d.idleAt.IsZero() {
		return time.Time{}
	}
	return d.idleAt.Add(d.cfg.Idle.Threshold - d.idleLast)
}

// pollsIdle says whether the loop reads the idle time at now: when there is a source to
// read and no watcher, while a break may come due or is due or under way. Outside work hours
// nobody is counted away or back; the first look in work hours sees how long they have been
// idle.
func (d *Daemon) pollsIdle(now time.Time) bool {
	return d.opt.Idle != nil && d.opt.IdleWatch == nil &&
		(d.rules.InWork(now) || d.st.Pending != nil || d.st.Active != nil)
}

// nextWake returns when the loop must next look at the clock: the next thing that happens,
// and at the latest maxSleep after now.
func (d *Daemon) nextWake(now time.Time) time.Time {
	next := now.Add(maxSleep)
	earlier := func(t time.Time) {
		if !t.IsZero() && t.Before(next) {
			next = t
		}
	}
	earlier(scheduler.Wake(d.rules, &d.st, now))
	if _, held := d.st.Held(); held {
		// Ask whether do-not-disturb has ended every dndPoll, up to max_hold.
		earlier(now.Add(dndPoll))
		if t := d.st.Pending.HeldSince.Add(d.cfg.DND.MaxHold); t.After(now) {
			earlier(t)
		}
	}
	if d.saveErr != "" {
		earlier(d.saveFailed.Add(saveRetry))
	}
	if d.opt.Refresh != nil {
		if t := d.opt.Refresh(d.pub); t.After(now) {
			earlier(t)
		}
	}
	if d.pollsIdle(now) {
		due := d.idleDue()
		if !d.st.AwaySince.IsZero() {
			due = d.idleAt.Add(awayPoll)
		}
		if due.Before(now) {
			due = now
		}
		earlier(due)
	}
	if a := d.st.Active; a != nil {
		// The countdown and the next exercise (NextTick includes the ends of exercises).
		earlier(api.NextTick(d.exercises, a.Start, a.End, now))
	}
	return next
}

// handle records, counts and announces events.
func (d *Daemon) handle(ctx context.Context, now time.Time, evs []scheduler.Event) {
	if len(evs) == 0 {
		return
	}
	d.dirty = true
	for _, ev := range evs {
		// History never holds an event after the clock that recorded it, nor a negative
		// length, whatever the clock did.
		if ev.At.After(now) {
			ev.At = now
		}
		ev.Duration = max(ev.Duration, 0)
		if ev.Type == scheduler.EventPrompt {
			if why := d.busy(ctx); why != "" {
				// Dropped, not shown: neither recorded nor counted.
				d.log.Info("prompt dropped: do not disturb", "rule", ev.Rule, "why", why)
				continue
			}
		}
		if ev.Type == scheduler.EventDone {
			ev.Exercises = d.exercisesDone(ev)
		}
		d.fx.appends = append(d.fx.appends, ev)
		d.count(ev)
		d.log.Info("event", "type", ev.Type, "rule", ev.Rule, "at", ev.At.In(d.rules.Zone).Format(time.DateTime))
		switch ev.Type {
		case scheduler.EventDue:
			d.pickFor(ev.Rule)
			if d.hold(ctx, now) {
				continue
			}
			d.show(ctx, d.dueMessage(ev))
		case scheduler.EventReminder:
			if _, held := d.st.Held(); held {
				continue
			}
			d.show(ctx, d.dueMessage(ev))
		case scheduler.EventPrompt:
			m := d.promptMessage(ev)
			if d.cfg.Notify.PromptSound {
				m.Sound = notify.SoundMessage
			}
			d.show(ctx, m)
		case scheduler.EventStarted:
			d.pickFor(ev.Rule)
			d.running, d.next = d.next, nil // a pick serves one break
			d.shownMsg = ""
			d.showStep(ctx, now, "", true)
		case scheduler.EventDone:
			d.shownImg = shownImage{}
			m := doneMessage(ev)
			if !ev.Short {
				// The time ran out, perhaps during a walk: call the person back.
				m.Sound = d.cue(notify.SoundComplete)
			}
			d.show(ctx, m)
			d.live = livePrompt // the note times out by itself; nothing to close
		case scheduler.EventSnoozed, scheduler.EventSkipped, scheduler.EventIgnored, scheduler.EventPaused:
			if ev.Type != scheduler.EventSnoozed && d.next != nil {
				// The break the pick was made for went away unstarted: the next break
				// picks afresh, as "deskbreak tips next" shows.
				d.next = nil
				d.dirty = true
			}
			// The break's notification no longer applies; servers such as dunst keep it
			// on screen after an action, so close it.
			if d.live == liveBreak {
				d.close(ctx)
			}
		}
	}
}

// pickFor makes d.next a pick for a break of rule as the config stands: the waiting pick
// when it was made for just that, else a fresh one. The exercises shown become its.
func (d *Daemon) pickFor(ruleName string) {
	rule, _ := d.rules.Rule(ruleName)
	req := BreakRequest(d.cfg, rule, time.Now().In(d.rules.Zone)) // its date counts the days with breaks
	ex, ok := d.next.exercises(d.opt.Catalog, ruleName, req)
	if !ok {
		var pk Pick
		var err error
		ex, pk, d.mem, err = PickExercises(d.opt.Catalog, d.mem, ruleName, req)
		if err != nil {
			d.log.Warn("no exercises to pick for the break", "rule", ruleName, "err", err)
		}
		d.next = &pk
		d.dirty = true
	}
	d.setExercises(ex)
}

// resumeRunning shows, after a restart, the exercises of the running break of rule: its
// saved pick, or a fresh one when that is gone.
func (d *Daemon) resumeRunning(ruleName string) {
	if d.running != nil && d.running.Rule == ruleName {
		if ex, ok := d.running.exercises(d.opt.Catalog, ruleName, d.running.Request); ok {
			d.setExercises(ex)
			return
		}
	}
	d.pickFor(ruleName)
	d.running, d.next = d.next, nil
}

// exercisesDone returns, for the history, the ids of the exercises the break that done
// ends reached: all of them when it ran its time, and of a break cut short those that had
// begun (they run one after another from the start).
func (d *Daemon) exercisesDone(done scheduler.Event) []string {
	var ids []string
	var at time.Duration
	for _, e := range d.exercises {
		if done.Short && at >= done.Duration {
			break
		}
		ids = append(ids, e.ID)
		at += e.Duration
	}
	return ids
}

func (d *Daemon) setExercises(ex []tips.Picked) {
	d.exercises = d.exercises[:0:0]
	for _, e := range ex {
		d.exercises = append(d.exercises, api.Exercise{ID: e.ID, Title: e.Title, Duration: e.Duration, Steps: e.Steps, Caution: e.Caution})
	}
}

// show makes m the live notification, through the worker.
func (d *Daemon) show(_ context.Context, m notify.Message) {
	d.fx.notes = append(d.fx.notes, note{msg: m})
	d.live = livePrompt
	if m.Persistent {
		d.live = liveBreak
	}
}

// close closes the live notification, through the worker.
func (d *Daemon) close(context.Context) {
	d.fx.notes = append(d.fx.notes, note{close: true})
	d.live = liveNone
}

// save has the worker write the state when it changed: at once after events and requests,
// at most every lastSeenEvery for the clock alone, every saveRetry while saving fails, and
// always when force is set.
func (d *Daemon) save(force bool) {
	retry := d.saveErr != "" && !time.Now().Before(d.saveFailed.Add(saveRetry))
	if !force && !retry && !d.dirty && time.Since(d.lastSaved) < lastSeenEvery {
		return
	}
	mem, err := json.Marshal(savedTips{Memory: d.mem, Next: d.next, Running: d.running})
	if err != nil {
		d.log.Error("encode the picker's memory", "err", err)
	}
	d.fx.save = &store.State{Version: store.StateVersion, Scheduler: d.st.Clone(), Tips: mem}
	d.dirty = false
	d.lastSaved = time.Now()
	if d.saveErr != "" {
		d.saveFailed = d.lastSaved // the next retry is saveRetry from this one
	}
}

// loadCounts reads today's history to start the day's counts.
func (d *Daemon) loadCounts(now time.Time) {
	local := now.In(d.rules.Zone)
	day := scheduler.DateOf(local)
	midnight := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, d.rules.Zone)
	evs, err := d.opt.Store.History(midnight, now)
	if err != nil {
		d.log.Warn("read today's history", "err", err)
	}
	d.today, d.todayDay = evs, day
}

// count adds ev to today's events, starting afresh on a new day.
func (d *Daemon) count(ev scheduler.Event) {
	day := scheduler.DateOf(ev.At.In(d.rules.Zone))
	if day != d.todayDay {
		d.today, d.todayDay = nil, day
	}
	d.today = append(d.today, ev)
}

// publish builds the snapshot and hands it to every subscriber without blocking.
func (d *Daemon) publish(now time.Time) api.Snapshot {
	s := d.snapshot(now)
	d.pub = s
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = &s
	for ch := range d.subs {
		offer(ch, s)
	}
	return s
}

// offer replaces whatever ch holds with s. Only the loop sends, so this never blocks.
func offer(ch chan api.Snapshot, s api.Snapshot) {
	select {
	case <-ch:
	default:
	}
	ch <- s
}

func (d *Daemon) snapshot(now time.Time) api.Snapshot {
	var today api.Counts
	if scheduler.DateOf(now.In(d.rules.Zone)) == d.todayDay {
		today = api.Counts(store.Count(d.today))
	}
	return api.Snapshot{
		Now:           now,
		Status:        d.rules.Status(&d.st, now),
		Exercises:     append([]api.Exercise(nil), d.exercises...),
		Today:         today,
		SnoozeChoices: append([]time.Duration(nil), d.rules.SnoozeChoices...),
		SnoozesLeft:   d.st.SnoozesLeft(d.rules),
		TodayHours:    d.rules.TodayHours(now),
		ConfigPath:    d.cfg.Path,
		ConfigError:   d.cfgErr,
		IdleSource:    d.idleName,
		DNDSource:     d.dndName(),
		Held:          heldWhy(&d.st),
		SaveError:     d.saveErr,
	}
}

// Watch returns a channel that holds the latest snapshot (at once when the daemon has one,
// then after every change); it is closed when ctx is done. The channel has a buffer of one:
// a slow reader sees only the newest snapshot. It never fails.
func (d *Daemon) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	ch := make(chan api.Snapshot, 1)
	d.mu.Lock()
	d.subs[ch] = struct{}{}
	if d.last != nil {
		ch <- *d.last
	}
	d.mu.Unlock()
	context.AfterFunc(ctx, func() {
		d.mu.Lock()
		delete(d.subs, ch)
		close(ch)
		d.mu.Unlock()
	})
	return ch, nil
}

// do runs fn on the loop and returns its result with the snapshot after it.
func (d *Daemon) do(ctx context.Context, fn func(now time.Time) (string, []scheduler.Event, error)) (api.Result, error) {
	req := request{fn: fn, reply: make(chan response, 1)}
	select {
	case d.reqs <- req:
	case <-ctx.Done():
		return api.Result{}, ctx.Err()
	}
	select {
	case r := <-req.reply:
		return r.res, r.err
	case <-ctx.Done():
		return api.Result{}, ctx.Err()
	}
}

// heldWhy is why a due break is held back, or "".
func heldWhy(st *scheduler.State) string {
	why, _ := st.Held()
	return why
}
