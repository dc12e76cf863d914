//go:build linux

package autostart

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExecSpawnerDetaches starts a real shell through execSpawner and checks that it runs in a
// session of its own, so closing the terminal of "deskbreak start" does not end it.
func TestExecSpawnerDetaches(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "stat")
	log := filepath.Join(t.TempDir(), "sub", "deskbreak.log")
	p := Program{Exe: "/bin/sh", Args: []string{"-c", `echo first; echo "its last line" >&2; cat /proc/$$/stat > "$1.tmp" && mv "$1.tmp" "$1"`, "sh", out}}
	pid, err := execSpawner{}.Spawn(p, log)
	if err != nil {
		t.Fatal(err)
	}
	var stat []byte
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if stat, err = os.ReadFile(out); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("the spawned shell (pid %d) wrote nothing: %v", pid, err)
	}
	// /proc/PID/stat: pid (comm) state ppid pgrp session ...
	_, rest, _ := strings.Cut(string(stat), ") ")
	f := strings.Fields(rest)
	if len(f) < 4 {
		t.Fatalf("stat %q", stat)
	}
	gotPid, _ := strconv.Atoi(strings.Fields(string(stat))[0])
	if gotPid != pid {
		t.Errorf("Spawn returned pid %d, the shell has pid %d", pid, gotPid)
	}
	if f[3] != strconv.Itoa(pid) {
		t.Errorf("session %s, want %d: the process is not a session leader", f[3], pid)
	}
	// Its output went to the log, whose last line says what it said last.
	if got := lastLine(log); got != "its last line" {
		t.Errorf("lastLine of the spawned program's log = %q, want %q", got, "its last line")
	}
}
