//go:build unix

package control

import (
	"context"
	"net"
)

// dial connects to the daemon's control socket at path.
func dial(ctx context.Context, path string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "unix", path)
}
