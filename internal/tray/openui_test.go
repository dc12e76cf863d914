//go:build !darwin || cgo

package tray

import (
	"context"
	"errors"
	"log/slog"
	"strings"
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

// TestOpenUIFailureIsTold: a page that cannot open (the web UI missing, or failing to
// start) is told in a notification naming the page and what else to do, not only logged.
func TestOpenUIFailureIsTold(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	snap := api.Snapshot{Now: now}
	type told struct{ summary, body string }
	for _, c := range []struct {
		name   string
		openUI func(string) error
		id     string
		want   told
	}{
		{"missing", nil, "ui/stats", told{"Cannot open the stats page", "the stats page needs the web UI, deskbreak-ui, which is not installed beside deskbreak\n\"deskbreak stats\" prints the same in a terminal."}},
		{"missing", nil, "ui/catalog", told{"Cannot open the exercises page", "the exercises page needs the web UI, deskbreak-ui, which is not installed beside deskbreak\n\"deskbreak tips list\" prints the same in a terminal."}},
		{"failing", func(string) error { return errors.New("ui: exit status 1") }, "ui/settings", told{"Cannot open the settings", "ui: exit status 1\nThe settings are also in the config file; \"deskbreak config path\" names it."}},
		{"failing", func(string) error { return errors.New("ui: exit status 1") }, "ui/stats", told{"Cannot open the stats page", "ui: exit status 1\n\"deskbreak stats\" prints the same in a terminal."}},
	} {
		var got []told
		o := Options{OpenUI: c.openUI, Note: func(_ context.Context, s, b string) error { got = append(got, told{s, b}); return nil }}
		tr := &tray{o: o, log: slog.New(slog.DiscardHandler), ctx: context.Background(), snap: snap, shown: Model(snap, now)}
		tr.click(c.id)
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s web UI, %s: told %q, want %q", c.name, c.id, got, c.want)
		}
	}
}

// TestListenRunsEveryItemsClicks: one goroutine receives the clicks of all items and runs
// each on its own item, and ends when the items' channels close.
func TestListenRunsEveryItemsClicks(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	snap := api.Snapshot{Now: now}
	var opened []string
	tr := &tray{o: Options{OpenUI: func(page string) error { opened = append(opened, page); return nil }},
		log: slog.New(slog.DiscardHandler), ctx: context.Background(), snap: snap, shown: Model(snap, now)}
	ids := []string{"ui/settings", "ui/stats", "ui/catalog"}
	chans := make([]chan struct{}, len(ids))
	recv := make([]<-chan struct{}, len(ids))
	for i := range chans {
		chans[i] = make(chan struct{})
		recv[i] = chans[i]
	}
	done := make(chan struct{})
	go func() { tr.listen(ids, recv); close(done) }()
	// Unbuffered sends: each returns once listen has received it; listen handles one click
	// before it receives the next, so after the last send the earlier ones have run.
	chans[2] <- struct{}{}
	chans[0] <- struct{}{}
	chans[2] <- struct{}{}
	for _, c := range chans {
		close(c)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not return after every channel closed")
	}
	if got, want := strings.Join(opened, " "), "exercises settings exercises"; got != want {
		t.Errorf("opened %q, want %q", got, want)
	}
}
