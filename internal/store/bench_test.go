package store

import (
	"os"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// BenchmarkSaveState measures one atomic save of a typical state (two fsyncs included), and
// reports the file's size.
func BenchmarkSaveState(b *testing.B) {
	s, err := Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	st := sampleState()
	for b.Loop() {
		if err := s.SaveState(st); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(s.StatePath())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size()), "bytes/state")
}

// BenchmarkAppend measures appending one typical event to the history, and reports the
// history's bytes per event, which is what a year of use costs on disk.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	// A daemon's clock reading keeps nanoseconds and the local offset.
	at := time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	events := []scheduler.Event{
		{Type: scheduler.EventDue, At: at, Rule: "exercise", Kind: scheduler.KindBreak, Folded: []string{"posture"}, Duration: 3 * time.Minute},
		{Type: scheduler.EventSnoozed, At: at, Rule: "exercise", Kind: scheduler.KindBreak, Until: at.Add(5 * time.Minute)},
		{Type: scheduler.EventStarted, At: at, Rule: "exercise", Kind: scheduler.KindBreak, Duration: 3 * time.Minute},
		{Type: scheduler.EventDone, At: at, Rule: "exercise", Kind: scheduler.KindBreak},
		{Type: scheduler.EventPrompt, At: at, Rule: "posture", Kind: scheduler.KindPrompt},
	}
	n := 0
	for b.Loop() {
		if err := s.Append(events[n%len(events)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	fi, err := os.Stat(s.HistoryPath())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/float64(n), "bytes/event")
}

// BenchmarkHistoryYear reads a year of history (about 30 events a working day).
func BenchmarkHistoryYear(b *testing.B) {
	s, err := Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))
	const perYear = 250 * 30
	for i := range perYear {
		at := t0.Add(time.Duration(i) * 17 * time.Minute)
		if err := s.Append(scheduler.Event{Type: scheduler.EventDue, At: at, Rule: "exercise", Kind: scheduler.KindBreak, Duration: 3 * time.Minute}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		evs, err := s.History(time.Time{}, time.Time{})
		if err != nil || len(evs) != perYear {
			b.Fatal(len(evs), err)
		}
	}
}
