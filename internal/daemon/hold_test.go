package daemon

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// TestHoldIsSaved: a break held by do-not-disturb stays held across a restart, for max_hold
// counted from when it was first held, not from the restart.
func TestHoldIsSaved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		dnd := &fakeDND{on: true}
		n := &fakeNotifier{}
		h := startWith(t, cfg, n, s, func(o *Options) { o.DND = dnd })
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second) // Monday 10:00:01: due, held
		synctest.Wait()
		h.stop()
		s.mu.Lock()
		p := s.state.Scheduler.Pending
		s.mu.Unlock()
		if p == nil || p.HeldSince.IsZero() || p.HeldWhy != "fullscreen window" {
			t.Fatalf("saved pending %+v, want it held", p)
		}
		heldAt := p.HeldSince
		time.Sleep(time.Minute) // a quick restart: a longer gap counts as time away
		n2 := &fakeNotifier{}
		h = startWith(t, cfg, n2, s, func(o *Options) { o.DND = dnd })
		snap, _ := h.d.Snapshot(context.Background())
		if snap.Held != "fullscreen window" || len(n2.all()) != 0 {
			t.Fatalf("after a restart: held %q, sent %+v; want still held, nothing sent", snap.Held, n2.all())
		}
		// max_hold (30 min by default) runs from the first hold: the break shows at 10:30.
		time.Sleep(time.Until(heldAt.Add(cfg.DND.MaxHold)) + dndPoll)
		synctest.Wait()
		if got := n2.all(); len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break time") ||
			got[0].At.Sub(heldAt) > cfg.DND.MaxHold+dndPoll {
			t.Fatalf("after max_hold: %+v (held at %v)", got, heldAt)
		}
		h.stop()
	})
}

// TestExerciseProgressIsSaved: a restarted daemon shows the running break's current exercise
// and does not go back to the first.
func TestExerciseProgressIsSaved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		h := start(t, cfg, &fakeNotifier{}, s, nil)
		r := act(t, h, api.Do(api.Break))
		if len(r.Snapshot.Exercises) < 2 {
			t.Skipf("the pick has %d exercises; the test needs two", len(r.Snapshot.Exercises))
		}
		time.Sleep(r.Snapshot.Exercises[0].Duration + time.Second)
		synctest.Wait()
		h.stop()
		s.mu.Lock()
		a := s.state.Scheduler.Active
		s.mu.Unlock()
		if a == nil || a.Shown != 1 {
			t.Fatalf("saved active %+v, want exercise 2 shown", a)
		}
		n := &fakeNotifier{}
		h = start(t, cfg, n, s, nil)
		if got := n.all(); len(got) != 1 || !strings.HasPrefix(got[0].Msg.Summary, "Break 2/") {
			t.Errorf("after a restart: %+v, want exercise 2 shown again", got)
		}
		h.stop()
	})
}
