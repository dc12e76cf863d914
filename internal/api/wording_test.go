package api

import (
	"math"
	"testing"
	"time"
)

func TestFormatTime(t *testing.T) {
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
		{time.Date(9999, 12, 31, 0, 0, 0, 0, ny), now, "Fri 31 Dec 9999 00:00"},
		// The day is read in t's zone (the config's), not in now's: 02:00 UTC on the 8th is
		// still the 7th in New York.
		{time.Date(2026, 3, 7, 23, 45, 0, 0, ny), time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC), "23:45"},
	} {
		if got := FormatTime(tc.t, tc.now); got != tc.want {
			t.Errorf("FormatTime(%v, %v) = %q, want %q", tc.t, tc.now, got, tc.want)
		}
	}
}

// TestFormatLengthAndCountdown covers the inputs of the CLI's and the tray's former copies.
func TestFormatLengthAndCountdown(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		-time.Second: "now", 0: "now", time.Second: "in less than a minute",
		30 * time.Second: "in less than a minute", 59 * time.Second: "in less than a minute",
		time.Minute: "in 1 min", time.Minute + time.Second: "in 2 min", 59 * time.Minute: "in 59 min",
		time.Hour: "in 1 h", 61 * time.Minute: "in 1 h 1 min", 2 * time.Hour: "in 2 h",
		47*time.Hour + 59*time.Minute: "in 47 h 59 min", 59 * time.Hour: "in 2 days",
		61 * time.Hour: "in 3 days", 72 * time.Hour: "in 3 days",
		// Issue 15: a pause until 9999 overflowed the rounding into "in -153722866 min".
		365 * 24 * time.Hour: "in 365 days", 367 * 24 * time.Hour: "until further notice",
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Sub(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)): "until further notice",
		time.Duration(math.MaxInt64): "until further notice",
	} {
		if got := FormatCountdown(d); got != want {
			t.Errorf("FormatCountdown(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		0: "0 s", time.Second: "1 s", 30 * time.Second: "30 s", 59 * time.Second: "59 s",
		time.Minute: "1 min", time.Minute + time.Second: "1 min 1 s", 90 * time.Second: "1 min 30 s",
		3 * time.Minute: "3 min", 10*time.Minute + 30*time.Second: "10 min 30 s", 59 * time.Minute: "59 min",
		time.Hour: "1 hour", 61 * time.Minute: "1 h 1 min", 90 * time.Minute: "1 h 30 min", 2 * time.Hour: "2 hours",
	} {
		if got := FormatLength(d); got != want {
			t.Errorf("FormatLength(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0 breaks", 1: "1 break", 2: "2 breaks"} {
		if got := Plural(n, "break", "breaks"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
