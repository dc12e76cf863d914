package control_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

// peerHelperEnv makes the test binary act as a control client of the socket it names:
// TestPeerHelper then prints the outcome of one Snapshot call.
const peerHelperEnv = "DESKBREAK_TEST_PEER_SOCKET"

func TestPeerHelper(t *testing.T) {
	path := os.Getenv(peerHelperEnv)
	if path == "" {
		t.Skip("only run as a child of TestSocketRefusesOtherUser")
	}
	_, err := control.NewClient(path).Snapshot(context.Background())
	fmt.Printf("uid %d: result: %v\n", os.Getuid(), err)
}

func TestSocketRefusesOtherUser(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("connecting as another user needs root")
	}
	// A directory everyone may enter, holding a copy of this test binary and the socket
	// opened to everyone: only the peer check stands between another user and the daemon.
	dir, err := os.MkdirTemp("", "deskbreak-peer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "control.test")
	src, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "control.sock")
	f := &controltest.Fake{}
	logs := serve(t, path, f)
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	run := func(uid uint32) string {
		cmd := exec.Command(bin, "-test.run=^TestPeerHelper$", "-test.v")
		cmd.Env = append(os.Environ(), peerHelperEnv+"="+path)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("helper as uid %d: %v\n%s", uid, err, out)
		}
		return string(out)
	}
	// The same user gets in: the helper itself works.
	if out := run(0); !strings.Contains(out, "uid 0: result: <nil>") {
		t.Fatalf("helper as root: %s", out)
	}
	if n := len(f.Calls()); n != 1 {
		t.Fatalf("the controller got %d calls from the root helper, want 1", n)
	}
	out := run(65534)
	if !strings.Contains(out, "uid 65534: result: ") || !strings.Contains(out, "closed the connection without answering") {
		t.Errorf("helper as uid 65534: want a closed connection, got: %s", out)
	}
	if n := len(f.Calls()); n != 1 {
		t.Errorf("the controller was called for another user: %d calls", n)
	}
	if l := logs.String(); !strings.Contains(l, "control connection refused") || !strings.Contains(l, "peer uid 65534") {
		t.Errorf("the refusal was not logged: %s", l)
	}
	t.Logf("another user saw: %s", strings.TrimSpace(lastLine(out, "result:")))
}

func lastLine(s, has string) string {
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], has) {
			return lines[i]
		}
	}
	return ""
}
