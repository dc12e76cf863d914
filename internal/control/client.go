package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
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
	http *http.Client
}

var _ Controller = (*Client)(nil)

// NewClient returns a client of the daemon listening on socketPath. It connects lazily, on
// each call.
func NewClient(socketPath string) *Client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socketPath)
		},
		MaxIdleConns:          1,
		IdleConnTimeout:       idleTimeout / 2,
		ResponseHeaderTimeout: clientTimeout,
		DisableCompression:    true,
	}
	return &Client{path: socketPath, http: &http.Client{Transport: tr, Timeout: clientTimeout}}
}

// SocketPath returns the socket the client talks to.
func (c *Client) SocketPath() string { return c.path }

// Close closes idle connections. The client stays usable.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Snapshot asks for the daemon's current picture.
func (c *Client) Snapshot(ctx context.Context) (daemon.Snapshot, error) {
	var s daemon.Snapshot
	err := c.do(ctx, http.MethodGet, "/v1/snapshot", nil, &s)
	return s, err
}

// Snooze asks the daemon to snooze the due break for d (0: the first configured choice).
func (c *Client) Snooze(ctx context.Context, d time.Duration) (daemon.Result, error) {
	return c.act(ctx, "/v1/snooze", encodeSnooze(d))
}

// Skip asks the daemon to skip the due break.
func (c *Client) Skip(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "/v1/skip", nil)
}

// StartBreak asks the daemon to start a break now.
func (c *Client) StartBreak(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "/v1/break", nil)
}

// Done asks the daemon to end the running break.
func (c *Client) Done(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "/v1/done", nil)
}

// Pause asks the daemon to pause reminders as p says.
func (c *Client) Pause(ctx context.Context, p daemon.PauseRequest) (daemon.Result, error) {
	return c.act(ctx, "/v1/pause", encodePause(p))
}

// Resume asks the daemon to end a pause.
func (c *Client) Resume(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "/v1/resume", nil)
}

// Reload asks the daemon to reread its config.
func (c *Client) Reload(ctx context.Context) (daemon.Result, error) {
	return c.act(ctx, "/v1/reload", nil)
}

func (c *Client) act(ctx context.Context, route string, body any) (daemon.Result, error) {
	var r daemon.Result
	err := c.do(ctx, http.MethodPost, route, body, &r)
	return r, err
}

// do sends one request and decodes a 200 answer into out.
func (c *Client) do(ctx context.Context, method, route string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("control %s: encode request: %w", route, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://deskbreak"+route, rd)
	if err != nil {
		return fmt.Errorf("control %s: %w", route, err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" && isNotRunning(op.Err) {
			return fmt.Errorf("%w: nobody answers on %s", ErrNotRunning, c.path)
		}
		// Connected, then no answer: the peer check closed the connection (EOF, ECONNRESET,
		// EPIPE or net/http's "server closed idle connection", depending on timing).
		var ne net.Error
		if ctx.Err() == nil && !(errors.As(err, &ne) && ne.Timeout()) {
			return fmt.Errorf("control %s: the daemon on %s closed the connection without answering (it answers only the user it runs as, and not while it stops): %w", route, c.path, err)
		}
		return fmt.Errorf("control %s on %s: %w", route, c.path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return fmt.Errorf("control %s: read answer: %w", route, err)
	}
	if resp.StatusCode != http.StatusOK {
		var eb errorBody
		if json.Unmarshal(data, &eb) != nil || eb.Error == "" {
			eb.Error = fmt.Sprintf("%q", bytes.TrimSpace(data))
		}
		if resp.StatusCode == http.StatusConflict {
			return &daemon.RefusedError{Msg: eb.Error}
		}
		return fmt.Errorf("control %s: the daemon answered %s: %s", route, resp.Status, eb.Error)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("control %s: decode answer: %w", route, err)
	}
	return nil
}
