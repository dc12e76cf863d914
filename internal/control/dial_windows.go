package control

import (
	"context"
	"net"

	"github.com/Microsoft/go-winio"
)

// dial connects to the daemon's named pipe at path (\\.\pipe\...). While every instance of
// the pipe is busy it retries until ctx is done.
func dial(ctx context.Context, path string) (net.Conn, error) {
	return winio.DialPipeContext(ctx, path)
}
