//go:build linux

package e2e

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 15: faults from outside: a hung bus, a second daemon, a dead log reader, a flood of
// connections, a signal in the middle of a command.

// silentListener listens on a unix socket at path and accepts every connection without ever
// writing a byte: a session bus or X server that hangs.
func silentListener(t *testing.T, path string) {
	t.Helper()
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
}

// silentDesktop points deskbreak's session bus, system bus and display at sockets that
// accept and never answer.
func silentDesktop(t *testing.T, h *home) {
	dir := t.TempDir()
	bus, sys, x := filepath.Join(dir, "bus"), filepath.Join(dir, "system_bus"), filepath.Join(dir, "x:0")
	for _, p := range []string{bus, sys, x} {
		silentListener(t, p)
	}
	h.extra = append(h.extra,
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+bus,
		"DBUS_SYSTEM_BUS_ADDRESS=unix:path="+sys,
		"DISPLAY="+x)
}

// TestFaultSilentBusStart: a session bus, system bus and X server that accept and never
// answer neither hang the daemon's start nor keep it from stopping on SIGTERM within 2 s,
// with or without the tray, and whether SIGTERM comes during the start or after it.
func TestFaultSilentBusStart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		early bool
	}{
		{"no-tray", []string{"--no-tray"}, false},
		{"tray", nil, false},
		{"term-during-start", []string{"--no-tray"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHome(t, false)
			silentDesktop(t, h)
			h.writeConfig(allDayConfig(defaultChoices))
			h.seedWorking()
			var p *daemonProc
			if tc.early {
				p = h.spawn(tc.args...)
				time.Sleep(500 * time.Millisecond) // inside the first handshake
			} else {
				p = h.start(tc.args...)
			}
			sent := time.Now()
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case <-p.done:
			case <-time.After(5 * time.Second):
				t.Fatalf("deskbreak run did not exit within 5 s of SIGTERM")
			}
			if took := time.Since(sent); took > 2*time.Second {
				t.Errorf("deskbreak run took %v to exit after SIGTERM, want at most 2 s", took)
			}
		})
	}
}

// TestFaultSecondDaemonOtherRuntimeDir: a second daemon started without XDG_RUNTIME_DIR
// (so with its socket elsewhere) is refused on the same state, and says where the first one
// listens.
func TestFaultSecondDaemonOtherRuntimeDir(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := h.start("--no-tray")

	h.extra = append(h.extra, "XDG_RUNTIME_DIR=")
	r := h.cli("run", "--no-tray")
	h.extra = nil
	sock := filepath.Join(h.runtimeDir, "deskbreak", "control.sock")
	want := fmt.Sprintf("already running (pid %d), listening on %s", p.pid(), sock)
	if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "Try: DESKBREAK_SOCKET="+sock+" deskbreak status") {
		t.Errorf("a second deskbreak run without XDG_RUNTIME_DIR: exit %d, stderr %q; want exit 1, %q and a Try: line with the socket", r.code, r.stderr, want)
	}
	if st := h.status(); st.State != "working" {
		t.Errorf("the first daemon's state %q, want working", st.State)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

// TestFaultLogReaderGone: the daemon's stderr is a pipe whose reader reads one line and goes
// away (deskbreak run 2>&1 | head -n1). The daemon keeps answering, and on SIGTERM saves,
// removes its socket and exits 0, rather than dying of SIGPIPE at its next log line.
func TestFaultLogReaderGone(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "run", "--no-tray", "--log-level", "debug")
	cmd.Env = h.environ()
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("read the first log line: %v", err)
	}
	r.Close() // like head -n1
	t.Logf("first log line: %s", line)

	eventually(t, "the daemon answers", waitFor, func() (bool, string) {
		_, ok, saw := h.tryStatus()
		return ok, saw
	})
	// Each reload logs a line or more, into the pipe nobody reads.
	for range 3 {
		if r := h.cli("reload"); r.code != 0 {
			t.Fatalf("deskbreak reload with the log reader gone: exit %d, %s", r.code, r.stderr)
		}
	}
	if _, ok, saw := h.tryStatus(); !ok {
		t.Fatalf("the daemon died with its log reader: %s", saw)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("deskbreak run ended with %v after SIGTERM, want exit 0", waitErr)
		}
	case <-time.After(waitFor):
		t.Fatal("deskbreak run did not stop on SIGTERM")
	}
	if _, err := os.Lstat(filepath.Join(h.runtimeDir, "deskbreak", "control.sock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket is still there after the daemon stopped: %v", err)
	}
}

// TestFaultInterruptCommand: SIGINT or SIGTERM ends a CLI command at once with exit code
// 130, here one waiting for an answer from a daemon socket that never answers.
func TestFaultInterruptCommand(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		h := newHome(t, false)
		sock := filepath.Join(t.TempDir(), "silent.sock")
		silentListener(t, sock)
		h.extra = append(h.extra, "DESKBREAK_SOCKET="+sock)
		cmd := exec.Command(binary, "status")
		cmd.Env = h.environ()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // waiting for the answer
		sent := time.Now()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("deskbreak status went on 5 s after %v", sig)
		}
		if took := time.Since(sent); took > time.Second {
			t.Errorf("deskbreak status took %v to stop after %v, want it at once", took, sig)
		}
		if code := cmd.ProcessState.ExitCode(); code != 130 {
			t.Errorf("deskbreak status stopped by %v: exit code %d, want 130", sig, code)
		}
	}
}

// TestFaultConnectionFlood: 300 idle connections to a daemon limited to 256 open files
// neither delay an answer nor take the files the daemon needs: the oldest idle ones are
// closed, status answers at once, and a reload (which reads the config file) works.
func TestFaultConnectionFlood(t *testing.T) {
	t.Parallel()
	h := newHome(t, false)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedWorking()
	p := &daemonProc{h: h, log: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command("/bin/sh", "-c", `ulimit -n 256 && exec "$0" run --no-tray --log-level debug`, binary)
	p.cmd.Env = h.environ()
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("daemon log:\n%s", p.log.String())
		}
	})
	eventually(t, "the daemon answers", waitFor, func() (bool, string) {
		_, ok, saw := h.tryStatus()
		return ok, saw
	})
	sock := filepath.Join(h.runtimeDir, "deskbreak", "control.sock")
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 300 {
		c, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatalf("connection %d: %v", len(conns)+1, err)
		}
		conns = append(conns, c)
	}
	start := time.Now()
	st := h.status()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("status took %v with 300 idle connections open, want it at once", took)
	}
	if st.State != "working" {
		t.Errorf("state %q, want working", st.State)
	}
	if r := h.cli("reload"); r.code != 0 {
		t.Errorf("reload with 300 idle connections open: exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(p.log.String(), "too many open files") {
		t.Errorf("the daemon ran out of files:\n%s", p.log.String())
	}
	if code := p.stop(); code != 0 {
		t.Errorf("exit %d on SIGTERM, want 0", code)
	}
}
