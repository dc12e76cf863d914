package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// Timeouts of the server. The daemon answers in well under a millisecond; these only stop a
// stuck or hostile client from holding a connection.
const (
	readTimeout    = 10 * time.Second
	writeTimeout   = 30 * time.Second
	handlerTimeout = 15 * time.Second
	shutdownGrace  = 2 * time.Second
)

// The ops that are not api.Actions: the snapshot, and a stream of them.
const (
	opSnapshot = "snapshot"
	opWatch    = "watch"
)

// run carries out op with its raw args.
func run(ctx context.Context, c api.Controller, op string, args []byte) (any, error) {
	if op == opSnapshot {
		if err := decodeEmpty(args); err != nil {
			return nil, err
		}
		return c.Snapshot(ctx)
	}
	r, err := decodeRequest(api.Action(op), args)
	if err != nil {
		return nil, err
	}
	return c.Act(ctx, r)
}

// knownOp reports whether op is one of Ops.
func knownOp(op string) bool { return op == opSnapshot || op == opWatch || api.Action(op).Valid() }

// Ops returns the names of the protocol's ops, sorted, for documentation and tests.
func Ops() []string {
	out := []string{opSnapshot, opWatch}
	for _, a := range api.Actions {
		out = append(out, string(a))
	}
	sort.Strings(out)
	return out
}

// describeOps lists the ops for error messages.
func describeOps() string { return strings.Join(Ops(), ", ") }

// server answers requests for an api.Controller.
type server struct {
	c   api.Controller
	log *slog.Logger
}

// Serve answers control requests for c on l until ctx is done, then waits briefly for the
// requests being answered (cutting off connections still sending theirs), closes l (which
// removes the socket) and returns nil. It returns an error only when l fails. Each
// connection is served on its own goroutine. On Linux, connections from any user but this
// process's are closed unanswered and logged. Request contexts derive from ctx. log may be
// nil.
func Serve(ctx context.Context, l net.Listener, c api.Controller, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{c: c, log: log}
	addr := l.Addr().String()
	pl := &peerListener{Listener: l, uid: os.Getuid(), log: log}

	var (
		mu    sync.Mutex
		conns = map[net.Conn]*connInfo{}
		seq   uint64
		wg    sync.WaitGroup
	)
	limit := connCap()
	capLogged := false
	stopAccept := context.AfterFunc(ctx, func() { l.Close() })
	defer stopAccept()
	var serveErr error
	var delay time.Duration
	for {
		conn, err := pl.Accept()
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if isTemporary(err) {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				log.Warn("control socket accept failed; retrying", "err", err, "in", delay)
				select {
				case <-time.After(delay):
				case <-ctx.Done():
				}
				continue
			}
			serveErr = fmt.Errorf("serve control socket %s: %w", addr, err)
			break
		}
		delay = 0
		mu.Lock()
		if len(conns) >= limit {
			// At the cap, the oldest connection still waiting for its request goes (or the
			// oldest of all, when every one is a watch): answers take well under a
			// millisecond, so it is one that holds the socket open for nothing (a flood of
			// idle connections), and every file descriptor it frees is one the daemon
			// keeps for its own files.
			var oldest net.Conn
			for c, ci := range conns {
				if oldest == nil {
					oldest = c
					continue
				}
				o := conns[oldest]
				if oa, ca := o.asked.Load(), ci.asked.Load(); oa && !ca || oa == ca && ci.seq < o.seq {
					oldest = c
				}
			}
			delete(conns, oldest)
			oldest.Close()
			if !capLogged {
				capLogged = true
				log.Warn("too many control connections at once; closing the oldest", "limit", limit)
			}
		}
		seq++
		ci := &connInfo{seq: seq}
		conns[conn] = ci
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.serveConn(ctx, conn, func() { ci.asked.Store(true) })
			mu.Lock()
			delete(conns, conn)
			mu.Unlock()
		}()
	}
	l.Close() // closed already when ctx is done; the error says no more

	// Connections still sending their request are cut off now (they are answered that the
	// daemon is stopping); those being answered get shutdownGrace, then are closed.
	mu.Lock()
	for conn := range conns {
		conn.SetReadDeadline(time.Now())
	}
	mu.Unlock()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	grace := time.NewTimer(shutdownGrace)
	defer grace.Stop()
	select {
	case <-done:
	case <-grace.C:
		mu.Lock()
		for conn := range conns {
			conn.Close()
		}
		mu.Unlock()
		<-done
	}
	return serveErr
}

// connInfo is what Serve knows of one connection: its place in the order of arrival, and
// whether its request has come.
type connInfo struct {
	seq   uint64
	asked atomic.Bool
}

// maxConns caps the control connections open at once, far below any file limit: the CLI
// and the tray make one at a time.
const maxConns = 64

// connCap returns how many control connections may be open at once: maxConns, or an eighth
// of the process's file limit when that is lower, so that a flood of connections never
// takes the descriptors the daemon needs for its own files (state, history, D-Bus, X).
func connCap() int {
	if n := fileLimit(); n > 0 {
		return max(4, min(maxConns, n/8))
	}
	return maxConns
}

// isTemporary reports whether an Accept error may go away by itself (too many open files).
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// serveConn answers the one request of conn and closes it; a watch request is answered
// with a line per snapshot until the client closes its side or ctx is done. It calls asked
// once the request is read and answered (or the watch begins).
func (s *server) serveConn(ctx context.Context, conn net.Conn, asked func()) {
	defer conn.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn.SetReadDeadline(time.Now().Add(readTimeout))
	if ctx.Err() != nil {
		conn.SetReadDeadline(time.Now())
	}
	ans, stream := s.exchange(ctx, conn)
	asked()
	if stream != nil {
		s.watch(ctx, cancel, conn, stream)
		return
	}
	if ans == nil {
		return
	}
	conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := conn.Write(ans); err != nil {
		s.log.Debug("control answer not delivered", "err", err)
	}
}

// watch writes every snapshot of stream to conn, one answer line each, until stream closes
// (ctx is done) or a write fails. The client ends the watch by closing its side; whatever it
// sends meanwhile is ignored.
func (s *server) watch(ctx context.Context, cancel context.CancelFunc, conn net.Conn, stream <-chan api.Snapshot) {
	conn.SetReadDeadline(time.Time{})
	go func() {
		_, _ = io.Copy(io.Discard, conn) // ends when the client closes or conn is closed
		cancel()
	}()
	stop := context.AfterFunc(ctx, func() { conn.SetWriteDeadline(time.Now()) })
	defer stop()
	n := 0
	for snap := range stream {
		data, err := json.Marshal(answer{OK: snap})
		if err != nil {
			s.log.Error("control watch: snapshot not encoded", "err", err)
			return
		}
		conn.SetWriteDeadline(time.Now().Add(writeTimeout))
		if _, err := conn.Write(append(data, '\n')); err != nil {
			s.log.Debug("control watch ended", "snapshots", n, "err", err)
			return
		}
		n++
	}
	s.log.Debug("control watch ended", "snapshots", n)
}

// exchange reads one request from r and returns the answer line to send, or nil when r
// ended before sending anything; for a watch request, the stream of snapshots to send
// instead. It logs the request.
func (s *server) exchange(ctx context.Context, r io.Reader) ([]byte, <-chan api.Snapshot) {
	line, err := readLine(r, MaxBodyBytes)
	start := time.Now()
	var ans []byte
	var stream <-chan api.Snapshot
	op, outcome := "", ""
	switch {
	case errors.Is(err, errLineTooLong):
		ans, outcome = errorAnswer(kindBadRequest, fmt.Sprintf("request too large: the limit is %d bytes, one line of JSON", MaxBodyBytes))
	case errors.Is(err, io.EOF) && len(line) == 0:
		s.log.Debug("control connection closed without a request")
		return nil, nil
	case err != nil && !errors.Is(err, io.EOF):
		if ctx.Err() != nil {
			ans, outcome = errorAnswer(kindUnavailable, "the daemon is stopping")
			break
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			ans, outcome = errorAnswer(kindBadRequest, fmt.Sprintf("read request: no complete line within %v (got %d bytes); end the request with a newline", readTimeout, len(line)))
			break
		}
		ans, outcome = errorAnswer(kindBadRequest, fmt.Sprintf("read request: %v", err))
	default: // a line, or what came before the client closed its side
		ans, stream, op, outcome = s.handle(ctx, line)
	}
	s.log.Debug("control request", "op", op, "outcome", outcome, "took", time.Since(start).Round(time.Microsecond))
	return ans, stream
}

// handle answers one request line. It returns the answer (or, for watch, the stream of
// snapshots), the op (for the log, "" when the request named none) and the outcome: "ok" or
// the error's kind.
func (s *server) handle(ctx context.Context, line []byte) (ans []byte, stream <-chan api.Snapshot, op, outcome string) {
	var req request
	if err := decodeJSON("request", line, &req); err != nil {
		ans, outcome = errorAnswer(kindBadRequest, err.Error())
		return ans, nil, "", outcome
	}
	if !knownOp(req.Op) {
		msg := fmt.Sprintf("unknown op %q; the ops are %s", req.Op, describeOps())
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			msg = fmt.Sprintf(`empty request: send one line of JSON such as {"op":"snapshot"}; the ops are %s`, describeOps())
		case req.Op == "":
			msg = fmt.Sprintf(`bad request: no "op"; the ops are %s`, describeOps())
		}
		ans, outcome = errorAnswer(kindBadRequest, msg)
		return ans, nil, logOp(req.Op), outcome
	}
	op = req.Op
	var v any
	var err error
	if op == opWatch {
		if err = decodeEmpty(req.Args); err == nil {
			stream, err = s.c.Watch(ctx)
		}
		if err == nil {
			return nil, stream, op, "ok"
		}
	} else {
		hctx, cancel := context.WithTimeout(ctx, handlerTimeout)
		defer cancel()
		v, err = run(hctx, s.c, req.Op, req.Args)
	}
	if err != nil {
		var refused *api.Refused
		var notSaved *api.NotSaved
		var bad *badRequestError
		switch {
		case errors.As(err, &refused):
			ans, outcome = errorAnswer(kindRefused, refused.Msg)
		case errors.As(err, &notSaved):
			s.log.Warn("control request done but not saved", "op", op, "err", err)
			ans, outcome = errorAnswer(kindNotSaved, notSaved.Msg)
		case errors.As(err, &bad):
			ans, outcome = errorAnswer(kindBadRequest, bad.msg)
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			s.log.Warn("control request not answered", "op", op, "err", err)
			ans, outcome = errorAnswer(kindUnavailable, fmt.Sprintf("the daemon did not answer: %v", err))
		default:
			s.log.Error("control request failed", "op", op, "err", err)
			ans, outcome = errorAnswer(kindInternal, err.Error())
		}
		return ans, nil, op, outcome
	}
	data, err := json.Marshal(answer{OK: v})
	if err != nil {
		s.log.Error("control answer not encoded", "op", op, "err", err)
		ans, outcome = errorAnswer(kindInternal, fmt.Sprintf("encode answer: %v", err))
		return ans, nil, op, outcome
	}
	return append(data, '\n'), nil, op, "ok"
}

// errorAnswer returns the answer line of an error and its kind.
func errorAnswer(kind, msg string) ([]byte, string) {
	if msg == "" {
		msg = kind
	}
	data, err := json.Marshal(answer{Error: msg, Kind: kind})
	if err != nil { // a struct of two strings always encodes; this is a guard, not a path
		data = []byte(`{"error":"encode error answer","kind":"internal"}`)
	}
	return append(data, '\n'), kind
}

// logOp shortens an unknown op for the log.
func logOp(op string) string {
	const max = 40
	if len(op) > max {
		return op[:max] + "..."
	}
	return op
}

// errLineTooLong is readLine's error for a line over its limit.
var errLineTooLong = errors.New("line too long")

// readLine reads from r up to the first newline and returns what came before it. When r
// ends (io.EOF) or fails first, it returns what it read with that error; when more than
// limit bytes come without a newline, errLineTooLong. What follows the newline, in the
// same read, is dropped.
func readLine(r io.Reader, limit int) ([]byte, error) {
	buf := make([]byte, 0, min(512, limit+1))
	for {
		if len(buf) == cap(buf) {
			if len(buf) > limit {
				return buf, errLineTooLong
			}
			grown := make([]byte, len(buf), min(2*cap(buf), limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		if i := bytes.IndexByte(buf[len(buf):len(buf)+n], '\n'); i >= 0 {
			if len(buf)+i > limit {
				return buf[:len(buf)+i], errLineTooLong
			}
			return buf[:len(buf)+i], nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return buf, errLineTooLong
		}
		if err != nil {
			return buf, err
		}
	}
}

// peerListener closes, unanswered, connections whose peer is another user.
type peerListener struct {
	net.Listener
	uid int
	log *slog.Logger
}

func (l *peerListener) Accept() (net.Conn, error) {
	for {
		conn, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if err := checkPeer(conn, l.uid); err != nil {
			l.log.Warn("control connection refused", "err", err)
			conn.Close()
			continue
		}
		return conn, nil
	}
}
