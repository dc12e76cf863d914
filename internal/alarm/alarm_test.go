package alarm

import (
	"testing"
	"testing/synctest"
	"time"
)

// alarm is what both implementations offer.
type alarm interface {
	C() <-chan time.Time
	Set(at time.Time) time.Time
	Close() error
}

var (
	_ alarm = (*Timer)(nil)
	_ alarm = must(New())
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestNewGoesOff checks the system's alarm against the real clock: it goes off at the time
// set and not before, a time in the past goes off at once, and a new setting replaces the
// old one.
func TestNewGoesOff(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	at := time.Now().Add(50 * time.Millisecond)
	a.Set(at)
	select {
	case got := <-a.C():
		if got.Before(at) {
			t.Errorf("went off at %v, before %v", got, at)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not go off within 10 s of a time 50 ms ahead")
	}

	a.Set(time.Now().Add(-time.Hour))
	select {
	case <-a.C():
	case <-time.After(10 * time.Second):
		t.Fatal("a time in the past did not go off")
	}

	a.Set(time.Now().Add(20 * time.Millisecond))
	a.Set(time.Now().Add(time.Hour))
	select {
	case got := <-a.C():
		t.Fatalf("went off at %v: the setting an hour ahead did not replace the one 20 ms ahead", got)
	case <-time.After(300 * time.Millisecond):
	}

	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a.Set(time.Now()) // after Close: nothing, and no panic
}

// TestTimerCapsSleep checks that a Timer wakes after MaxTimerSleep even when set far ahead,
// so a loop on it looks at the wall clock that often.
func TestTimerCapsSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := NewTimer()
		defer a.Close()
		start := time.Now()
		a.Set(start.Add(8 * time.Hour))
		got := <-a.C()
		if d := got.Sub(start); d != MaxTimerSleep {
			t.Errorf("woke after %v, want %v", d, MaxTimerSleep)
		}
		a.Set(start.Add(-time.Minute))
		if d := (<-a.C()).Sub(got); d != 0 {
			t.Errorf("a time in the past went off after %v, want at once", d)
		}
	})
}
