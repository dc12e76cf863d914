package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLockTwiceInOneProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", LockFile)
	release, err := Lock(path, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(path, "")
	var are *AlreadyRunningError
	if !errors.As(err, &are) || are.PID != os.Getpid() {
		t.Fatalf("second Lock: got %v, want *AlreadyRunningError with our pid %d", err, os.Getpid())
	}
	if want := "already running (pid " + strconv.Itoa(os.Getpid()) + ")"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := release(); err == nil {
		t.Error("a second release succeeded")
	}
	release2, err := Lock(path, "")
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	release2()
}

func TestLockAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), LockFile)
	cmd, stdin := startHelper(t, "lock", path)
	_, err := Lock(path, "")
	var are *AlreadyRunningError
	if !errors.As(err, &are) || are.PID != cmd.Process.Pid {
		t.Fatalf("Lock while the helper holds it: got %v, want *AlreadyRunningError with pid %d", err, cmd.Process.Pid)
	}
	// Closing its stdin makes the helper release and exit cleanly: the lock is free, and the
	// file gone (emptied where it cannot be deleted while locked).
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	rdata, rerr := os.ReadFile(path)
	switch {
	case removeOnRelease && !errors.Is(rerr, fs.ErrNotExist):
		t.Errorf("after a clean release the lock file is still there (%q, %v); want it removed", rdata, rerr)
	case !removeOnRelease && (rerr != nil || len(rdata) != 0):
		t.Errorf("after release the file holds %q, %v; want it empty", rdata, rerr)
	}
	release, err := Lock(path, "")
	if err != nil {
		t.Fatalf("Lock after the holder released it: %v", err)
	}
	release()

	// A helper that is killed leaves its pid behind: a stale file, which is taken over.
	cmd, _ = startHelper(t, "lock", path)
	if _, err := Lock(path, ""); !errors.As(err, &are) || are.PID != cmd.Process.Pid {
		t.Fatalf("Lock while the second helper holds it: got %v, want pid %d", err, cmd.Process.Pid)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	data, err := os.ReadFile(path)
	if err != nil || strings.TrimSpace(string(data)) != strconv.Itoa(cmd.Process.Pid) {
		t.Fatalf("stale lock file holds %q, %v; want the dead helper's pid", data, err)
	}
	release, err = Lock(path, "")
	if err != nil {
		t.Fatalf("Lock after the holder died: %v", err)
	}
	data, _ = os.ReadFile(path)
	if strings.TrimSpace(string(data)) != strconv.Itoa(os.Getpid()) {
		t.Errorf("lock file holds %q, want our pid %d", data, os.Getpid())
	}
	// And now a helper is refused, naming us.
	helper := exec.Command(os.Args[0], "-test.run=^$", path)
	helper.Env = append(os.Environ(), helperEnv+"=lock")
	out, err := helper.Output()
	if want := fmt.Sprintf("error: already running (pid %d)", os.Getpid()); err == nil || !strings.Contains(string(out), want) {
		t.Errorf("helper while we hold the lock: %q, %v; want %q and a failure", out, err, want)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
}

func TestAlreadyRunningErrorWithoutPID(t *testing.T) {
	t.Parallel()
	if got := (&AlreadyRunningError{}).Error(); got != "already running" {
		t.Errorf("got %q", got)
	}
}

// TestLockNamesSocket: the second Lock learns where the holder listens.
func TestLockNamesSocket(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), LockFile)
	release, err := Lock(path, "/run/user/1000/deskbreak/control.sock")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = Lock(path, "/elsewhere.sock")
	var are *AlreadyRunningError
	if !errors.As(err, &are) || are.Socket != "/run/user/1000/deskbreak/control.sock" {
		t.Fatalf("got %v, want the holder's socket", err)
	}
	want := fmt.Sprintf("already running (pid %d), listening on /run/user/1000/deskbreak/control.sock", os.Getpid())
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestHolder reads the pid and socket a holder wrote, and nothing from a released lock.
func TestHolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), LockFile)
	if pid, sock := Holder(path); pid != 0 || sock != "" {
		t.Errorf("no file: %d %q", pid, sock)
	}
	// Reading is all it does: a missing lock file is not created (a CLI command that
	// looked would leave an empty deskbreak.pid behind a daemon that removed its own).
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("Holder of a missing file left one there (%v)", err)
	}
	release, err := Lock(path, "/run/x.sock")
	if err != nil {
		t.Fatal(err)
	}
	if pid, sock := Holder(path); pid != os.Getpid() || sock != "/run/x.sock" {
		t.Errorf("held: %d %q, want %d and the socket", pid, sock, os.Getpid())
	}
	release()
	if pid, sock := Holder(path); pid != 0 || sock != "" {
		t.Errorf("released: %d %q, want nothing", pid, sock)
	}
}
