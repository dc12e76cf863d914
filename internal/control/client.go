package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// clientTimeout bounds one request from dial to the end of the answer.
const clientTimeout = 20 * time.Second

// maxAnswerBytes bounds an answer the client reads.
const maxAnswerBytes = 1 << 20

// Client talks to the daemon over its control socket. It implements Controller: an action
// the daemon refuses returns a *daemon.RefusedError, and when no daemon listens every
// method returns an error matching ErrNotRunning. A Client is safe for concurrent use.
type Client struct {
	path string
}

var _ Controller = (*Client)(nil)

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
func (c *Client) Snapshot(ctx context.Context) (daemon.Snapshot, error) {
	var s daemon.Snapshot
	err := c.do(ctx, "snapshot", nil, &s)
	return s, err
}

// Snooze asks the daemon to snooze the due break for d (0: the first configured choice).
func (c *Client) Snooze(ctx context.Context, d time.Duration) (daemon.Result, error) {
	return c.act(ctx, "snooze", encodeSnooze(d))
}

// Skip asks the daemon to skip the due break.
func (c *Client) Skip(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "skip", nil)
}

// StartBreak asks the daemon to start a break now.
func (c *Client) StartBreak(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "break", nil)
}

// Done asks the daemon to end the running break.
func (c *Client) Done(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "done", nil)
}

// Pause asks the daemon to pause reminders as p says.
func (c *Client) Pause(ctx context.Context, p daemon.PauseRequest) (daemon.Result, error) {
	return c.act(ctx, "pause", encodePause(p))
}

// Resume asks the daemon to end a pause.
func (c *Client) Resume(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "resume", nil)
}

// Reload asks the daemon to reread its config.
func (c *Client) Reload(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "reload", nil)
}

func (c *Client) act(ctx context.Context, op string, args any) (daemon.Result, error) {
	var r daemon.Result
	err := c.do(ctx, op, args, &r)
	return r, err
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
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", c.path)
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
		if a.Kind == kindRefused {
			return &daemon.RefusedError{Msg: a.Error}
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
