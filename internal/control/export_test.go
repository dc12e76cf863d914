package control

import (
	"bytes"
	"context"
	"log/slog"
	"net"
)

// ServeRequest answers request, the bytes a client sent before closing its side, for c as
// Serve would, and returns the bytes answered: nil when none is due.
func ServeRequest(c Controller, request []byte) []byte {
	s := &server{c: c, log: slog.New(slog.DiscardHandler)}
	return s.exchange(context.Background(), bytes.NewReader(request))
}

// ServeConn serves the one request of conn for c as Serve would, and closes conn.
func ServeConn(ctx context.Context, conn net.Conn, c Controller) {
	s := &server{c: c, log: slog.New(slog.DiscardHandler)}
	s.serveConn(ctx, conn)
}
