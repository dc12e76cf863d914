package activity

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/screensaver"
	"github.com/jezek/xgb/xproto"
)

// xconn is one long-lived connection to an X server.
type xconn struct {
	c    *xgb.Conn
	root xproto.Window
	done chan struct{} // closed when the connection has ended
}

// dialX connects to display and starts draining the connection's event queue. We select no
// events, but an X error for a request sent unchecked would land there, and xgb stops reading
// replies once that queue is full.
func dialX(ctx context.Context, display string) (*xconn, error) {
	c, err := newXConn(ctx, display)
	if err != nil {
		return nil, err
	}
	x := &xconn{c: c, root: xproto.Setup(c).DefaultScreen(c).Root, done: make(chan struct{})}
	go func() {
		defer close(x.done)
		for {
			ev, err := c.WaitForEvent()
			if ev == nil && err == nil {
				return // connection closed
			}
		}
	}()
	return x, nil
}

// xDials holds the displays with a connection attempt still waiting for the server.
var xDials sync.Map

// newXConn is xgb.NewConnDisplay giving up after callTimeout or when ctx ends. xgb's
// handshake takes no deadline, and an X server (or anything listening on its socket) that
// accepts and never answers would hold it forever: it runs on a goroutine of its own, at
// most one per display at a time, which closes the connection should it come too late.
func newXConn(ctx context.Context, display string) (*xgb.Conn, error) {
	if _, waiting := xDials.LoadOrStore(display, struct{}{}); waiting {
		return nil, fmt.Errorf("connect to X display %s: an earlier attempt is still waiting for the server to answer", display)
	}
	type result struct {
		c   *xgb.Conn
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := xgb.NewConnDisplay(display)
		xDials.Delete(display)
		ch <- result{c, err}
	}()
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	select {
	case r := <-ch:
		if r.err != nil {
			return nil, fmt.Errorf("connect to X display %s: %w", display, r.err)
		}
		return r.c, nil
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		if err := context.Cause(ctx); !errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("connect to X display %s: %w", display, err)
		}
		return nil, fmt.Errorf("connect to X display %s: no answer within %v", display, callTimeout)
	}
}

// alive reports whether the connection is still open.
func (x *xconn) alive() bool {
	select {
	case <-x.done:
		return false
	default:
		return true
	}
}

// close closes the connection; safe to call more than once.
func (x *xconn) close() { x.c.Close() }

// xwait runs f, which sends X requests and waits for their replies, giving up after
// callTimeout or when ctx ends. xgb has no cancellation: a reply that never comes leaves f
// waiting until the connection closes.
func xwait[T any](ctx context.Context, f func() (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// x11Source reads the X server's idle counter through the MIT-SCREEN-SAVER extension
// (XScreenSaverQueryInfo's ms_since_user_input).
//
// It keeps one connection for its whole life and dials again only when the server has closed
// it: a connection per reading would cost a handshake a minute, and some X servers have been
// reported to count a new client as activity, which would reset the counter. (Measured on
// Debian 12's Xvfb 21.1, neither a new connection nor `xdotool getmouselocation` resets it;
// only input does, such as `xdotool mousemove`.)
type x11Source struct {
	display string
	mu      sync.Mutex
	x       *xconn
	closed  bool
}

var _ IdleSource = (*x11Source)(nil)

// newX11Source connects to display, checks that the extension is there, and reads the idle
// time once.
func newX11Source(ctx context.Context, display string) (*x11Source, error) {
	s := &x11Source{display: display}
	if _, err := s.Idle(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// connect returns the open connection, dialing when there is none or it has ended.
func (s *x11Source) connect(ctx context.Context) (*xconn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("display %s: idle source is closed", s.display)
	}
	if s.x != nil && s.x.alive() {
		return s.x, nil
	}
	if s.x != nil {
		s.x.close()
		s.x = nil
	}
	x, err := dialX(ctx, s.display)
	if err != nil {
		return nil, err
	}
	if err := screensaver.Init(x.c); err != nil {
		x.close()
		return nil, fmt.Errorf("display %s: MIT-SCREEN-SAVER extension: %w", s.display, err)
	}
	s.x = x
	return x, nil
}

func (s *x11Source) Name() string { return "x11" }

func (s *x11Source) Idle(ctx context.Context) (time.Duration, error) {
	x, err := s.connect(ctx)
	if err != nil {
		return 0, err
	}
	info, err := xwait(ctx, func() (*screensaver.QueryInfoReply, error) {
		return screensaver.QueryInfo(x.c, xproto.Drawable(x.root)).Reply()
	})
	if err != nil {
		return 0, fmt.Errorf("display %s: screensaver QueryInfo: %w", s.display, err)
	}
	if info == nil {
		return 0, fmt.Errorf("display %s: screensaver QueryInfo: %w", s.display, errors.New("connection closed"))
	}
	return time.Duration(info.MsSinceUserInput) * time.Millisecond, nil
}

// Release closes the connection until the next Idle: with the SYNC watcher in place the
// daemon never asks, and an open connection costs the idle daemon four goroutines.
func (s *x11Source) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.x != nil {
		s.x.close()
		s.x = nil
	}
}

var _ Releaser = (*x11Source)(nil)

func (s *x11Source) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.x != nil {
		s.x.close()
		s.x = nil
	}
	return nil
}
