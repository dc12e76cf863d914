package daemon

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// skewClock is the bubble's clock plus an offset the test sets: a wall clock that can step
// back, which the bubble's own never does.
type skewClock struct{ off atomic.Int64 }

func (c *skewClock) now() time.Time      { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *skewClock) set(d time.Duration) { c.off.Store(int64(d)) }

// skewAlarm is exactAlarm on the skewed clock, as alarm.Wall follows the system's wall clock.
type skewAlarm struct {
	clk *skewClock
	t   *time.Timer
}

var _ Alarm = (*skewAlarm)(nil)

func newSkewAlarm(clk *skewClock) *skewAlarm {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &skewAlarm{clk: clk, t: t}
}

func (a *skewAlarm) C() <-chan time.Time { return a.t.C }

func (a *skewAlarm) Set(at time.Time) time.Time {
	a.t.Reset(max(at.Sub(a.clk.now()), 0))
	return at
}

// skewed sets the daemon's clock and alarm to clk.
func skewed(clk *skewClock) func(*Options) {
	return func(o *Options) { o.Now, o.Alarm = clk.now, newSkewAlarm(clk) }
}

// checkHistory fails t for any event recorded since the first from-th after now, or with a
// negative length.
func checkHistory(t *testing.T, s *fakeStore, from int, now time.Time) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range s.history[from:] {
		if ev.At.After(now) {
			t.Errorf("history holds %s %s at %v, after the clock's %v", ev.Type, ev.Rule, ev.At, now)
		}
		if ev.Duration < 0 {
			t.Errorf("history holds %s %s with a negative length %v", ev.Type, ev.Rule, ev.Duration)
		}
	}
}

// TestClockAheadThenCorrected: the clock jumps a day ahead (seen as time away: a natural
// break dated tomorrow) and is set right again. The next break is within the hour, not
// tomorrow, and history holds nothing after the clock (issue 15, item 5).
func TestClockAheadThenCorrected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		clk := &skewClock{}
		h := startWith(t, cfg, &fakeNotifier{}, s, skewed(clk))
		ctx := context.Background()
		// Monday 09:10 Berlin.
		time.Sleep(2*24*time.Hour + 9*time.Hour + 10*time.Minute)
		synctest.Wait()
		clk.set(24 * time.Hour)
		if _, err := h.d.Snapshot(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		// What was recorded while the clock ran ahead was "now" then; from here on
		// nothing may be recorded after the clock.
		s.mu.Lock()
		corrected := len(s.history)
		s.mu.Unlock()
		clk.set(0)
		snap, err := h.d.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		now := clk.now()
		next := snap.Status.Next
		if next == nil || next.At.Sub(now) > time.Hour || next.At.Before(now) {
			t.Fatalf("after the clock was corrected at %v, next is %+v; want a break within the hour", now.In(cfg.Zone), next)
		}
		checkHistory(t, s, corrected, now)

		// It still fires: the break comes due within the hour and is recorded now.
		time.Sleep(time.Hour)
		synctest.Wait()
		snap, _ = h.d.Snapshot(ctx)
		if snap.Status.State != scheduler.StateDue {
			t.Errorf("an hour after the correction the state is %s, want due", snap.Status.State)
		}
		h.stop()
		checkHistory(t, s, corrected, clk.now())
		if got := s.state.Scheduler.LastSeen; got.After(clk.now()) {
			t.Errorf("saved last_seen %v is after the clock's %v", got, clk.now())
		}
	})
}

// TestClockBackDuringBreak: the clock goes back an hour during a 3-minute break. The break
// keeps what was left of it, ends with a positive length, and the next break is counted
// from it, not an hour later (issue 15, item 6).
func TestClockBackDuringBreak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		clk := &skewClock{}
		h := startWith(t, cfg, &fakeNotifier{}, s, skewed(clk))
		ctx := context.Background()
		// Monday 09:10 Berlin.
		time.Sleep(2*24*time.Hour + 9*time.Hour + 10*time.Minute)
		synctest.Wait()
		if _, err := h.d.Act(ctx, api.Do(api.Break)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		s.mu.Lock()
		stepped := len(s.history)
		s.mu.Unlock()
		clk.set(-time.Hour)
		snap, err := h.d.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		now := clk.now()
		a := snap.Status.Active
		if a == nil || a.End.Sub(now) != 2*time.Minute || a.Start.After(now) {
			t.Fatalf("after the clock went back an hour one minute into a 3 min break, the break is %+v at %v; want 2 min left", a, now)
		}
		time.Sleep(30 * time.Second)
		r, err := h.d.Act(ctx, api.Do(api.Done))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.Message, "Break done after 1 min 30 s") {
			t.Errorf("done said %q, want the 1 min 30 s the break lasted", r.Message)
		}
		next := r.Snapshot.Status.Next
		if now := clk.now(); next == nil || next.At.Sub(now) > time.Hour {
			t.Errorf("next after the break is %+v; want within the hour", next)
		}
		h.stop()
		checkHistory(t, s, stepped, clk.now())
	})
}

// TestClockBackWhileStopped: a state saved while the clock ran a day ahead (the daemon
// stopped, the clock corrected, the daemon started again) is brought back at start.
func TestClockBackWhileStopped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		clk := &skewClock{}
		time.Sleep(2*24*time.Hour + 9*time.Hour + 10*time.Minute) // Monday 09:10 Berlin
		ahead := time.Now().Add(24 * time.Hour).Round(0)
		s.state.Scheduler = scheduler.State{
			Rules:    map[string]scheduler.RuleState{"exercise": {Since: ahead}, "posture": {Since: ahead}, "breathing": {Since: ahead}},
			LastSeen: ahead,
		}
		h := startWith(t, cfg, &fakeNotifier{}, s, skewed(clk))
		snap, err := h.d.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if next := snap.Status.Next; next == nil || next.At.Sub(clk.now()) > time.Hour {
			t.Errorf("next %+v; want within the hour, not a day ahead", next)
		}
		h.stop()
		for name, rs := range s.state.Scheduler.Rules {
			if rs.Since.After(clk.now()) {
				t.Errorf("rule %s saved with since %v, after the clock", name, rs.Since)
			}
		}
	})
}
