package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// clientTimeout bounds one request from dial to the end of the answer.
const clientTimeout = 20 * time.Second

// maxAnswerBytes bounds an answer the client reads.
const maxAnswerBytes = 1 << 20

// Client talks to the daemon over its control socket. It implements api.Controller: an
// action the daemon refuses returns an *api.Refused, one it could not save an *api.NotSaved, and when no daemon listens every
// method returns an error matching ErrNotRunning. A Client is safe for concurrent use.
type Client struct {
	path string
}

var _ api.Controller = (*Client)(nil)

// NewClient returns a client of the daemon listening on socketPath. It connects lazily, on
// each call.
func NewClient(socketPath string) *Client {
	return &Client{path: socketPath}
}

// SocketPath returns the socket the client talks to.
func (c *Client) SocketPath() string { return c.path }

// Close releases the client's resources. Each call uses a connection of its own, closed
// when the call returns, so there is nothing left to release; the client stays usable.
func (c *Client) Close() {}

// Snapshot asks for the daemon's current picture.
func (c *Client) Snapshot(ctx context.Context) (api.Snapshot, error) {
	var s api.Snapshot
	err := c.do(ctx, opSnapshot, nil, &s)
	return s, err
}

// Act asks the daemon to carry out r. A request out of bounds is refused here, with the
// daemon's own message, without a round trip.
func (c *Client) Act(ctx context.Context, r api.Request) (api.Result, error) {
	if err := r.Check(); err != nil {
		return api.Result{}, err
	}
	var args any
	switch r.Action {
	case api.Snooze:
		args = encodeSnooze(r.Snooze)
	case api.Pause:
		args = encodePause(r.Pause)
	case api.Break:
		if r.Exercise != "" {
			args = breakBody{Exercise: r.Exercise}
		}
	}
	var res api.Result
	err := c.do(ctx, string(r.Action), args, &res)
	return res, err
}

// aLongTimeAgo is a deadline in the past: setting it makes blocked reads and writes return.
var aLongTimeAgo = time.Unix(1, 0)

// do sends one request and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, op string, args, out any) error {
	req := request{Op: op}
	if args != nil {
		data, err := json.Marshal(args)
		if err != nil {
			return fmt.Errorf("control %s: encode request: %w", op, err)
		}
		req.Args = data
	}
	line, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("control %s: encode request: %w", op, err)
	}
	ctx, cancel := context.WithTimeout(ctx, clientTimeout)
	defer cancel()
	conn, err := dial(ctx, c.path)
	if err != nil {
		if isNotRunning(err) {
			return fmt.Errorf("%w: nobody answers on %s", ErrNotRunning, c.path)
		}
		return fmt.Errorf("control %s on %s: %w", op, c.path, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(aLongTimeAgo) })
	defer stop()

	// A write error is not the end: the daemon may have answered before it stopped reading
	// (a request it found too large), so the answer decides.
	_, werr := conn.Write(append(line, '\n'))
	data, rerr := readLine(conn, maxAnswerBytes)
	switch {
	case errors.Is(rerr, errLineTooLong):
		return fmt.Errorf("control %s on %s: the answer is larger than %d bytes", op, c.path, maxAnswerBytes)
	case rerr != nil && (len(data) == 0 || !errors.Is(rerr, io.EOF)):
		if ctx.Err() != nil {
			return fmt.Errorf("control %s on %s: no answer: %w", op, c.path, ctx.Err())
		}
		var ne net.Error
		if errors.As(rerr, &ne) && ne.Timeout() {
			return fmt.Errorf("control %s on %s: no answer: %w", op, c.path, rerr)
		}
		if len(data) == 0 {
			// Connected, then no answer: the peer check closed the connection (EOF,
			// ECONNRESET or EPIPE, depending on timing), or the daemon is stopping.
			err := rerr
			if werr != nil {
				err = werr
			}
			return fmt.Errorf("control %s: the daemon on %s closed the connection without answering (it answers only the user it runs as, and not while it stops): %w", op, c.path, err)
		}
		return fmt.Errorf("control %s on %s: read answer: %w", op, c.path, rerr)
	}
	var a clientAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		return fmt.Errorf("control %s on %s: bad answer %.200q: %w", op, c.path, data, err)
	}
	if a.Error != "" || a.Kind != "" {
		switch a.Kind {
		case kindRefused:
			return &api.Refused{Msg: a.Error}
		case kindNotSaved:
			return &api.NotSaved{Msg: a.Error}
		}
		return fmt.Errorf("control %s on %s: the daemon answered %s: %s", op, c.path, a.Kind, a.Error)
	}
	if len(a.OK) == 0 {
		return fmt.Errorf("control %s on %s: bad answer %.200q: neither ok nor error", op, c.path, data)
	}
	if err := json.Unmarshal(a.OK, out); err != nil {
		return fmt.Errorf("control %s on %s: decode answer: %w", op, c.path, err)
	}
	return nil
}

// Watch asks the daemon for its snapshot at once and then on every change, over a
// connection of its own held open until ctx is done. The channel is buffered(1) and keeps
// only the newest snapshot; it is closed when ctx is done, the daemon stops or the
// connection fails. The error is for the first answer only (not running, refused, ...).
func (c *Client) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	dctx, cancel := context.WithTimeout(ctx, clientTimeout)
	defer cancel()
	conn, err := dial(dctx, c.path)
	if err != nil {
		if isNotRunning(err) {
			return nil, fmt.Errorf("%w: nobody answers on %s", ErrNotRunning, c.path)
		}
		return nil, fmt.Errorf("control %s on %s: %w", opWatch, c.path, err)
	}
	conn.SetDeadline(time.Now().Add(clientTimeout))
	if _, err := conn.Write([]byte(`{"op":"` + opWatch + `"}` + "\n")); err != nil {
		conn.Close()
		return nil, fmt.Errorf("control %s on %s: send request: %w", opWatch, c.path, err)
	}
	lines := bufio.NewScanner(conn)
	lines.Buffer(make([]byte, 0, 16<<10), maxAnswerBytes)
	next := func() (api.Snapshot, error) {
		var s api.Snapshot
		if !lines.Scan() {
			err := lines.Err()
			if err == nil {
				err = io.EOF
			}
			return s, err
		}
		var a clientAnswer
		if err := json.Unmarshal(lines.Bytes(), &a); err != nil {
			return s, fmt.Errorf("control %s on %s: bad answer %.200q: %w", opWatch, c.path, lines.Bytes(), err)
		}
		if a.Error != "" || a.Kind != "" {
			if a.Kind == kindRefused {
				return s, &api.Refused{Msg: a.Error}
			}
			return s, fmt.Errorf("control %s on %s: the daemon answered %s: %s", opWatch, c.path, a.Kind, a.Error)
		}
		if err := json.Unmarshal(a.OK, &s); err != nil {
			return s, fmt.Errorf("control %s on %s: decode answer: %w", opWatch, c.path, err)
		}
		return s, nil
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(aLongTimeAgo) })
	first, err := next()
	if err != nil {
		stop()
		conn.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("control %s on %s: no answer: %w", opWatch, c.path, ctx.Err())
		}
		return nil, err
	}
	conn.SetDeadline(time.Time{}) // snapshots come when things change, which may be hours
	if ctx.Err() != nil {
		conn.SetDeadline(aLongTimeAgo)
	}
	ch := make(chan api.Snapshot, 1)
	ch <- first
	go func() {
		defer close(ch)
		defer stop()
		defer conn.Close()
		for {
			s, err := next()
			if err != nil {
				return
			}
			select { // keep only the newest
			case <-ch:
			default:
			}
			ch <- s
		}
	}()
	return ch, nil
}
