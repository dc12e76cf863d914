package main

import (
	"context"
	"sync"
	"time"
)

// fakeDaemon is a daemonClient that answers from a snapshot and records the actions.
type fakeDaemon struct {
	mu      sync.Mutex
	snap    snapshot
	actions []string
}

var _ daemonClient = (*fakeDaemon)(nil)

func (f *fakeDaemon) record(a string) (result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.actions = append(f.actions, a)
	return result{Message: a + " ok", Snapshot: f.snap}, nil
}

func (f *fakeDaemon) Actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.actions...)
}

func (f *fakeDaemon) Snapshot(ctx context.Context) (snapshot, error) { return f.snap, nil }
func (f *fakeDaemon) Snooze(ctx context.Context, d time.Duration) (result, error) {
	return f.record("snooze " + d.String())
}
func (f *fakeDaemon) Skip(ctx context.Context) (result, error)       { return f.record("skip") }
func (f *fakeDaemon) StartBreak(ctx context.Context) (result, error) { return f.record("start") }
func (f *fakeDaemon) StartWith(ctx context.Context, id string) (result, error) {
	return f.record("start " + id)
}
func (f *fakeDaemon) Done(ctx context.Context) (result, error)   { return f.record("done") }
func (f *fakeDaemon) Reload(ctx context.Context) (result, error) { return f.record("reload") }
func (f *fakeDaemon) Watch(ctx context.Context, fn func(snapshot)) error {
	fn(f.snap)
	<-ctx.Done()
	return nil
}
