package daemon

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

// syncBuffer is a log destination safe for the loop, the worker and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSaveFailureIsReported: a command whose save fails is answered with the error, the
// snapshot says the state is not being saved, and the daemon retries and logs when it works
// again.
func TestSaveFailureIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeStore{}
		var logs syncBuffer
		h := startWith(t, berlinConfig(t), &fakeNotifier{}, s, func(o *Options) {
			o.Log = slog.New(slog.NewTextHandler(&logs, nil))
		})
		ctx := context.Background()
		full := errors.New("save state /home/x/.local/state/deskbreak/state.json: no space left on device")
		s.setFail(full.Error())
		r, err := h.d.Act(ctx, api.PauseAs(api.PauseRequest{Indefinitely: true}))
		var ns *api.NotSaved
		if !errors.As(err, &ns) || !strings.Contains(ns.Msg, "Paused indefinitely") || !strings.Contains(ns.Msg, "no space left on device") {
			t.Fatalf("pause with a full disk: %v (%T), want *api.NotSaved naming what was done and why", err, err)
		}
		if r.Snapshot.SaveError != full.Error() {
			t.Errorf("the answer's snapshot says SaveError %q", r.Snapshot.SaveError)
		}
		synctest.Wait()
		snap, _ := h.d.Snapshot(ctx)
		if snap.SaveError != full.Error() || snap.Status.State != scheduler.StatePaused {
			t.Fatalf("snapshot after a failed save: state %s, SaveError %q", snap.Status.State, snap.SaveError)
		}
		if !strings.Contains(logs.String(), "no space left on device") {
			t.Errorf("the failure is not logged:\n%s", logs.String())
		}
		// While the disk stays full, the daemon retries every saveRetry, not in a loop,
		// and logs the failure once.
		before := s.saveCount()
		time.Sleep(5*saveRetry + time.Second)
		synctest.Wait()
		if n := s.saveCount() - before; n < 4 || n > 6 {
			t.Errorf("%d save attempts in 5 retry periods, want about 5", n)
		}
		if n := strings.Count(logs.String(), "level=ERROR msg=\"save state"); n != 1 {
			t.Errorf("the failure is logged %d times, want once:\n%s", n, logs.String())
		}
		// The disk is freed; within saveRetry the daemon saves by itself, says so and
		// clears the error.
		s.setFail("")
		time.Sleep(saveRetry + time.Second)
		synctest.Wait()
		snap, _ = h.d.Snapshot(ctx)
		if snap.SaveError != "" {
			t.Errorf("SaveError %q after the disk was freed", snap.SaveError)
		}
		s.mu.Lock()
		paused := s.state.Scheduler.Paused != nil
		s.mu.Unlock()
		if !paused {
			t.Error("the pause was never saved")
		}
		if !strings.Contains(logs.String(), "state saved again") {
			t.Errorf("the recovery is not logged:\n%s", logs.String())
		}
		// And a command now succeeds.
		if _, err := h.d.Act(ctx, api.Do(api.Resume)); err != nil {
			t.Errorf("resume after recovery: %v", err)
		}
		h.stop()
	})
}

// TestLoopDoesNotWaitForSaves: while a save is stuck (a slow disk), the loop still answers;
// the command being saved is acknowledged only once its save is done.
func TestLoopDoesNotWaitForSaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeStore{}
		h := start(t, berlinConfig(t), &fakeNotifier{}, s, nil)
		ctx := context.Background()
		s.gate = make(chan struct{})
		acked := make(chan error, 1)
		go func() {
			_, err := h.d.Act(ctx, api.PauseAs(api.PauseRequest{Indefinitely: true}))
			acked <- err
		}()
		synctest.Wait() // the worker now waits inside SaveState
		select {
		case err := <-acked:
			t.Fatalf("the pause was acknowledged before it was saved (%v)", err)
		default:
		}
		snap, err := h.d.Snapshot(ctx) // the loop answers meanwhile
		if err != nil || snap.Status.State != scheduler.StatePaused {
			t.Fatalf("snapshot during the save: %v, state %s", err, snap.Status.State)
		}
		<-s.gate // let the save finish
		if err := <-acked; err != nil {
			t.Fatalf("pause: %v", err)
		}
		s.mu.Lock()
		saved := s.state.Scheduler.Paused != nil
		s.mu.Unlock()
		if !saved {
			t.Error("acknowledged but not saved")
		}
		go func() {
			for range s.gate { // let the final save through
			}
		}()
		h.stop()
		close(s.gate)
	})
}

// TestOnePublishPerRequest: each request publishes one snapshot, so the tray's Model runs
// once per click.
func TestOnePublishPerRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := start(t, berlinConfig(t), &fakeNotifier{}, &fakeStore{}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		snaps, _ := h.d.Watch(ctx)
		<-snaps
		var mu sync.Mutex
		n := 0
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range snaps {
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
		for _, r := range []api.Request{api.PauseAs(api.PauseRequest{Indefinitely: true}), api.Do(api.Resume)} {
			if _, err := h.d.Act(ctx, r); err != nil {
				t.Fatal(err)
			}
			synctest.Wait()
		}
		mu.Lock()
		got := n
		mu.Unlock()
		if got != 2 {
			t.Errorf("2 requests published %d snapshots, want 2", got)
		}
		cancel()
		<-done
		h.stop()
	})
}

// stuckNotifier is a notification server that never answers: each call waits for its context.
type stuckNotifier struct{}

func (stuckNotifier) Show(ctx context.Context, _ notify.Message) error {
	<-ctx.Done()
	return ctx.Err()
}
func (stuckNotifier) Close(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

var _ Notifier = stuckNotifier{}

// Seen probing a session bus that never answers: SIGTERM during a break left the worker in a
// notification call bounded by notifyTimeout (5 s), the final save queued behind it, and main
// gave up after its 1.8 s grace without saving. Once stopping, the worker gives notifications
// only shutdownNotifyGrace, and the saves behind them still happen.
func TestStopDoesNotWaitForAStuckNotification(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeStore{}
		w := newWorker(s, stuckNotifier{}, slog.New(slog.DiscardHandler))
		w.add(job{notes: []note{{msg: notify.Message{Summary: "Break 2/3"}}}})
		synctest.Wait() // the worker is inside Show
		w.add(job{save: &store.State{}, notes: []note{{close: true, timeout: time.Second}}})
		start := time.Now()
		w.stop()
		if took := time.Since(start); took > shutdownNotifyGrace {
			t.Errorf("stop took %v with the notification server silent, want at most %v", took, shutdownNotifyGrace)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.saves != 1 {
			t.Errorf("%d saves after stop, want the final one", s.saves)
		}
	})
}
