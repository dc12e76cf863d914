package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/deskbreak/deskbreak/internal/api"
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
		h.stop()
	})
}
