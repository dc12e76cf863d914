package daemon

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// tipsNext is what "deskbreak tips next" says from what the daemon saved, for cfg.
func tipsNext(t *testing.T, h *harness, cfg *config.Config) []string {
	t.Helper()
	synctest.Wait()
	h.s.mu.Lock()
	saved := h.s.state.Tips
	h.s.mu.Unlock()
	rule, _ := cfg.Rules().Rule("exercise")
	ex, err := NextExercises(h.d.opt.Catalog, saved, "exercise", BreakRequest(cfg, rule, time.Now().In(cfg.Zone)))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range ex {
		ids = append(ids, e.ID)
	}
	return ids
}

func exerciseIDs(ex []api.Exercise) []string {
	var ids []string
	for _, e := range ex {
		ids = append(ids, e.ID)
	}
	return ids
}

// TestPicksAreMadeAfresh: whenever what a pick was made for changes, the next break picks
// afresh, and "tips next" says beforehand exactly what it gets (issue 12).
func TestPicksAreMadeAfresh(t *testing.T) {
	for _, tt := range []struct {
		name string
		// before runs after the break came due, before "deskbreak break"; it returns the
		// config in force after it.
		before func(t *testing.T, h *harness, reload func(*config.Config)) *config.Config
	}{
		{"skip_then_break", func(t *testing.T, h *harness, _ func(*config.Config)) *config.Config {
			act(t, h, api.Do(api.Skip))
			return h.cfg
		}},
		{"snooze_pause_resume_then_break", func(t *testing.T, h *harness, _ func(*config.Config)) *config.Config {
			act(t, h, api.SnoozeFor(0))
			act(t, h, api.PauseAs(api.PauseRequest{Indefinitely: true}))
			act(t, h, api.Do(api.Resume))
			return h.cfg
		}},
		{"duration_changed", func(t *testing.T, h *harness, reload func(*config.Config)) *config.Config {
			cfg := *h.cfg
			cfg.Breaks = slices.Clone(cfg.Breaks)
			cfg.Breaks[0].Duration = 5 * time.Minute
			reload(&cfg)
			r := act(t, h, api.Do(api.Reload))
			// The due break shows what it will get at once.
			if got, want := exerciseIDs(r.Snapshot.Exercises), tipsNext(t, h, &cfg); !slices.Equal(got, want) {
				t.Errorf("after the reload the due break shows %v; tips next says %v", got, want)
			}
			return &cfg
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := berlinConfig(t)
				var mu sync.Mutex
				current := cfg
				h := startWith(t, cfg, &fakeNotifier{}, &fakeStore{}, func(o *Options) {
					o.Reload = func() (*config.Config, error) {
						mu.Lock()
						defer mu.Unlock()
						return current, nil
					}
				})
				reload := func(c *config.Config) { mu.Lock(); current = c; mu.Unlock() }
				// Monday 10:00 Berlin: the exercise break is due, with its pick.
				time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
				synctest.Wait()
				if snap, _ := h.d.Snapshot(context.Background()); snap.Status.State != scheduler.StateDue || len(snap.Exercises) == 0 {
					t.Fatalf("state %s, exercises %v; want a due break with exercises", snap.Status.State, snap.Exercises)
				}
				now := tt.before(t, h, reload)
				want := tipsNext(t, h, now)
				r := act(t, h, api.Do(api.Break))
				if got := exerciseIDs(r.Snapshot.Exercises); !slices.Equal(got, want) {
					t.Errorf("the break got %v; tips next said %v", got, want)
				}
				rule, _ := now.Rules().Rule("exercise")
				if a := r.Snapshot.Status.Active; a == nil || a.End.Sub(a.Start) != rule.Duration {
					t.Errorf("running break %+v, want one of %v", a, rule.Duration)
				}
				h.stop()
			})
		})
	}
}

// TestPickSurvivesRestart: a restarted daemon shows the due break's pick, which tips next
// named, and a running break keeps its exercises.
func TestPickSurvivesRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		s := &fakeStore{}
		h := start(t, cfg, &fakeNotifier{}, s, nil)
		time.Sleep(2*24*time.Hour + 9*time.Hour + time.Second)
		synctest.Wait()
		snap, _ := h.d.Snapshot(context.Background())
		due := exerciseIDs(snap.Exercises)
		if want := tipsNext(t, h, cfg); !slices.Equal(due, want) {
			t.Errorf("the due break shows %v; tips next says %v", due, want)
		}
		h.stop()
		h = start(t, cfg, &fakeNotifier{}, s, nil)
		snap, _ = h.d.Snapshot(context.Background())
		if got := exerciseIDs(snap.Exercises); !slices.Equal(got, due) {
			t.Errorf("after a restart the due break shows %v, before %v", got, due)
		}
		r := act(t, h, api.Do(api.Break))
		running := exerciseIDs(r.Snapshot.Exercises)
		if !slices.Equal(running, due) {
			t.Errorf("the break got %v, the due break showed %v", running, due)
		}
		synctest.Wait()
		h.stop()
		h = start(t, cfg, &fakeNotifier{}, s, nil)
		snap, _ = h.d.Snapshot(context.Background())
		if got := exerciseIDs(snap.Exercises); snap.Status.State != scheduler.StateInBreak || !slices.Equal(got, running) {
			t.Errorf("after a restart the running break (%s) shows %v, before %v", snap.Status.State, got, running)
		}
		h.stop()
	})
}

// act runs r and fails the test on an error.
func act(t *testing.T, h *harness, r api.Request) api.Result {
	t.Helper()
	res, err := h.d.Act(context.Background(), r)
	if err != nil {
		t.Fatalf("%s: %v", r.Action, err)
	}
	synctest.Wait()
	return res
}
