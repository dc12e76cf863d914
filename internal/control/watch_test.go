//go:build unix

package control_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

// streamer is a controller whose Watch sends what the test puts on feed.
type streamer struct {
	controltest.Fake
	feed    chan api.Snapshot
	stopped chan struct{}
}

var _ api.Controller = (*streamer)(nil)

func (s *streamer) Watch(ctx context.Context) (<-chan api.Snapshot, error) {
	ch := make(chan api.Snapshot, 1)
	go func() {
		defer close(ch)
		defer close(s.stopped)
		for {
			select {
			case snap := <-s.feed:
				ch <- snap
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

func TestWatch(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	s := &streamer{feed: make(chan api.Snapshot), stopped: make(chan struct{})}
	log := serve(t, path, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := control.NewClient(path)
	go func() { s.feed <- api.Snapshot{TodayHours: "first"} }()
	snaps, err := c.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"first", "second", "third"} {
		if want != "first" {
			s.feed <- api.Snapshot{TodayHours: want}
		}
		select {
		case got := <-snaps:
			if got.TodayHours != want {
				t.Fatalf("got snapshot %q, want %q", got.TodayHours, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no snapshot %q", want)
		}
	}
	// The client ends the watch; the server lets go of the daemon's stream.
	cancel()
	select {
	case _, ok := <-snaps:
		if ok {
			t.Error("a snapshot after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel stayed open after cancel")
	}
	select {
	case <-s.stopped:
	case <-time.After(5 * time.Second):
		t.Fatalf("the server kept watching after the client left; log:\n%s", log)
	}
}

func TestWatchErrors(t *testing.T) {
	t.Parallel()
	if _, err := control.NewClient(filepath.Join(t.TempDir(), "none.sock")).Watch(t.Context()); !errors.Is(err, control.ErrNotRunning) {
		t.Errorf("watch with no daemon: %v, want ErrNotRunning", err)
	}
	path := filepath.Join(t.TempDir(), "control.sock")
	serve(t, path, &controltest.Fake{Refuse: map[api.Action]string{"watch": "not now"}})
	_, err := control.NewClient(path).Watch(t.Context())
	var refused *api.Refused
	if !errors.As(err, &refused) || refused.Msg != "not now" {
		t.Errorf("refused watch: %v, want the refusal", err)
	}
	// Args are refused like any op's.
	ans := control.ServeRequest(&controltest.Fake{}, []byte(`{"op":"watch","args":{"every":"1s"}}`+"\n"))
	if !strings.Contains(string(ans), `unknown field \"every\"`) || !strings.Contains(string(ans), "bad_request") {
		t.Errorf("watch with args: %s", ans)
	}
}

// TestWatchLinesInOneRead: snapshots that arrive back to back, in one read, are not lost:
// the first comes first and the newest last.
func TestWatchLinesInOneRead(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "control.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 100)
		conn.Read(buf)
		conn.Write([]byte(`{"ok":{"today_hours":"one"}}` + "\n" + `{"ok":{"today_hours":"two"}}` + "\n" + `{"ok":{"today_hours":"three"}}` + "\n"))
	}()
	ch, err := control.NewClient(path).Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for s := range ch {
		got = append(got, s.TodayHours)
	}
	if len(got) == 0 || got[0] != "one" || got[len(got)-1] != "three" {
		t.Errorf("got snapshots %q, want one first and three last", got)
	}
}
