package daemon

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

var (
	_ Notifier   = (*fakeNotifier)(nil)
	_ Store      = (*fakeStore)(nil)
	_ IdleSource = (*fakeIdle)(nil)
)

// sent is one notification the fake notifier received.
type sent struct {
	At  time.Time
	Msg notify.Message
}

// fakeNotifier records what it is asked to show; onShow, when set, plays the person.
var _ Notifier = (*fakeNotifier)(nil)

type fakeNotifier struct {
	mu     sync.Mutex
	sent   []sent
	closed int
	fail   error
	onShow func(m notify.Message)
}

func (f *fakeNotifier) Show(ctx context.Context, m notify.Message) error {
	f.mu.Lock()
	if f.fail != nil {
		f.mu.Unlock()
		return f.fail
	}
	f.sent = append(f.sent, sent{time.Now(), m})
	on := f.onShow
	f.mu.Unlock()
	if on != nil {
		on(m)
	}
	return nil
}

func (f *fakeNotifier) Close(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed++
	return nil
}

// setOnShow installs the callback that plays the person.
func (f *fakeNotifier) setOnShow(fn func(m notify.Message)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onShow = fn
}

// closedCount is how many times Close was called.
func (f *fakeNotifier) closedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

func (f *fakeNotifier) all() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sent(nil), f.sent...)
}

// fakeStore keeps state and history in memory.
type fakeStore struct {
	mu      sync.Mutex
	state   store.State
	saves   int
	history []scheduler.Event
	// failSave, when set, makes SaveState return its error, saving nothing.
	failSave func() error
	attempts int
	// gate, when set, holds every SaveState until the test receives from it.
	gate chan struct{}
}

var _ Store = (*fakeStore)(nil)

// setFail makes SaveState fail from now on, each time with a new message as the real store's
// (it names a temporary file), starting with msg; "" makes it work again.
func (f *fakeStore) setFail(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if msg == "" {
		f.failSave = nil
		return
	}
	n := 0
	f.failSave = func() error {
		n++
		if n == 1 {
			return errors.New(msg)
		}
		return fmt.Errorf("%s (attempt %d)", msg, n)
	}
}

// saveCount returns how many times SaveState was called, failed or not.
func (f *fakeStore) saveCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.attempts
}

func (f *fakeStore) LoadState() (store.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state, nil
}

func (f *fakeStore) SaveState(st store.State) error {
	if f.gate != nil {
		f.gate <- struct{}{}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts++
	if f.failSave != nil {
		return f.failSave()
	}
	f.state = st
	f.saves++
	return nil
}

func (f *fakeStore) Append(ev scheduler.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.history = append(f.history, ev)
	return nil
}

func (f *fakeStore) History(from, to time.Time) ([]scheduler.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []scheduler.Event
	for _, ev := range f.history {
		if !ev.At.Before(from) && ev.At.Before(to) {
			out = append(out, ev)
		}
	}
	return out, nil
}

// fakeIdle reports the idle time the test sets: idle since a time, or active.
var _ IdleSource = (*fakeIdle)(nil)

type fakeIdle struct {
	mu    sync.Mutex
	since time.Time // zero: active
}

func (f *fakeIdle) Name() string { return "fake" }

func (f *fakeIdle) Idle(ctx context.Context) (time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.since.IsZero() {
		return 0, nil
	}
	return time.Since(f.since), nil
}

func (f *fakeIdle) set(since time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.since = since
}

var errNoServer = errors.New("no notification server")

var _ DND = (*fakeDND)(nil)

// fakeDND is do-not-disturb switched by the test.
type fakeDND struct {
	mu   sync.Mutex
	on   bool
	full bool
}

func (f *fakeDND) Active(ctx context.Context) (bool, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.on && f.full, "fullscreen window", nil
}

// SetFullscreen plays [dnd] fullscreen: the fake's only reason to be busy is a fullscreen
// window.
func (f *fakeDND) SetFullscreen(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.full = on
}

func (f *fakeDND) set(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.on = on
}

// exactAlarm is alarm.Wall on the fake clock: it sleeps exactly as long as it is told, so
// tests see how rarely the loop wakes where the system has a wall-clock alarm (Linux).
type exactAlarm struct {
	t    *time.Timer
	mu   sync.Mutex
	sets int
}

var _ Alarm = (*exactAlarm)(nil)

func newExactAlarm() *exactAlarm {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &exactAlarm{t: t}
}

func (a *exactAlarm) C() <-chan time.Time { return a.t.C }

func (a *exactAlarm) Set(at time.Time) time.Time {
	a.mu.Lock()
	a.sets++
	a.mu.Unlock()
	a.t.Reset(max(time.Until(at), 0))
	return at
}

// wakes returns how many times the loop has set the alarm: once per wake.
func (a *exactAlarm) wakes() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sets
}
