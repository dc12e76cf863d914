package daemon

import (
	"testing"
	"time"
)

func TestWhen(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 7 March 2026, 23:30; DST starts on Sunday the 8th at 02:00.
	now := time.Date(2026, 3, 7, 23, 30, 0, 0, ny)
	for _, tc := range []struct {
		t, now time.Time
		want   string
	}{
		{time.Date(2026, 3, 7, 23, 45, 0, 0, ny), now, "23:45"},
		{time.Date(2026, 3, 8, 3, 0, 0, 0, ny), now, "tomorrow 03:00"},
		{time.Date(2026, 3, 9, 9, 0, 0, 0, ny), now, "Mon 09:00"},
		{time.Date(2026, 3, 13, 9, 0, 0, 0, ny), now, "Fri 09:00"},
		{time.Date(2026, 3, 14, 9, 0, 0, 0, ny), now, "Sat 14 Mar 09:00"},
		// The day is read in t's zone (the config's), not in now's: 02:00 UTC on the 8th is
		// still the 7th in New York.
		{time.Date(2026, 3, 7, 23, 45, 0, 0, ny), time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC), "23:45"},
	} {
		if got := When(tc.t, tc.now); got != tc.want {
			t.Errorf("When(%v, %v) = %q, want %q", tc.t, tc.now, got, tc.want)
		}
	}
}
