//go:build !windows && !darwin

package tray

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// These tests put a stand-in xdg-open first on PATH and so do not run in parallel.

// fakeOpener puts an xdg-open on PATH that prints to stderr and exits with code.
func fakeOpener(t *testing.T, code int) {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'xdg-open: no method available for opening '\"'$1'\" >&2\nexit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func breakSnapshot(now time.Time) api.Snapshot {
	return api.Snapshot{
		Now: now,
		Status: scheduler.Status{State: scheduler.StateInBreak,
			Active: &scheduler.Active{Rule: "exercise", Start: now, End: now.Add(3 * time.Minute)}},
		Exercises: []api.Exercise{
			{ID: "neck", Title: "Neck tilt", Duration: time.Minute, Steps: []string{"Tilt your head left.", "Then right."}},
			{ID: "walk", Title: "Walk around", Duration: 2 * time.Minute, Steps: []string{"Walk around the room."}, Caution: "Mind the stairs."},
		},
	}
}

// TestShowExercisesNote: with Note, the steps are shown in a notification, not a file.
func TestShowExercisesNote(t *testing.T) {
	fakeOpener(t, 3)
	now := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	var summary, body string
	o := Options{CacheDir: t.TempDir(), Note: func(_ context.Context, s, b string) error { summary, body = s, b; return nil }}
	if err := showExercises(t.Context(), o, breakSnapshot(now), now, func(err error) { t.Errorf("failed(%v)", err) }); err != nil {
		t.Fatal(err)
	}
	if summary != "Exercises of this break, until 10:03" {
		t.Errorf("summary %q", summary)
	}
	for _, want := range []string{"Neck tilt (1 min)", "1. Tilt your head left.", "2. Then right.", "Walk around (2 min)", "Caution: Mind the stairs.", "See a professional"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if _, err := os.Stat(filepath.Join(o.CacheDir, "exercises.txt")); err == nil {
		t.Error("a file was written although the steps went to a notification")
	}
}

// TestOpenerFailureReported: xdg-open that finds no handler exits non-zero after it started;
// that used to be dropped silently, and is now reported, with what it said.
func TestOpenerFailureReported(t *testing.T) {
	fakeOpener(t, 3)
	got := make(chan error, 1)
	o := Options{CacheDir: t.TempDir()}
	now := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	if err := showExercises(t.Context(), o, breakSnapshot(now), now, func(err error) { got <- err }); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		var exit interface{ ExitCode() int }
		if !errors.As(err, &exit) || exit.ExitCode() != 3 || !strings.Contains(err.Error(), "no method available") {
			t.Errorf("failed(%v), want exit status 3 with xdg-open's message", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the opener's failure was not reported")
	}
}

// TestOpenFailedTells: the tray logs an opener's failure and tells the person in a note.
func TestOpenFailedTells(t *testing.T) {
	var summary, body string
	tr := &tray{ctx: t.Context(), log: slog.New(slog.DiscardHandler), o: Options{Note: func(_ context.Context, s, b string) error { summary, body = s, b; return nil }}}
	tr.openFailed("Cannot open the settings", "Edit it by hand.")(errors.New("xdg-open /x.toml: exit status 3"))
	if summary != "Cannot open the settings" || body != "xdg-open /x.toml: exit status 3\nEdit it by hand." {
		t.Errorf("note %q / %q", summary, body)
	}
}
