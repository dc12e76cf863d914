package daemon

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// runBreak runs the Monday 10:00 break in full, started the moment it is due, and returns
// the break's start, its exercises, and what was sent from the due notification on.
func runBreak(t *testing.T, sound bool) (time.Time, []api.Exercise, []sent) {
	cfg := berlinConfig(t)
	cfg.Notify.Sound = sound
	n := &fakeNotifier{}
	h := start(t, cfg, n, &fakeStore{}, nil)
	ctx := context.Background()
	// Monday 09:00 Berlin is 08:00 UTC on 2000-01-03; the break comes due at 10:00.
	time.Sleep(2*24*time.Hour + 9*time.Hour)
	synctest.Wait()
	before := len(n.all())
	time.Sleep(time.Second)
	synctest.Wait()
	if s, _ := h.d.Snapshot(ctx); s.Status.State != scheduler.StateDue {
		t.Fatalf("state %s, want due", s.Status.State)
	}
	r, err := h.d.Act(ctx, api.Do(api.Break))
	if err != nil {
		t.Fatal(err)
	}
	begin := r.Snapshot.Status.Active.Start
	time.Sleep(3*time.Minute + time.Second)
	synctest.Wait()
	h.stop()
	return begin, r.Snapshot.Exercises, n.all()[before:]
}

// TestBreakCountsDown: the running break's notification shows the time left of the
// exercise and of the break, replaced at least every 15 s; each new exercise comes with a
// bell, the end of the break with "complete" and a call to come back; the countdown's
// updates are silent.
func TestBreakCountsDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		begin, ex, all := runBreak(t, true)
		if len(ex) == 0 {
			t.Fatal("the break has no exercises")
		}
		bounds := map[time.Time]bool{}
		at := begin
		for _, e := range ex {
			at = at.Add(e.Duration)
			if at.Before(begin.Add(3 * time.Minute)) {
				bounds[at] = true
			}
		}
		end := begin.Add(3 * time.Minute)
		var steps []sent
		var done *sent
		for i, s := range all {
			switch {
			case s.Msg.Persistent && !s.At.Before(begin):
				steps = append(steps, s)
			case strings.HasPrefix(s.Msg.Summary, "Break over"):
				done = &all[i]
			}
		}
		if len(steps) < 12 {
			t.Fatalf("%d step notifications in a 3 min break, want one at least every 15 s", len(steps))
		}
		last := begin
		for _, s := range steps {
			if gap := s.At.Sub(last); gap > api.CountdownStep {
				t.Errorf("%v without an update before %v", gap, s.At.Sub(begin))
			}
			last = s.At
			left := api.FormatLeft(end.Sub(s.At))
			if !strings.Contains(s.Msg.Body, left+" left of the break") && !strings.HasPrefix(s.Msg.Body, left+" left · the last one: come back") {
				t.Errorf("at +%v the body does not say %s left of the break:\n%s", s.At.Sub(begin), left, s.Msg.Body)
			}
			i, exEnd := api.BreakClock(ex, begin, s.At)
			switch {
			case !s.At.Before(exEnd):
				if s.Msg.Summary != "Break: exercises done" {
					t.Errorf("at +%v, after the exercises, summary %q", s.At.Sub(begin), s.Msg.Summary)
				}
			case !strings.HasPrefix(s.Msg.Body, api.FormatLeft(exEnd.Sub(s.At))+" left"):
				t.Errorf("at +%v the body does not start with the exercise's time left %s:\n%s", s.At.Sub(begin), api.FormatLeft(exEnd.Sub(s.At)), s.Msg.Body)
			case !strings.Contains(s.Msg.Summary, ex[i].Title):
				t.Errorf("at +%v the summary %q does not name %q", s.At.Sub(begin), s.Msg.Summary, ex[i].Title)
			}
			want := ""
			if bounds[s.At] {
				want = notify.SoundBell
				delete(bounds, s.At)
				if s.Msg.Update {
					t.Errorf("at +%v a new step is sent as an update, which is dropped once closed", s.At.Sub(begin))
				}
			} else if s.At.After(begin) && !s.Msg.Update {
				t.Errorf("at +%v a countdown update is not marked Update: it would pop up again once closed (and pile up under beeep)", s.At.Sub(begin))
			}
			if s.Msg.Sound != want {
				t.Errorf("at +%v sound %q, want %q", s.At.Sub(begin), s.Msg.Sound, want)
			}
			if !strings.HasSuffix(s.Msg.Body, "\n\n"+HealthFooter) {
				t.Errorf("no health footer apart from the steps:\n%s", s.Msg.Body)
			}
		}
		if len(bounds) > 0 {
			t.Errorf("no notification at the start of exercises at %v", bounds)
		}
		if !strings.Contains(steps[len(steps)-1].Msg.Body, "come back to your desk") {
			t.Errorf("the last exercise does not say to come back:\n%s", steps[len(steps)-1].Msg.Body)
		}
		if done == nil || !done.At.Equal(end) || done.Msg.Sound != notify.SoundComplete || !strings.Contains(done.Msg.Body, "Back to your desk") {
			t.Errorf("end of the break: %+v, want a call back at %v with the complete sound", done, end)
		}
	})
}

// TestBreakSoundOff: [notify] sound = false silences every cue.
func TestBreakSoundOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, _, all := runBreak(t, false)
		for _, s := range all {
			if s.Msg.Sound != "" {
				t.Errorf("%q sent with sound %q although [notify] sound = false", s.Msg.Summary, s.Msg.Sound)
			}
		}
	})
}

// TestDueMessageFooter: the due notification ends with the health footer, apart from the
// exercises and from an "Also:" prompt folded in.
func TestDueMessageFooter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := berlinConfig(t)
		h := start(t, cfg, &fakeNotifier{}, &fakeStore{}, nil)
		defer h.stop()
		_, err := h.d.do(context.Background(), func(now time.Time) (string, []scheduler.Event, error) {
			h.d.pickFor("exercise")
			m := h.d.dueMessage(scheduler.Event{Type: scheduler.EventDue, At: now, Rule: "exercise", Folded: []string{"posture"}})
			lines := strings.Split(m.Body, "\n")
			if lines[len(lines)-1] != HealthFooter || lines[len(lines)-2] != "" {
				t.Errorf("the footer is not the last line, after a blank one:\n%s", m.Body)
			}
			i := strings.Index(m.Body, "\nAlso: ")
			if i < 0 || m.Body[i-1] != '\n' {
				t.Errorf("the Also line is not set apart from the exercises:\n%s", m.Body)
			}
			if m.Sound != "" {
				t.Errorf("due notification with sound %q", m.Sound)
			}
			return "", nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
