package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// TestBreakWithAnExercise: "do this now" starts a break with the exercise asked for, shown
// in the snapshot and the notification; an unknown id is refused and starts nothing.
func TestBreakWithAnExercise(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := &fakeNotifier{}
		h := start(t, berlinConfig(t), n, &fakeStore{}, nil)
		ctx := context.Background()
		var ref *api.Refused
		if _, err := h.d.Act(ctx, api.BreakWith("no-such-exercise")); !errors.As(err, &ref) || !strings.Contains(ref.Msg, `no exercise "no-such-exercise"`) {
			t.Fatalf("unknown exercise: %v", err)
		}
		if snap, _ := h.d.Snapshot(ctx); snap.Status.Active != nil {
			t.Fatal("a refused request started a break")
		}
		r, err := h.d.Act(ctx, api.BreakWith("chin-tuck"))
		if err != nil {
			t.Fatal(err)
		}
		ex := r.Snapshot.Exercises
		if r.Snapshot.Status.Active == nil || len(ex) != 1 || ex[0].ID != "chin-tuck" || len(ex[0].Steps) == 0 {
			t.Fatalf("break with chin-tuck: active %v, exercises %+v", r.Snapshot.Status.Active, ex)
		}
		synctest.Wait()
		if snap, _ := h.d.Snapshot(ctx); len(snap.Exercises) != 1 || snap.Exercises[0].ID != "chin-tuck" {
			t.Fatalf("after the started event: exercises %+v, want chin-tuck still", snap.Exercises)
		}
		// Done 10 s in: the event that ends the break names its exercise in the history.
		time.Sleep(10 * time.Second)
		if _, err := h.d.Act(ctx, api.Request{Action: api.Done}); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		h.stop()
		var done []scheduler.Event
		for _, ev := range h.s.history {
			if ev.Type == scheduler.EventDone {
				done = append(done, ev)
			}
		}
		if len(done) != 1 || len(done[0].Exercises) != 1 || done[0].Exercises[0] != "chin-tuck" {
			t.Errorf("history's done events %+v, want one naming chin-tuck", done)
		}
	})
}

// TestExercisesDone: a break run to its end did all its exercises; one cut short did those
// it had reached, counted from the start.
func TestExercisesDone(t *testing.T) {
	d := &Daemon{exercises: []api.Exercise{{ID: "a", Duration: time.Minute}, {ID: "b", Duration: 30 * time.Second}, {ID: "c", Duration: time.Minute}}}
	for _, c := range []struct {
		done scheduler.Event
		want string
	}{
		{scheduler.Event{Type: scheduler.EventDone, Duration: 150 * time.Second}, "a b c"},
		{scheduler.Event{Type: scheduler.EventDone, Duration: 5 * time.Second, Short: false}, "a b c"}, // its time ran out: a shorter break
		{scheduler.Event{Type: scheduler.EventDone, Short: true}, ""},
		{scheduler.Event{Type: scheduler.EventDone, Short: true, Duration: 59 * time.Second}, "a"},
		{scheduler.Event{Type: scheduler.EventDone, Short: true, Duration: time.Minute}, "a"},
		{scheduler.Event{Type: scheduler.EventDone, Short: true, Duration: 61 * time.Second}, "a b"},
		{scheduler.Event{Type: scheduler.EventDone, Short: true, Duration: 91 * time.Second}, "a b c"},
	} {
		if got := strings.Join(d.exercisesDone(c.done), " "); got != c.want {
			t.Errorf("exercisesDone(short %v, %v) = %q, want %q", c.done.Short, c.done.Duration, got, c.want)
		}
	}
}
