package api

import (
	"testing"
	"time"
)

func TestFormatLeft(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0: "0:00", -time.Second: "0:00", time.Millisecond: "0:01", 45 * time.Second: "0:45",
		2*time.Minute + 44*time.Second + 1: "2:45", 3 * time.Minute: "3:00", 90 * time.Minute: "1:30:00",
	} {
		if got := FormatLeft(d); got != want {
			t.Errorf("FormatLeft(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestNextTick(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	ex := []Exercise{{Duration: 50 * time.Second}, {Duration: 100 * time.Second}}
	end := t0.Add(3 * time.Minute)
	for _, tt := range []struct{ now, want time.Duration }{
		{0, 15 * time.Second},
		{14 * time.Second, 15 * time.Second},
		{15 * time.Second, 30 * time.Second},
		{46 * time.Second, 50 * time.Second}, // the second exercise starts
		{50 * time.Second, 60 * time.Second},
		{170 * time.Second, 180 * time.Second},
		{180 * time.Second, -1},
	} {
		got := NextTick(ex, t0, end, t0.Add(tt.now))
		if tt.want < 0 {
			if !got.IsZero() {
				t.Errorf("at +%v: %v, want none after the end", tt.now, got)
			}
			continue
		}
		if got.Sub(t0) != tt.want {
			t.Errorf("at +%v: +%v, want +%v", tt.now, got.Sub(t0), tt.want)
		}
	}
}

func TestLastTickAndExerciseEnd(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	ex := []Exercise{{Duration: 50 * time.Second}, {Duration: 140 * time.Second}}
	for now, want := range map[time.Duration]time.Duration{
		-time.Second: 0, 0: 0, 14 * time.Second: 0, 15 * time.Second: 15 * time.Second,
		49 * time.Second: 45 * time.Second, 52 * time.Second: 50 * time.Second, 61 * time.Second: 60 * time.Second,
	} {
		if got := LastTick(ex, t0, t0.Add(now)).Sub(t0); got != want {
			t.Errorf("LastTick at +%v = +%v, want +%v", now, got, want)
		}
	}
	end := t0.Add(3 * time.Minute)
	if got := ExerciseEnd(ex, t0, end, t0.Add(time.Minute)); !got.Equal(end) {
		t.Errorf("an exercise that runs past the break ends at %v, want the break's end %v", got, end)
	}
	if got := ExerciseEnd(ex, t0, end, t0.Add(10*time.Second)); !got.Equal(t0.Add(50 * time.Second)) {
		t.Errorf("ExerciseEnd of the first = %v", got)
	}
}
