package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

// ctlServe serves f on a fresh socket until the test ends and returns the socket's path.
func ctlServe(t *testing.T, f api.Controller) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "control.sock")
	controltest.Serve(t, path, f)
	return path
}

// ctlRun runs "deskbreak args..." in-process against the socket at sock.
func ctlRun(t *testing.T, sock string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	// Far from the snapshot's time: the commands must use the daemon's clock.
	return runCLI(t, map[string]string{control.SocketEnv: sock},
		func() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) }, args...)
}

var ctlZone = time.FixedZone("CET", 3600)

// ctlSnap is a working snapshot at 13:37 CET with a break at 14:00.
func ctlSnap() api.Snapshot {
	now := time.Date(2026, 3, 2, 13, 37, 0, 0, ctlZone)
	return api.Snapshot{
		Now: now,
		Status: scheduler.Status{
			State:   scheduler.StateWorking,
			Next:    &scheduler.Upcoming{At: time.Date(2026, 3, 2, 14, 0, 0, 0, ctlZone), Kind: scheduler.KindBreak, Rule: "exercise", Duration: 3 * time.Minute},
			WorkEnd: time.Date(2026, 3, 2, 17, 30, 0, 0, ctlZone),
		},
		Today:         api.Counts{Due: 3, Full: 2, Natural: 1, Snoozed: 1, Prompts: 4},
		SnoozeChoices: []time.Duration{5 * time.Minute, 10 * time.Minute},
		SnoozesLeft:   2,
		TodayHours:    "09:00-12:30, 13:30-17:30",
	}
}

func TestActionCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		out  string
		call api.Request
	}{
		{[]string{"snooze"}, "snoozed\n", api.SnoozeFor(0)},
		{[]string{"snooze", "10m"}, "snoozed for 10m0s\n", api.SnoozeFor(10 * time.Minute)},
		{[]string{"snooze", "15"}, "snoozed for 15m0s\n", api.SnoozeFor(15 * time.Minute)},
		{[]string{"snooze", "90s"}, "snoozed for 1m30s\n", api.SnoozeFor(90 * time.Second)},
		{[]string{"skip"}, "skipped\n", api.Do(api.Skip)},
		{[]string{"break"}, "break started\n", api.Do(api.Break)},
		{[]string{"done"}, "break done\n", api.Do(api.Done)},
		{[]string{"pause"}, "paused for 1h0m0s\n", api.PauseAs(api.PauseRequest{For: time.Hour})},
		{[]string{"pause", "45"}, "paused for 45m0s\n", api.PauseAs(api.PauseRequest{For: 45 * time.Minute})},
		{[]string{"pause", "2h30m"}, "paused for 2h30m0s\n", api.PauseAs(api.PauseRequest{For: 150 * time.Minute})},
		{[]string{"pause", "until-work"}, "paused until the next work range\n", api.PauseAs(api.PauseRequest{UntilNextRange: true})},
		{[]string{"pause", "until-tomorrow"}, "paused until tomorrow\n", api.PauseAs(api.PauseRequest{UntilTomorrow: true})},
		{[]string{"pause", "indefinitely"}, "paused indefinitely\n", api.PauseAs(api.PauseRequest{Indefinitely: true})},
		{[]string{"resume"}, "resumed\n", api.Do(api.Resume)},
		{[]string{"reload"}, "config reloaded\n", api.Do(api.Reload)},
	}
	f := &controltest.Fake{Snap: ctlSnap()}
	sock := ctlServe(t, f)
	for i, tt := range tests {
		code, out, errOut := ctlRun(t, sock, tt.args...)
		if code != 0 || out != tt.out || errOut != "" {
			t.Errorf("deskbreak %s: exit %d, stdout %q, stderr %q; want 0, %q, nothing", strings.Join(tt.args, " "), code, out, errOut, tt.out)
		}
		calls := f.Calls()
		if len(calls) != i+1 || calls[i] != tt.call {
			t.Errorf("deskbreak %s: the daemon got %+v, want %+v last", strings.Join(tt.args, " "), calls, tt.call)
		}
	}
}

func TestActionCommandsJSON(t *testing.T) {
	t.Parallel()
	sock := ctlServe(t, &controltest.Fake{Snap: ctlSnap(), Messages: map[api.Action]string{api.Snooze: "Snoozed until 14:20 (1 snooze left)"}})
	code, out, errOut := ctlRun(t, sock, "snooze", "--json", "20m")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Message string         `json:"message"`
		Status  map[string]any `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if r.Message != "Snoozed until 14:20 (1 snooze left)" || r.Status["state"] != "working" || r.Status["snoozes_left"] != float64(2) {
		t.Errorf("got %+v", r)
	}
}

func TestActionRefusals(t *testing.T) {
	t.Parallel()
	refusals := map[api.Action]string{
		api.Snooze: "snooze limit reached", api.Skip: "nothing to skip: no break is due",
		api.Break: "a break is already running", api.Done: "no break is running",
		api.Pause: "already paused indefinitely", api.Resume: "nothing to resume: not paused",
		api.Reload: "config.toml:3: work_hours.mon[0]: end 12:00 is before start 13:00",
	}
	f := &controltest.Fake{Refuse: refusals}
	sock := ctlServe(t, f)
	for args, method := range map[string]api.Action{"snooze 5m": api.Snooze, "skip": api.Skip,
		"break": api.Break, "done": api.Done, "pause indefinitely": api.Pause,
		"resume": api.Resume, "reload": api.Reload} {
		code, out, errOut := ctlRun(t, sock, strings.Fields(args)...)
		if want := "deskbreak: " + refusals[method] + "\n"; code != 1 || out != "" || errOut != want {
			t.Errorf("deskbreak %s: exit %d, stdout %q, stderr %q; want 1, nothing, %q", args, code, out, errOut, want)
		}
	}
	if n := len(f.Calls()); n != len(refusals) {
		t.Errorf("the daemon got %d calls, want %d", n, len(refusals))
	}
}

func TestActionDaemonError(t *testing.T) {
	t.Parallel()
	sock := ctlServe(t, &controltest.Fake{Fail: map[api.Action]error{api.Reload: errors.New("read /x/config.toml: permission denied")}})
	code, out, errOut := ctlRun(t, sock, "reload")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "deskbreak: ") || !strings.Contains(errOut, "read /x/config.toml: permission denied") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestActionNotSaved: an action the daemon could not save exits 1 with the reason and a Try
// line.
func TestActionNotSaved(t *testing.T) {
	t.Parallel()
	msg := "Paused indefinitely, but it is not saved: save state /x/state.json: no space left on device; it holds while deskbreak runs, and deskbreak keeps trying to save it"
	sock := ctlServe(t, &controltest.Fake{Fail: map[api.Action]error{api.Pause: &api.NotSaved{Msg: msg}}})
	code, out, errOut := ctlRun(t, sock, "pause", "indefinitely")
	want := "deskbreak: " + msg + "\nTry: free disk space or fix the permissions named above; \"deskbreak status\" says when the state is saved again\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing, %q", code, out, errOut, want)
	}
}

func TestControlCommandsNotRunning(t *testing.T) {
	t.Parallel()
	// A stale socket, as a killed daemon leaves it, and no socket at all.
	stale := controltest.StaleSocket(t)
	missing := filepath.Join(t.TempDir(), "control.sock")
	want := `deskbreak is not running; start it with "deskbreak run" or at login with "deskbreak install"` + "\n"
	for _, sock := range []string{stale, missing} {
		for _, args := range []string{"status", "status --json", "snooze", "snooze 5", "skip", "break", "done", "pause", "pause until-tomorrow", "resume", "reload"} {
			code, out, errOut := ctlRun(t, sock, strings.Fields(args)...)
			if code != 1 || out != "" || errOut != want {
				t.Errorf("deskbreak %s with %s: exit %d, stdout %q, stderr %q; want 1 and the not-running line", args, filepath.Base(filepath.Dir(sock)), code, out, errOut)
			}
		}
	}
	if _, err := os.Lstat(missing); err == nil {
		t.Errorf("a client created the socket")
	}
}

func TestActionUsage(t *testing.T) {
	t.Parallel()
	f := &controltest.Fake{}
	sock := ctlServe(t, f)
	for _, tt := range []struct{ args, errHas string }{
		{"snooze ten", `bad duration "ten"`},
		{"snooze 0", "deskbreak: cannot snooze for 0s: choose between 1m and 24h\n"},
		{"snooze 30s", "deskbreak: cannot snooze for 30s: choose between 1m and 24h\n"},
		{"snooze 25h", "deskbreak: cannot snooze for 25h: choose between 1m and 24h\n"},
		{"snooze 99999999999999999", "deskbreak: cannot snooze for 99999999999999999 min: choose between 1m and 24h\n"},
		{"snooze 5m 10m", "at most one"},
		{"skip now", "takes no arguments"},
		{"break 5m", "takes no arguments"},
		{"done x", "takes no arguments"},
		{"resume x", "takes no arguments"},
		{"reload x", "takes no arguments"},
		{"pause tomorrow", `bad pause "tomorrow": want a DURATION (45, 45m, 2h), until-work, until-tomorrow or indefinitely`},
		{"pause 31d", `bad duration "31d"`},
		{"pause 800h", "deskbreak: cannot pause for 800h: choose between 1m and 720h\n"},
		// One bound, one message: the daemon says the same (TestPauseBounds).
		{"pause 0", "deskbreak: cannot pause for 0s: choose between 1m and 720h\n"},
		{"pause 30s", "deskbreak: cannot pause for 30s: choose between 1m and 720h\n"},
		{"pause 1h 2h", "at most one"},
		{"pause 2d", `bad duration "2d"`},
		{"snooze 15 min 5m", "at most one"},
		{"status now", "takes no arguments"},
		{"status --yaml", "flag provided but not defined"},
		{"completion", "one shell"},
		{"completion tcsh", `unknown shell "tcsh"`},
	} {
		code, out, errOut := ctlRun(t, sock, strings.Fields(tt.args)...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.errHas) || !strings.Contains(errOut, "Usage: deskbreak ") {
			t.Errorf("deskbreak %s: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, errOut, tt.errHas)
		}
	}
	if calls := f.Calls(); len(calls) != 0 {
		t.Errorf("the daemon was called: %+v", calls)
	}
}

func TestControlCommandsHelp(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"status", "snooze", "skip", "break", "done", "pause", "resume", "reload", "completion"} {
		code, out, _ := ctlRun(t, "/nonexistent", "help", name)
		if code != 0 || !strings.Contains(out, "Usage: deskbreak "+name) {
			t.Errorf("help %s: exit %d, %q", name, code, out)
		}
	}
	_, out, _ := ctlRun(t, "/nonexistent", "pause", "-h")
	if !strings.Contains(out, "until-work pauses until the start of the next work range") {
		t.Errorf("pause -h does not explain until-tomorrow: %q", out)
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"10": 10 * time.Minute, "10m": 10 * time.Minute, "1h30m": 90 * time.Minute, "1m": time.Minute, "24h": 24 * time.Hour,
		// The house wording, as the status hint and the notifications write lengths.
		"15 min": 15 * time.Minute, "1 h 30 min": 90 * time.Minute, "2 hours": 2 * time.Hour, "90 s": 90 * time.Second} {
		if got, err := ctlParseDuration("snooze", in, api.MaxSnooze); err != nil || got != want {
			t.Errorf("ctlParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-5", "-5m", "0", "0s", "1s", "30s", "500ms", "1441", "24h1s", "1e3", "m", "9223372036854775807", "59s", "15 mni"} {
		if got, err := ctlParseDuration("snooze", in, api.MaxSnooze); err == nil {
			t.Errorf("ctlParseDuration(%q) = %v, want an error", in, got)
		}
	}
	if s := api.ShortDuration(api.MaxPause); s != "720h" {
		t.Errorf("api.ShortDuration = %q", s)
	}
}

// Seen probing issue 15's second daemon: with the daemon started where XDG_RUNTIME_DIR was
// set, "env -u XDG_RUNTIME_DIR deskbreak status" said deskbreak was not running, though the
// lock beside the state names the socket it listens on.
func TestNotRunningHereButElsewhere(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	sock := ctlServe(t, &controltest.Fake{Snap: ctlSnap()})
	if err := os.MkdirAll(filepath.Join(state, "deskbreak"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "deskbreak", store.LockFile), []byte("4242\n"+sock+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "control.sock")
	code, out, errOut := runCLI(t, map[string]string{control.SocketEnv: missing, "XDG_STATE_HOME": state}, nil, "status")
	want := "deskbreak is running (pid 4242), but listens on " + sock + ", not on " + missing + " where this command looked\nTry: export DESKBREAK_SOCKET=" + sock + "\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing, %q", code, out, errOut, want)
	}

	// A lock naming a socket where nothing answers (a daemon killed) is not mentioned.
	dead := filepath.Join(t.TempDir(), "control.sock")
	if err := os.WriteFile(filepath.Join(state, "deskbreak", store.LockFile), []byte("4242\n"+dead+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, errOut := runCLI(t, map[string]string{control.SocketEnv: missing, "XDG_STATE_HOME": state}, nil, "status"); errOut != ctlNotRunning+"\n" {
		t.Errorf("with a dead daemon's lock: stderr %q, want the not-running line", errOut)
	}
}
