//go:build unix

package control_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

// TestServeCapsConnections: a flood of idle connections is cut down to the cap by closing
// the oldest idle ones; a watch already under way stays, and a new request is answered at
// once (issue 15: 300 idle connections with 256 files made status take 10 s).
func TestServeCapsConnections(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	serve(t, path, &controltest.Fake{Snap: testSnapshot()})

	watch, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	io.WriteString(watch, `{"op":"watch"}`+"\n")
	wr := bufio.NewReader(watch)
	if _, err := wr.ReadString('\n'); err != nil {
		t.Fatalf("the watch's first snapshot: %v", err)
	}

	const flood = 200
	idle := make([]net.Conn, 0, flood)
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	for range flood {
		c, err := net.Dial("unix", path)
		if err != nil {
			t.Fatalf("connection %d: %v", len(idle)+1, err)
		}
		idle = append(idle, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := control.NewClient(path).Snapshot(ctx); err != nil {
		t.Fatalf("a request with %d idle connections open: %v", flood, err)
	}
	closed := 0
	for _, c := range idle {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); errors.Is(err, io.EOF) {
			closed++
		}
	}
	if closed < flood-64 {
		t.Errorf("%d of %d idle connections closed, want at least %d (at most 64 open at once)", closed, flood, flood-64)
	}
	watch.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if _, err := wr.ReadString('\n'); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the watch under way was cut off by the flood: %v", err)
	}
}
