package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// Timeouts of the server. The daemon answers in well under a millisecond; these only stop a
// stuck or hostile client from holding a connection.
const (
	readTimeout    = 10 * time.Second
	writeTimeout   = 30 * time.Second
	idleTimeout    = 60 * time.Second
	handlerTimeout = 15 * time.Second
	shutdownGrace  = 2 * time.Second
)

// route is one endpoint: its method and what it does with the request body.
type route struct {
	method string
	call   func(ctx context.Context, c Controller, body []byte) (any, error)
}

// action adapts a Controller method without parameters to a route.
func action(f func(Controller, context.Context) (daemon.Result, error)) route {
	return route{http.MethodPost, func(ctx context.Context, c Controller, body []byte) (any, error) {
		if err := decodeEmpty(body); err != nil {
			return nil, err
		}
		return f(c, ctx)
	}}
}

var routes = map[string]route{
	"/v1/snapshot": {http.MethodGet, func(ctx context.Context, c Controller, _ []byte) (any, error) {
		return c.Snapshot(ctx)
	}},
	"/v1/snooze": {http.MethodPost, func(ctx context.Context, c Controller, body []byte) (any, error) {
		d, err := decodeSnooze(body)
		if err != nil {
			return nil, err
		}
		return c.Snooze(ctx, d)
	}},
	"/v1/pause": {http.MethodPost, func(ctx context.Context, c Controller, body []byte) (any, error) {
		p, err := decodePause(body)
		if err != nil {
			return nil, err
		}
		return c.Pause(ctx, p)
	}},
	"/v1/skip":   action(Controller.Skip),
	"/v1/break":  action(Controller.StartBreak),
	"/v1/done":   action(Controller.Done),
	"/v1/resume": action(Controller.Resume),
	"/v1/reload": action(Controller.Reload),
}

// handler is the mux returned by NewHandler.
type handler struct {
	c   Controller
	log *slog.Logger
}

// NewHandler returns the control API for c as an http.Handler: JSON in and out, request
// bodies bounded by MaxBodyBytes, {"error": "..."} with a 4xx status for unknown routes, bad
// methods and bad bodies, 409 for a *daemon.RefusedError, 503 when c does not answer in time
// and 500 for any other error of c. log may be nil.
func NewHandler(c Controller, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &handler{c: c, log: log}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	code := h.serve(w, r)
	h.log.Debug("control request", "method", r.Method, "path", r.URL.Path, "status", code,
		"took", time.Since(start).Round(time.Microsecond))
}

// serve answers r and returns the status code it sent.
func (h *handler) serve(w http.ResponseWriter, r *http.Request) int {
	rt, ok := routes[r.URL.Path]
	if !ok {
		return writeError(w, http.StatusNotFound, fmt.Sprintf("no such route: %s %s; the routes are %s", r.Method, r.URL.Path, describeRoutes()))
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		return writeError(w, http.StatusMethodNotAllowed,
			fmt.Sprintf("method %s not allowed on %s: use %s", r.Method, r.URL.Path, rt.method))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return writeError(w, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body too large: the limit is %d bytes", tooBig.Limit))
		}
		return writeError(w, http.StatusBadRequest, fmt.Sprintf("read request body: %v", err))
	}
	ctx, cancel := context.WithTimeout(r.Context(), handlerTimeout)
	defer cancel()
	v, err := rt.call(ctx, h.c, body)
	if err != nil {
		var refused *daemon.RefusedError
		var bad *badRequestError
		switch {
		case errors.As(err, &refused):
			return writeError(w, http.StatusConflict, refused.Msg)
		case errors.As(err, &bad):
			return writeError(w, http.StatusBadRequest, bad.msg)
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			h.log.Warn("control request not answered", "path", r.URL.Path, "err", err)
			return writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("the daemon did not answer: %v", err))
		default:
			h.log.Error("control request failed", "path", r.URL.Path, "err", err)
			return writeError(w, http.StatusInternalServerError, err.Error())
		}
	}
	return writeJSON(w, http.StatusOK, v)
}

func writeError(w http.ResponseWriter, code int, msg string) int {
	return writeJSON(w, code, errorBody{Error: msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) int {
	data, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		data, _ = json.Marshal(errorBody{Error: fmt.Sprintf("encode answer: %v", err)})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(data, '\n'))
	return code
}

// Routes returns the API's routes as "METHOD /path", sorted, for documentation and tests.
func Routes() []string {
	out := make([]string, 0, len(routes))
	for p, rt := range routes {
		out = append(out, rt.method+" "+p)
	}
	sort.Strings(out)
	return out
}

// Serve answers control requests for c on l until ctx is done, then shuts the server down
// (waiting briefly for requests in flight), closes l and returns nil. It returns an error
// only when l fails. On Linux, connections from any user but this process's are closed
// unanswered and logged. Request contexts derive from ctx. log may be nil.
func Serve(ctx context.Context, l net.Listener, c Controller, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           NewHandler(c, log),
		ReadHeaderTimeout: readTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	addr := l.Addr().String()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(&peerListener{Listener: l, uid: os.Getuid(), log: log}) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve control socket %s: %w", addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve control socket %s: %w", addr, err)
	}
	return nil
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

// describeRoutes lists the routes for error messages.
func describeRoutes() string { return strings.Join(Routes(), ", ") }
