package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

func TestTopExercises(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	evs := []scheduler.Event{
		{Type: scheduler.EventDone, At: at, Exercises: []string{"neck-roll", "chin-tuck"}},
		{Type: scheduler.EventDone, At: at, Short: true, Exercises: []string{"chin-tuck"}},
		{Type: scheduler.EventDone, At: at, Own: true, Exercises: []string{"wall-angel", "wall-angel"}},
		{Type: scheduler.EventSkipped, At: at, Exercises: []string{"squat"}}, // not done
		{Type: scheduler.EventDone, At: at},                                  // older history: none named
	}
	got := TopExercises(evs, 2)
	want := []ExerciseCount{{"chin-tuck", 2}, {"neck-roll", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TopExercises = %v, want %v", got, want)
	}
}

// TestOldDoneLineReads checks that a done line written before events named their
// exercises still reads, with none.
func TestOldDoneLineReads(t *testing.T) {
	var ev scheduler.Event
	if err := decodeEvent([]byte(`{"type":"done","at":"2026-11-02T10:00:00Z","rule":"exercise","duration":120000000000}`), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != scheduler.EventDone || ev.Exercises != nil {
		t.Errorf("old done line reads as %+v", ev)
	}
	if err := decodeEvent([]byte(`{"type":"done","at":"2026-11-02T10:00:00Z","exercises":["chin-tuck"]}`), &ev); err != nil || !reflect.DeepEqual(ev.Exercises, []string{"chin-tuck"}) {
		t.Errorf("a done line with exercises reads as %+v (%v)", ev, err)
	}
}
