//go:build !darwin || cgo

package tray

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// TestItemsOpenTheWebUI: Settings..., Statistics..., All exercises... and "Exercises of
// this break..." open their pages of the web UI when it is installed.
func TestItemsOpenTheWebUI(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	snap := api.Snapshot{Now: now, Status: scheduler.Status{State: scheduler.StateInBreak,
		Active: &scheduler.Active{Rule: "exercise", Start: now, End: now.Add(3 * time.Minute)}},
		Exercises: []api.Exercise{{ID: "chin-tuck", Title: "Chin tuck", Duration: time.Minute}}}
	var opened []string
	tr := &tray{o: Options{OpenUI: func(page string) error { opened = append(opened, page); return nil }},
		log: slog.New(slog.DiscardHandler), ctx: context.Background(), snap: snap, shown: Model(snap, now)}
	for _, id := range []string{"ui/settings", "ui/stats", "ui/catalog", "exercises"} {
		tr.click(id)
	}
	want := []string{"settings", "stats", "exercises", "break"}
	if len(opened) != len(want) {
		t.Fatalf("opened %v, want %v", opened, want)
	}
	for i := range want {
		if opened[i] != want[i] {
			t.Errorf("opened %v, want %v", opened, want)
		}
	}
	for _, id := range []string{"ui/settings", "ui/stats", "ui/catalog"} {
		it, ok := Find(Model(snap, now).Items, id)
		if !ok || !it.Enabled || it.Hidden {
			t.Errorf("item %s: %+v, want it shown and enabled", id, it)
		}
	}
}
