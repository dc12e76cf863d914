package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	_ "time/tzdata"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// harness runs a daemon inside a synctest bubble. The bubble's clock starts at
// 2000-01-01 00:00 UTC, a Saturday (01:00 in Berlin).
type harness struct {
	t      *testing.T
	d      *Daemon
	n      *fakeNotifier
	s      *fakeStore
	cfg    *config.Config
	cancel context.CancelFunc
	done   chan error
}

func berlinConfig(t *testing.T) *config.Config {
	t.Helper()
	z, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Timezone, cfg.Zone = "Europe/Berlin", z
	return cfg
}

// start runs a daemon on cfg with the fakes, an optional idle source, and a reload that
// returns cfg.
func start(t *testing.T, cfg *config.Config, n *fakeNotifier, s *fakeStore, idle IdleSource) *harness {
	t.Helper()
	return startWith(t, cfg, n, s, func(o *Options) {
		o.Reload = func() (*config.Config, error) { return cfg, nil }
		if idle != nil {
			o.Idle = idle
		}
	})
}

func (h *harness) stop() {
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Fatal(err)
	}
}

// breakOrPrompt renders the due-break and prompt notifications, as Plan's events would be.
func breakOrPrompt(ss []sent, z *time.Location) string {
	var b strings.Builder
	for _, s := range ss {
		if strings.HasPrefix(s.Msg.Summary, "Break time") || s.Msg.Category == "x-deskbreak.prompt" {
			fmt.Fprintf(&b, "%s %s\n", s.At.In(z).Format("Mon 15:04"), s.Msg.Summary)
		}
	}
	return b.String()
}

// TestWeekMatchesPlan runs the real loop through a simulated week, with a person who starts
// every break the moment it is due, and compares what was sent with Plan.
func TestWeekMatchesPlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		h := start(t, cfg, n, &fakeStore{}, nil)
		n.setOnShow(func(m notify.Message) {
			if strings.HasPrefix(m.Summary, "Break time") {
				h.d.Action(context.Background(), string(api.Break))
			}
		})
		from := time.Now()
		time.Sleep(7 * 24 * time.Hour)
		synctest.Wait()
		h.stop()

		var want strings.Builder
		for _, ev := range scheduler.Plan(cfg.Rules(), from, from.Add(7*24*time.Hour)) {
			h.d.setConfig(cfg)
			summary := "Break time: 3 min"
			if ev.Kind == scheduler.KindPrompt {
				summary = h.d.promptMessage(ev).Summary
			}
			fmt.Fprintf(&want, "%s %s\n", ev.At.In(cfg.Zone).Format("Mon 15:04"), summary)
		}
		got := breakOrPrompt(n.all(), cfg.Zone)
		if got != want.String() {
			t.Errorf("sent:\n%s\nplan:\n%s", got, want.String())
		}
		if c := strings.Count(got, "Break time"); c != 5*7 {
			t.Errorf("%d breaks in a week of five 8-hour days, want 35", c)
		}
	})
}

// TestSuspendSendsNothingAtWake suspends the loop for 8 hours (the loop goroutine is held,
// as a suspended machine holds it) and checks that nothing is sent at wake, with the
// wall-clock alarm and with the Go timer that other systems use.
func TestSuspendSendsNothingAtWake(t *testing.T) {
	for _, name := range []string{"wall", "timer"} {
		t.Run(name, func(t *testing.T) { testSuspendSendsNothingAtWake(t, name == "timer") })
	}
}

func testSuspendSendsNothingAtWake(t *testing.T, timer bool) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) {
			if timer {
				o.Alarm = nil
			}
		})
		// Saturday 01:00 to Monday 08:50 Berlin.
		time.Sleep(2*24*time.Hour + 7*time.Hour + 50*time.Minute)
		synctest.Wait()
		before := len(n.all())
		suspend(t, h.d, 8*time.Hour) // wakes Monday 16:50, inside work hours
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if got := n.all()[before:]; len(got) != 0 {
			t.Fatalf("sent at wake: %+v", got)
		}
		snap, err := h.d.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if snap.Status.State != scheduler.StateWorking || snap.Today.Natural != 1 {
			t.Errorf("after wake: state %s, natural breaks %d; want working and 1", snap.Status.State, snap.Today.Natural)
		}
		h.stop()
	})
}

// suspend holds the loop goroutine for d of fake time, as a suspend holds a process.
func suspend(t *testing.T, dm *Daemon, d time.Duration) {
	t.Helper()
	_, err := dm.do(context.Background(), func(time.Time) (string, []scheduler.Event, error) {
		time.Sleep(d)
		return "", nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestControllerFlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		s := &fakeStore{}
		h := start(t, cfg, n, s, nil)
		ctx := context.Background()
		var ref *api.Refused
		if _, err := h.d.Act(ctx, api.SnoozeFor(0)); !errors.As(err, &ref) || ref.Msg != "nothing to snooze: no break is due" {
			t.Fatalf("snooze with nothing due: %v", err)
		}
		// Monday 09:00 Berlin is 08:00 UTC on 2000-01-03; the break comes due at 10:00.
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		synctest.Wait()
		snap, _ := h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StateDue {
			t.Fatalf("state %s at %v, want due", snap.Status.State, time.Now().In(cfg.Zone))
		}
		last := n.all()[len(n.all())-1].Msg
		if !last.Persistent || len(last.Actions) != 3 || last.Actions[1].Label != "Snooze 5 min" || last.Body == "" {
			t.Fatalf("due notification: %+v", last)
		}
		closed := n.closedCount()
		r, err := h.d.Act(ctx, api.SnoozeFor(0))
		if err != nil || r.Message != "Snoozed until 10:05 (2 snoozes left)" || r.Snapshot.Status.State != scheduler.StateSnoozed {
			t.Fatalf("snooze: %q %v", r.Message, err)
		}
		if n.closedCount() != closed+1 {
			t.Fatalf("the due notification was not closed on snooze")
		}
		// Snoozing while snoozed uses a snooze and extends the current one, and says so.
		r, err = h.d.Act(ctx, api.SnoozeFor(15*time.Minute))
		if err != nil || r.Message != "Snoozed until 10:20, extended from 10:05 (1 snooze left)" {
			t.Fatalf("second snooze: %q %v", r.Message, err)
		}
		if _, err := h.d.Act(ctx, api.SnoozeFor(15*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := h.d.Act(ctx, api.SnoozeFor(0)); !errors.As(err, &ref) || !strings.Contains(ref.Msg, "snooze limit reached") {
			t.Fatalf("fourth snooze: %v", err)
		}
		r, err = h.d.Act(ctx, api.Do(api.Break))
		if err != nil || !strings.HasPrefix(r.Message, "Break started: 3 min, until 10:") {
			t.Fatalf("start: %q %v", r.Message, err)
		}
		if len(r.Snapshot.Exercises) == 0 {
			t.Fatal("a running break has no exercises")
		}
		time.Sleep(3 * time.Minute)
		synctest.Wait()
		snap, _ = h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StateWorking || snap.Today.Full != 1 || snap.Today.Snoozed != 3 || snap.Today.Due != 1 {
			t.Fatalf("after the break: %s %+v", snap.Status.State, snap.Today)
		}
		r, err = h.d.Act(ctx, api.PauseAs(api.PauseRequest{UntilTomorrow: true}))
		if err != nil || r.Message != "Paused until tomorrow 09:00" {
			t.Fatalf("pause: %q %v", r.Message, err)
		}
		if _, err := h.d.Act(ctx, api.PauseAs(api.PauseRequest{})); !errors.As(err, &ref) {
			t.Fatalf("empty pause request: %v", err)
		}
		r, err = h.d.Act(ctx, api.Do(api.Resume))
		if err != nil || !strings.HasPrefix(r.Message, "Resumed; next ") {
			t.Fatalf("resume: %q %v", r.Message, err)
		}
		h.stop()
		if s.state.Scheduler.LastSeen.IsZero() || len(s.state.Tips) == 0 {
			t.Errorf("final save missing: %+v", s.state)
		}
	})
}

// TestRestartKeepsPauseAndDoesNotRepeat checks that state survives a restart.
func TestRestartKeepsPauseAndDoesNotRepeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		h := start(t, cfg, &fakeNotifier{}, s, nil)
		ctx := context.Background()
		if _, err := h.d.Act(ctx, api.PauseAs(api.PauseRequest{Indefinitely: true})); err != nil {
			t.Fatal(err)
		}
		h.stop()
		h = start(t, cfg, &fakeNotifier{}, s, nil)
		snap, _ := h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StatePaused || !snap.Status.PausedIndefinitely {
			t.Fatalf("after restart: %+v", snap.Status)
		}
		if _, err := h.d.Act(ctx, api.Do(api.Resume)); err != nil {
			t.Fatal(err)
		}
		// Monday 10:00 Berlin the break comes due; a restart shows it again, still due.
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		synctest.Wait()
		h.stop()
		n := &fakeNotifier{}
		h = start(t, cfg, n, s, nil)
		snap, _ = h.d.Snapshot(ctx)
		if got := n.all(); snap.Status.State != scheduler.StateDue || len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break time") {
			t.Fatalf("after restart with a due break: %s, sent %+v", snap.Status.State, got)
		}
		h.stop()
	})
}

// TestIdleIsAway: idle past the threshold stops counting; idle as long as a break is a
// natural break; a break due while away waits for the return.
func TestIdleIsAway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		idle := &fakeIdle{}
		h := start(t, cfg, n, &fakeStore{}, idle)
		ctx := context.Background()
		// Monday 09:50 Berlin: away until 10:30, across the 10:00 due time.
		time.Sleep(2*24*time.Hour + 8*time.Hour + 50*time.Minute)
		idle.set(time.Now())
		time.Sleep(40 * time.Minute)
		synctest.Wait()
		if got := breakOrPrompt(n.all(), cfg.Zone); strings.Contains(got, "Mon 10:") {
			t.Fatalf("sent while away:\n%s", got)
		}
		idle.set(time.Time{})
		time.Sleep(time.Minute)
		synctest.Wait()
		snap, _ := h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StateWorking || snap.Today.Natural != 1 {
			t.Fatalf("after return: %s %+v", snap.Status.State, snap.Today)
		}
		// The default eyes prompt (every 20 min) restarted with the return: 10:51.
		if got := snap.Status.Next; got == nil || got.Rule != "eyes" {
			t.Fatalf("next after return: %+v", got)
		}
		h.stop()
	})
}

// TestBadReloadKeepsConfig checks that a reload with problems changes nothing.
func TestBadReloadKeepsConfig(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		h := start(t, cfg, &fakeNotifier{}, &fakeStore{}, nil)
		h.d.opt.Reload = func() (*config.Config, error) {
			return nil, config.Errors{{File: "config.toml", Line: 7, Field: "work_hours.mon[0]", Value: `"13:30-12:00"`, Msg: "end is before start"}}
		}
		_, err := h.d.Act(context.Background(), api.Do(api.Reload))
		var ref *api.Refused
		if !errors.As(err, &ref) || !strings.Contains(ref.Msg, "config.toml:7: work_hours.mon[0]") {
			t.Fatalf("bad reload: %v", err)
		}
		snap, _ := h.d.Snapshot(context.Background())
		if snap.ConfigError == "" || len(snap.SnoozeChoices) != 3 {
			t.Fatalf("after a bad reload: %+v", snap)
		}
		h.stop()
	})
}

// TestNoNotificationServer keeps scheduling when notifications fail.
func TestNoNotificationServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{fail: errNoServer}
		h := start(t, cfg, n, &fakeStore{}, nil)
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		synctest.Wait()
		snap, _ := h.d.Snapshot(context.Background())
		if snap.Status.State != scheduler.StateDue {
			t.Fatalf("state %s, want due even without a notification server", snap.Status.State)
		}
		h.stop()
	})
}

// startWith runs a daemon on cfg with the fakes and whatever edit sets in its options.
func startWith(t *testing.T, cfg *config.Config, n *fakeNotifier, s *fakeStore, edit func(*Options)) *harness {
	t.Helper()
	cat, err := tips.Default()
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Config: cfg, Store: s, Notifier: n, Catalog: cat, Alarm: newExactAlarm()}
	edit(&opt)
	h := &harness{t: t, d: New(opt), n: n, s: s, cfg: cfg, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- h.d.Run(ctx) }()
	synctest.Wait()
	return h
}

// TestDoNotDisturbHoldsBreakDropsPrompts: a break due under do-not-disturb waits quietly for
// up to max_hold; prompts are dropped and not counted.
func TestDoNotDisturbHoldsBreakDropsPrompts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		dnd := &fakeDND{on: true}
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) { o.DND = dnd })
		// Monday 10:00:01 Berlin: the break is due, prompts at 09:25 and 09:45 were dropped.
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		synctest.Wait()
		if got := n.all(); len(got) != 0 {
			t.Fatalf("shown under do-not-disturb: %+v", got)
		}
		snap, _ := h.d.Snapshot(context.Background())
		if snap.Status.State != scheduler.StateDue || snap.Held != "fullscreen window" || snap.Today.Prompts != 0 {
			t.Fatalf("under do-not-disturb: state %s held %q prompts %d", snap.Status.State, snap.Held, snap.Today.Prompts)
		}
		time.Sleep(29 * time.Minute)
		synctest.Wait()
		if got := n.all(); len(got) != 0 {
			t.Fatalf("shown before max_hold: %+v", got)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := n.all(); len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break time") {
			t.Fatalf("after max_hold: %+v", got)
		}
		h.stop()
	})
}

// TestDoNotDisturbEnds shows a held break as soon as do-not-disturb ends.
func TestDoNotDisturbEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		dnd := &fakeDND{on: true}
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) { o.DND = dnd })
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		dnd.set(false)
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := n.all(); len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break time") {
			t.Fatalf("after do-not-disturb ended: %+v", got)
		}
		h.stop()
	})
}

// TestSleepSignal: time asleep counts as away at once, and nothing fires at wake.
func TestSleepSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		sig := make(chan AwaySignal, 4)
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) { o.Signals = sig })
		// Monday 09:50 Berlin: locked for 20 minutes, across the 10:00 break.
		time.Sleep(2*24*time.Hour + 8*time.Hour + 50*time.Minute)
		synctest.Wait()
		before := len(n.all())
		sig <- AwaySignal{Away: true, At: time.Now(), Why: "lock"}
		time.Sleep(20 * time.Minute)
		unlock := time.Now()
		sig <- AwaySignal{Away: false, At: unlock, Why: "unlock"}
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := n.all()[before:]; len(got) != 0 {
			t.Fatalf("sent while locked or at unlock: %+v", got)
		}
		snap, _ := h.d.Snapshot(context.Background())
		// Every rule restarted at the unlock; the soonest, the eyes prompt, 20 minutes later.
		if snap.Today.Natural != 1 || snap.Status.Next == nil || snap.Status.Next.At.Before(unlock.Add(20*time.Minute)) {
			t.Fatalf("after unlock: natural %d, next %+v", snap.Today.Natural, snap.Status.Next)
		}
		h.stop()
	})
}

// TestPickIsPredictable: the break gets exactly what a picker seeded from the saved memory
// picks, which is how "deskbreak tips next" shows it ahead of time; prompts in between do not
// change it.
func TestPickIsPredictable(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		cat, err := tips.Default()
		if err != nil {
			t.Fatal(err)
		}
		mem := tips.Memory{NextArea: "shoulders", Used: map[string][]string{"neck": {"chin-tuck"}}}
		raw, _ := json.Marshal(mem)
		s := &fakeStore{state: store.State{Version: store.StateVersion, Tips: raw}}
		rule, _ := cfg.Rules().Rule("exercise")
		want, err := tips.NewPicker(cat, mem, mem.Rand("exercise")).Pick(tips.Request{Duration: rule.Duration})
		if err != nil {
			t.Fatal(err)
		}
		h := start(t, cfg, &fakeNotifier{}, s, nil)
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second) // Monday 10:00 Berlin, after two prompts
		synctest.Wait()
		snap, _ := h.d.Snapshot(context.Background())
		var got, exp []string
		for _, e := range snap.Exercises {
			got = append(got, e.ID)
		}
		for _, e := range want {
			exp = append(exp, e.ID)
		}
		if snap.Today.Prompts == 0 || strings.Join(got, ",") != strings.Join(exp, ",") {
			t.Fatalf("after %d prompts the break got %v, predicted %v", snap.Today.Prompts, got, exp)
		}
		h.stop()
	})
}

// TestShortIdlePausesCounting: idle past the threshold but shorter than the break is not a
// natural break, and does not count as work time: the break comes due that much later.
// Idle is read once a minute, so the time away is seen in whole minutes: a 10-minute break
// makes a short absence (here 09:50 to 09:54) distinguishable from a natural break.
func TestShortIdlePausesCounting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		cfg.Breaks[0].Duration = 10 * time.Minute
		n := &fakeNotifier{}
		idle := &fakeIdle{}
		h := start(t, cfg, n, &fakeStore{}, idle)
		// Monday 09:50 Berlin: no input until 09:53:30; the daemon sees it from 09:52 to 09:54.
		time.Sleep(2*24*time.Hour + 8*time.Hour + 50*time.Minute)
		idle.set(time.Now())
		time.Sleep(210 * time.Second)
		idle.set(time.Time{})
		time.Sleep(30 * time.Second) // 09:54
		synctest.Wait()
		snap, _ := h.d.Snapshot(context.Background())
		if snap.Today.Natural != 0 || !snap.Status.AwaySince.IsZero() {
			t.Fatalf("after a short absence: natural %d, away since %v", snap.Today.Natural, snap.Status.AwaySince)
		}
		time.Sleep(10*time.Minute - time.Second) // 10:03:59
		synctest.Wait()
		if got := breakOrPrompt(n.all(), cfg.Zone); strings.Contains(got, "Break time") {
			t.Fatalf("the break came due before 10:04, as if the absence were work time:\n%s", got)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := n.all()
		if last := got[len(got)-1]; !strings.HasPrefix(last.Msg.Summary, "Break time") ||
			!last.At.Equal(time.Date(2000, 1, 3, 10, 4, 0, 0, cfg.Zone)) {
			t.Fatalf("the break did not come due at 10:04: %+v", last)
		}
		h.stop()
	})
}

// countingIdle is a person at the keyboard who counts how often they are asked.
var _ IdleSource = (*countingIdle)(nil)

type countingIdle struct {
	mu    sync.Mutex
	asked int
}

func (c *countingIdle) Name() string { return "counting" }

func (c *countingIdle) Idle(context.Context) (time.Duration, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked++
	return 10 * time.Second, nil
}

func (c *countingIdle) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asked
}

// TestIdleDaemonWakesRarely counts the loop's wakes with the wall-clock alarm: outside work
// hours it sleeps an hour at a time; inside, with a person at the desk, it wakes for the
// display's countdown and to read the idle time as often as the threshold needs, not every
// minute.
func TestIdleDaemonWakesRarely(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		cfg.Idle.Threshold = 5 * time.Minute
		n := &fakeNotifier{}
		idle := &countingIdle{}
		al := newExactAlarm()
		refreshes := 0
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) {
			o.Alarm, o.Idle = al, idle
			// A display whose text changes every ten minutes of the wall clock.
			o.Refresh = func(s api.Snapshot) time.Time {
				refreshes++
				return s.Now.Truncate(10 * time.Minute).Add(10 * time.Minute)
			}
		})
		n.setOnShow(func(m notify.Message) {
			if strings.HasPrefix(m.Summary, "Break time") {
				h.d.Action(context.Background(), string(api.Break))
			}
		})

		// Saturday: no work hours. One wake an hour (maxSleep) and one per display step.
		w0 := al.wakes()
		time.Sleep(24 * time.Hour)
		synctest.Wait()
		if got := al.wakes() - w0; got > 24+24*6 {
			t.Errorf("%d wakes on a day off, want at most %d", got, 24+24*6)
		}
		if got := idle.count(); got > 1 {
			t.Errorf("idle time read %d times on a day off, want at most once (at start)", got)
		}

		// Monday 10:05-11:55 Berlin, a person at the desk who takes the 11:00 break: the
		// idle time is read every 5 min less the 10 s they have been idle, plus at the wakes
		// for the display, the prompts and the break.
		time.Sleep(24*time.Hour + 9*time.Hour + 5*time.Minute)
		synctest.Wait()
		w0, i0 := al.wakes(), idle.count()
		time.Sleep(110 * time.Minute)
		synctest.Wait()
		wakes, asked := al.wakes()-w0, idle.count()-i0
		t.Logf("%d wakes, idle read %d times, in 110 minutes of work", wakes, asked)
		if wakes > 55 || wakes < 22 {
			t.Errorf("%d wakes in 110 minutes of work, want 22-55 (not one a minute)", wakes)
		}
		if asked < 22 || asked > wakes {
			t.Errorf("idle time read %d times in 110 minutes (%d wakes), want at least every 5 minutes and at most once a wake", asked, wakes)
		}
		if refreshes == 0 {
			t.Error("Refresh was never asked")
		}
		h.stop()
	})
}

// fakeWatcher records the thresholds the loop gives it.
var _ IdleWatcher = (*fakeWatcher)(nil)

type fakeWatcher struct {
	mu         sync.Mutex
	thresholds []time.Duration
}

func (f *fakeWatcher) Name() string { return "fake watcher" }

func (f *fakeWatcher) SetThreshold(d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.thresholds = append(f.thresholds, d)
	return nil
}

// TestIdleWatcher: with a watcher, going away and coming back arrive as signals, the idle
// source is never asked, and a reload passes a new threshold on.
func TestIdleWatcher(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		idle := &countingIdle{}
		w := &fakeWatcher{}
		sig := make(chan AwaySignal, 4)
		reloaded := *cfg
		reloaded.Idle.Threshold = 7 * time.Minute
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) {
			o.Idle, o.IdleWatch, o.Signals = idle, w, sig
			o.Reload = func() (*config.Config, error) { return &reloaded, nil }
		})
		ctx := context.Background()
		// Monday 09:50 Berlin: idle for the threshold since 09:48, back at 10:30.
		time.Sleep(2*24*time.Hour + 8*time.Hour + 50*time.Minute)
		sig <- AwaySignal{Away: true, At: time.Now().Add(-2 * time.Minute), Why: "idle"}
		time.Sleep(40 * time.Minute)
		synctest.Wait()
		if got := breakOrPrompt(n.all(), cfg.Zone); strings.Contains(got, "Mon 10:") {
			t.Fatalf("sent while away:\n%s", got)
		}
		sig <- AwaySignal{Away: false, At: time.Now(), Why: "input"}
		time.Sleep(time.Minute)
		synctest.Wait()
		snap, _ := h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StateWorking || snap.Today.Natural != 1 || snap.IdleSource != "fake watcher" {
			t.Fatalf("after return: %s %+v, idle source %q", snap.Status.State, snap.Today, snap.IdleSource)
		}
		if _, err := h.d.Act(ctx, api.Do(api.Reload)); err != nil {
			t.Fatal(err)
		}
		if got := idle.count(); got != 0 {
			t.Errorf("the idle source was asked %d times despite the watcher", got)
		}
		w.mu.Lock()
		if len(w.thresholds) != 1 || w.thresholds[0] != 7*time.Minute {
			t.Errorf("thresholds given to the watcher: %v, want [7m0s]", w.thresholds)
		}
		w.mu.Unlock()
		h.stop()
	})
}

// TestDoNotDisturbFullscreenReloads: turning [dnd] fullscreen off in a reload lets a break
// held for a fullscreen window through at once.
func TestDoNotDisturbFullscreenReloads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		n := &fakeNotifier{}
		dnd := &fakeDND{on: true}
		off := *cfg
		off.DND.Fullscreen = false
		h := startWith(t, cfg, n, &fakeStore{}, func(o *Options) {
			o.DND = dnd
			o.Reload = func() (*config.Config, error) { return &off, nil }
		})
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second) // Monday 10:00:01 Berlin
		synctest.Wait()
		if got := n.all(); len(got) != 0 {
			t.Fatalf("shown with a fullscreen window: %+v", got)
		}
		if _, err := h.d.Act(context.Background(), api.Do(api.Reload)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if got := n.all(); len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break time") {
			t.Fatalf("after [dnd] fullscreen = false: %+v", got)
		}
		h.stop()
	})
}

// TestPauseBounds: pause 0 and pause 30s are refused with one message, the same the CLI and
// the control socket give (api.CheckDuration).
func TestPauseBounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := start(t, berlinConfig(t), &fakeNotifier{}, &fakeStore{}, nil)
		for d, want := range map[time.Duration]string{
			0:                "say how long to pause: a duration, until the next work range, until tomorrow, or indefinitely",
			30 * time.Second: "cannot pause for 30s: choose between 1m and 720h",
			-time.Minute:     "cannot pause for -1m: choose between 1m and 720h",
			800 * time.Hour:  "cannot pause for 800h: choose between 1m and 720h",
		} {
			_, err := h.d.Act(context.Background(), api.PauseAs(api.PauseRequest{For: d}))
			var ref *api.Refused
			if !errors.As(err, &ref) || ref.Msg != want {
				t.Errorf("pause %v: %v, want the refusal %q", d, err, want)
			}
		}
		h.stop()
	})
}

// TestWatch: a watcher gets the current snapshot at once, one per request, and a closed
// channel when it stops watching.
func TestWatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := start(t, berlinConfig(t), &fakeNotifier{}, &fakeStore{}, nil)
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		snaps, err := h.d.Watch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s := <-snaps; s.Status.State == "" {
			t.Fatalf("first snapshot %+v", s)
		}
		if _, err := h.d.Act(context.Background(), api.PauseAs(api.PauseRequest{Indefinitely: true})); err != nil {
			t.Fatal(err)
		}
		if s := <-snaps; s.Status.State != scheduler.StatePaused {
			t.Fatalf("after pause: state %s", s.Status.State)
		}
		cancel()
		synctest.Wait()
		if _, ok := <-snaps; ok {
			t.Error("the channel is open after the watcher stopped")
		}
		h.stop()
	})
}
