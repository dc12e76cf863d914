package alarm

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Wall is an alarm on a timerfd of CLOCK_REALTIME.
type Wall struct {
	fd int
	f  *os.File
	c  chan time.Time

	mu     sync.Mutex // guards closed
	closed bool
}

// New returns an alarm on a timerfd, or an error naming the system call that failed.
func New() (*Wall, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_REALTIME, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("alarm: timerfd_create(CLOCK_REALTIME): %w", err)
	}
	// A non-blocking descriptor makes os.File read it through the runtime's poller: a
	// goroutine waiting on it holds no thread.
	a := &Wall{fd: fd, f: os.NewFile(uintptr(fd), "timerfd"), c: make(chan time.Time, 1)}
	go a.read()
	return a, nil
}

// C delivers the time when the alarm goes off, or when the wall clock was set.
func (a *Wall) C() <-chan time.Time { return a.c }

// Set arms the alarm for at (at once when at has passed), replacing any earlier setting and
// dropping a time already delivered but not yet received. It returns at.
func (a *Wall) Set(at time.Time) time.Time {
	select {
	case <-a.c:
	default:
	}
	// An absolute time of zero would disarm the timer; any time in the past goes off now.
	ns := max(at.UnixNano(), 1)
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(ns)}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return at
	}
	if err := unix.TimerfdSettime(a.fd, unix.TFD_TIMER_ABSTIME|unix.TFD_TIMER_CANCEL_ON_SET, &spec, nil); err != nil {
		// Only a bad descriptor or a bad time make timerfd_settime fail; neither can happen
		// here. Go off at once rather than never.
		a.send()
	}
	return at
}

// Close disarms the alarm and releases its descriptor.
func (a *Wall) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	return a.f.Close()
}

// read delivers each expiry, and each setting of the clock (ECANCELED), until Close.
func (a *Wall) read() {
	var buf [8]byte
	for {
		_, err := a.f.Read(buf[:])
		if errors.Is(err, os.ErrClosed) {
			return
		}
		a.send()
		if err != nil && !errors.Is(err, unix.ECANCELED) {
			// Not expected (the poller waits out EAGAIN); an error that repeats at once must
			// not spin, so go off no more than a Timer would.
			time.Sleep(MaxTimerSleep)
		}
	}
}

func (a *Wall) send() {
	select {
	case a.c <- time.Now():
	default:
	}
}
