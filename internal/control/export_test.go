package control

import (
	"bytes"
	"context"
	"log/slog"
	"net"

	"github.com/deskbreak/deskbreak/internal/api"
)

// ServeRequest answers request, the bytes a client sent before closing its side, for c as
// Serve would, and returns the bytes answered: nil when none is due.
func ServeRequest(c api.Controller, request []byte) []byte {
	s := &server{c: c, log: slog.New(slog.DiscardHandler)}
	ans, _ := s.exchange(context.Background(), bytes.NewReader(request))
	return ans
}

// ServeConn serves the one request of conn for c as Serve would, and closes conn.
func ServeConn(ctx context.Context, conn net.Conn, c api.Controller) {
	s := &server{c: c, log: slog.New(slog.DiscardHandler)}
	s.serveConn(ctx, conn, func() {})
}
