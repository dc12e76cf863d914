//go:build linux

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
)

// TestWindowsUnderWine runs the Windows build under Wine on Xvfb, with trayer as the tray:
// the daemon over its named pipe driven by a second Wine process, the tray icon and its
// menu clicked with xdotool, install and uninstall checked with "wine reg query", and a
// deskbreak:snooze link (a toast button's) launched through the URL protocol. Wine has no
// WinRT, so no toast can be shown here; their XML is tested in internal/notify.
//
// DESKBREAK_WINEPREFIX names a prefix made by scripts/wine-prefix.sh (as .ci/run does);
// without it the test makes one (about 10 s). DESKBREAK_E2E_SHOTS, when set, is a directory
// for the screenshots of the docked icon and its menu.
func TestWindowsUnderWine(t *testing.T) {
	desktoptest.Need(t, "wine", "wineserver", "x86_64-w64-mingw32-gcc", "trayer", "xdotool", "xwininfo", "import")
	w := newWine(t)
	desktoptest.Xvfb(t)
	w.display = os.Getenv("DISPLAY")
	trayer := exec.Command("trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200", "--height", "32")
	trayer.Env = w.environ()
	if err := trayer.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trayer.Process.Kill(); trayer.Wait() })
	// Without input, Wine reports the last input at the machine's boot, and deskbreak would
	// count the person as away for hours. Wine sees only input to its own windows: move the
	// pointer over one (notepad's) before the daemon first reads the idle time.
	w.touchWine()

	// A break came due a moment ago, inside all-day work hours.
	w.writeConfig(allDayConfig(defaultChoices))
	now := time.Now().Round(0)
	due := now.Add(-5 * time.Second)
	w.seedState(stateFile{Version: 1, Scheduler: schedState{
		Rules:    map[string]ruleState{"exercise": {Since: due.Add(-time.Hour)}},
		Pending:  &pending{Rule: "exercise", DueAt: due, Shown: due},
		LastSeen: &now,
	}})

	daemon := exec.Command("wine", w.exe, "run", "--log-level", "debug")
	daemon.Env = w.environ()
	log := &syncBuffer{}
	daemon.Stdout, daemon.Stderr = log, log
	daemon.WaitDelay = 2 * time.Second
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- daemon.Wait() }()
	t.Cleanup(func() {
		daemon.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
		}
		if t.Failed() {
			t.Logf("daemon log:\n%s", log.String())
		}
	})

	// The daemon answers over its pipe, from another Wine process.
	st := w.waitStatus("the daemon to answer with the due break", func(s status) bool { return s.State == "due" })
	if st.Due == nil || st.Due.Rule != "exercise" {
		t.Fatalf("status %s", st.raw)
	}
	if st.AwaySince != nil {
		t.Errorf("the daemon counts the person as away since %v: Wine saw no input", st.AwaySince)
	}
	if !strings.Contains(log.String(), `socket=\\.\pipe\deskbreak-S-1-5-`) {
		t.Errorf("the daemon does not listen on a per-user pipe:\n%s", log.String())
	}

	// The icon docks in trayer, as a child of its panel.
	icon := w.waitWindow("the tray icon in trayer", func(win xwindow) bool {
		return win.class == "explorer.exe" && win.w > 8 && win.h > 8 && win.y < 32 && win.x > 1080
	})

	w.cli("snooze")
	st = w.waitStatus("snoozed", func(s status) bool { return s.SnoozedUntil != nil })
	if st.Due == nil || st.Due.Snoozes != 1 {
		t.Errorf("after snooze: %s", st.raw)
	}

	// install writes the Run value, the URL protocol, the AUMID key and the shortcut.
	out := w.cli("install")
	runValue := w.regQuery(`HKCU\Software\Microsoft\Windows\CurrentVersion\Run`, "deskbreak")
	if !strings.Contains(runValue, `deskbreakw.exe" run`) {
		t.Errorf("Run value: %q, want deskbreakw.exe run\ninstall said:\n%s", runValue, out)
	}
	if cmd := w.regQuery(`HKCU\Software\Classes\deskbreak\shell\open\command`, ""); !strings.Contains(cmd, `deskbreakw.exe" url "%1"`) {
		t.Errorf("protocol command: %q", cmd)
	}
	if name := w.regQuery(`HKCU\Software\Classes\AppUserModelId\deskbreak.deskbreak`, "DisplayName"); !strings.Contains(name, "deskbreak") {
		t.Errorf("AppUserModelId DisplayName: %q", name)
	}
	if _, err := os.Stat(w.shortcut); err != nil {
		t.Errorf("Start-menu shortcut: %v", err)
	}

	// A toast's Snooze button: Windows (here Wine's start.exe) launches the link through the
	// protocol; the GUI binary sends it over the pipe. Windows looks the protocol up in
	// HKEY_CLASSES_ROOT, its merged view of HKCU\Software\Classes and HKLM\Software\Classes;
	// Wine 8 leaves HKCU out of that view, so the test copies the command install wrote to
	// HKLM, where Wine finds it.
	protoCmd := regSZ(w.regQuery(`HKCU\Software\Classes\deskbreak\shell\open\command`, ""))
	w.wine("reg", "add", `HKLM\Software\Classes\deskbreak`, "/v", "URL Protocol", "/d", "", "/f")
	w.wine("reg", "add", `HKLM\Software\Classes\deskbreak\shell\open\command`, "/ve", "/d", protoCmd, "/f")
	defer w.run("reg", "delete", `HKLM\Software\Classes\deskbreak`, "/f")
	if got := regSZ(w.regQuery(`HKCR\deskbreak\shell\open\command`, "")); got != protoCmd {
		t.Fatalf("HKCR\\deskbreak command %q, want %q", got, protoCmd)
	}
	w.wine("start", "deskbreak:snooze")
	st = w.waitStatus("the deskbreak:snooze link to snooze again", func(s status) bool { return s.Due != nil && s.Due.Snoozes == 2 })

	w.cli("pause", "30m")
	w.waitStatus("paused", func(s status) bool { return s.State == "paused" })
	w.cli("resume")
	w.waitStatus("resumed", func(s status) bool { return s.State != "paused" })
	w.cli("break")
	w.waitStatus("in a break", func(s status) bool { return s.State == "in_break" && s.Break != nil })
	w.cli("done")
	// The pause set the due break aside; this one is started on one's own.
	st = w.waitStatus("the break done", func(s status) bool { return s.State != "in_break" && s.Today.Own == 1 })
	if stats := w.cli("stats"); !strings.Contains(stats, "1") {
		t.Errorf("stats: %s", stats)
	}

	// uninstall removes every key and the shortcut.
	w.cli("uninstall")
	for _, k := range []struct{ key, value string }{
		{`HKCU\Software\Microsoft\Windows\CurrentVersion\Run`, "deskbreak"},
		{`HKCU\Software\Classes\deskbreak`, ""},
		{`HKCU\Software\Classes\AppUserModelId\deskbreak.deskbreak`, ""},
	} {
		if got, err := w.tryRegQuery(k.key, k.value); err == nil {
			t.Errorf("after uninstall, %s %s is still there: %s", k.key, k.value, got)
		}
	}
	if _, err := os.Stat(w.shortcut); !os.IsNotExist(err) {
		t.Errorf("after uninstall, the shortcut: %v", err)
	}

	// The tray menu: open it with a click on the icon and look at it. "Exercises of the last
	// break..." opens the steps in Notepad, though the prefix has no application for .txt.
	openMenu := func() xwindow {
		w.xdotool("mousemove", strconv.Itoa(icon.x+icon.w/2), strconv.Itoa(icon.y+icon.h/2))
		before := w.windows()
		w.xdotool("click", "1")
		return w.waitWindow("the tray menu", func(win xwindow) bool {
			return win.class == "deskbreak.exe" && win.w > 100 && win.h > 100 && win.w < 600 && !before[win.id]
		})
	}
	w.shot("icon")
	menu := openMenu()
	w.shot("menu")
	// The items from the bottom: Quit, About, a separator, then the exercises.
	w.xdotool("mousemove", strconv.Itoa(menu.x+40), strconv.Itoa(menu.y+menu.h-55))
	w.xdotool("click", "1")
	w.waitWindow("Notepad with the exercises", func(win xwindow) bool { return win.class == "notepad.exe" && win.w > 100 })
	w.shot("exercises")
	menu = openMenu()
	w.xdotool("mousemove", strconv.Itoa(menu.x+40), strconv.Itoa(menu.y+menu.h-12))
	w.xdotool("click", "1")
	select {
	case err := <-exited:
		// Wine's explorer.exe, started for the tray, may keep the output pipes open.
		if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
			t.Errorf("the daemon after Quit: %v", err)
		}
	case <-time.After(waitFor):
		t.Fatal("Quit in the tray menu did not stop the daemon")
	}
	// Quit leaves no pid behind, and the pipe is gone.
	if pid, err := os.ReadFile(w.pidFile); err == nil && strings.TrimSpace(string(pid)) != "" {
		t.Errorf("the pid file still names pid %s after Quit", pid)
	}
	if r := w.run(w.exe, "status"); r.code != 1 || !strings.Contains(r.stderr, "not running") {
		t.Errorf("status after Quit: exit %d, %s", r.code, r.stderr)
	}

	// "deskbreak start" starts deskbreakw.exe, as the Run value does at login, with its
	// output in %AppData%\deskbreak\deskbreak.log.
	w.cli("install")
	defer w.run(w.exe, "uninstall")
	os.Remove(w.logFile)
	w.cli("start")
	w.waitStatus("the daemon started by deskbreak start", func(s status) bool { return s.State != "" })
	eventually(t, "the GUI daemon's log file", waitFor, func() (bool, string) {
		b, _ := os.ReadFile(w.logFile)
		return strings.Contains(string(b), "deskbreak running"), string(b)
	})
}

// wine is a Wine prefix with deskbreak.exe and deskbreakw.exe built for it.
type wine struct {
	t                 *testing.T
	prefix, display   string
	exe, config       string // deskbreak.exe, the config file (Linux paths)
	stateDir, pidFile string
	logFile           string
	shortcut          string
}

func newWine(t *testing.T) *wine {
	t.Helper()
	w := &wine{t: t, prefix: os.Getenv("DESKBREAK_WINEPREFIX")}
	if w.prefix == "" {
		dir := t.TempDir()
		out, err := exec.Command("../scripts/wine-prefix.sh", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("make a Wine prefix: %v\n%s", err, out)
		}
		w.prefix = strings.TrimSpace(string(out))
	}
	// One wineserver for the whole test, started here with its output discarded: started by
	// the first Wine program instead, it would inherit that program's output pipes and hold
	// them open. -p keeps it up between programs, which makes each start faster.
	// Whatever a killed earlier run left in a shared prefix goes first.
	kill := exec.Command("wineserver", "-k")
	kill.Env = append(os.Environ(), "WINEPREFIX="+w.prefix)
	kill.Run()
	ws := exec.Command("wineserver", "-f", "-p")
	ws.Env = append(os.Environ(), "WINEPREFIX="+w.prefix)
	if err := ws.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k := exec.Command("wineserver", "-k")
		k.Env = ws.Env
		k.Run()
		done := make(chan struct{})
		go func() { ws.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			ws.Process.Kill()
			<-done
		}
	})
	bin := t.TempDir()
	w.exe = filepath.Join(bin, "deskbreak.exe")
	for _, b := range []struct{ out, ldflags string }{{w.exe, ""}, {filepath.Join(bin, "deskbreakw.exe"), "-H=windowsgui"}} {
		cmd := exec.Command("go", "build", "-ldflags="+b.ldflags, "-o", b.out, "../cmd/deskbreak")
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", b.out, err, out)
		}
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(w.prefix, "drive_c", "users", u.Username)
	w.stateDir = filepath.Join(home, "AppData", "Roaming", "deskbreak")
	w.pidFile = filepath.Join(home, "AppData", "Local", "deskbreak", "deskbreak.pid")
	w.logFile = filepath.Join(w.stateDir, "deskbreak.log")
	w.shortcut = filepath.Join(home, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", "deskbreak.lnk")
	os.RemoveAll(w.stateDir)
	w.config = filepath.Join(t.TempDir(), "config.toml")
	return w
}

// environ is the environment of Wine processes: the Linux XDG variables stay set, as they do
// when Wine starts from a Linux shell, and deskbreak must ignore them.
func (w *wine) environ() []string {
	return append(os.Environ(),
		"WINEPREFIX="+w.prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=",
		"DISPLAY="+w.display,
		"XDG_RUNTIME_DIR=run/user/1000", "XDG_CONFIG_HOME=/nonexistent/config", "XDG_STATE_HOME=/nonexistent/state",
		`DESKBREAK_CONFIG=Z:`+strings.ReplaceAll(w.config, "/", `\`),
	)
}

func (w *wine) writeConfig(text string) {
	if err := os.WriteFile(w.config, []byte(text), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *wine) seedState(st stateFile) {
	b, err := json.Marshal(st)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := os.MkdirAll(w.stateDir, 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.stateDir, "state.json"), b, 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs a program under Wine (or a Linux one with the Wine environment).
func (w *wine) run(name string, args ...string) cliResult {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if strings.HasSuffix(name, ".exe") || name == "start" || name == "reg" {
		args = append([]string{name}, args...)
		name = "wine"
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = w.environ()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second // a process it started may hold the pipes open
	err := cmd.Run()
	code := 0
	if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// cli runs "deskbreak.exe args..." and fails the test unless it succeeds.
func (w *wine) cli(args ...string) string {
	w.t.Helper()
	r := w.run(w.exe, args...)
	if r.code != 0 {
		w.t.Fatalf("deskbreak.exe %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

func (w *wine) wine(args ...string) {
	w.t.Helper()
	if r := w.run(args[0], args[1:]...); r.code != 0 {
		w.t.Fatalf("wine %s: exit %d: %s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
}

func (w *wine) xdotool(args ...string) {
	w.t.Helper()
	if r := w.run("xdotool", args...); r.code != 0 {
		w.t.Fatalf("xdotool %s: %s", strings.Join(args, " "), r.stderr)
	}
}

func (w *wine) waitStatus(what string, cond func(status) bool) status {
	w.t.Helper()
	var st status
	eventually(w.t, what, 4*waitFor, func() (bool, string) {
		r := w.run(w.exe, "status", "--json")
		if r.code != 0 {
			return false, r.stderr
		}
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			w.t.Fatalf("status --json: %v\n%s", err, r.stdout)
		}
		st.raw = r.stdout
		return cond(st), r.stdout
	})
	return st
}

// tryRegQuery returns what "wine reg query KEY [/v VALUE | /ve]" prints.
func (w *wine) tryRegQuery(key, value string) (string, error) {
	args := []string{"query", key}
	if value != "" {
		args = append(args, "/v", value)
	} else {
		args = append(args, "/ve")
	}
	r := w.run("reg", args...)
	if r.code != 0 {
		return r.stdout + r.stderr, fmt.Errorf("reg query %s: exit %d", key, r.code)
	}
	return r.stdout, nil
}

func (w *wine) regQuery(key, value string) string {
	w.t.Helper()
	out, err := w.tryRegQuery(key, value)
	if err != nil {
		w.t.Errorf("%v: %s", err, out)
	}
	return out
}

// xwindow is one window as xwininfo -tree lists it, at its absolute position.
type xwindow struct {
	id         string
	class      string
	x, y, w, h int
}

var xwinLine = regexp.MustCompile(`^\s*(0x[0-9a-f]+) .*\("([^"]*)" "[^"]*"\)\s+(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)`)

// windows lists every window by id.
func (w *wine) windows() map[string]bool {
	all := map[string]bool{}
	for _, win := range w.listWindows() {
		all[win.id] = true
	}
	return all
}

func (w *wine) listWindows() []xwindow {
	r := w.run("xwininfo", "-root", "-tree")
	var out []xwindow
	for _, line := range strings.Split(r.stdout, "\n") {
		m := xwinLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		out = append(out, xwindow{id: m[1], class: m[2], w: n(3), h: n(4), x: n(5), y: n(6)})
	}
	return out
}

func (w *wine) waitWindow(what string, match func(xwindow) bool) xwindow {
	w.t.Helper()
	var found xwindow
	eventually(w.t, what, 2*waitFor, func() (bool, string) {
		all := w.listWindows()
		for _, win := range all {
			if match(win) {
				found = win
				return true, ""
			}
		}
		return false, fmt.Sprintf("%+v", all)
	})
	return found
}

// shot saves a screenshot of the screen when DESKBREAK_E2E_SHOTS names a directory.
func (w *wine) shot(name string) {
	dir := os.Getenv("DESKBREAK_E2E_SHOTS")
	if dir == "" {
		return
	}
	path := filepath.Join(dir, "wine-"+name+".png")
	if r := w.run("import", "-window", "root", path); r.code != 0 {
		w.t.Logf("screenshot %s: %s", path, r.stderr)
	}
}

// regSZ returns the data of the one REG_SZ value in what "reg query" printed.
func regSZ(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if _, data, ok := strings.Cut(line, "REG_SZ"); ok {
			return strings.TrimSpace(data)
		}
	}
	return ""
}

// touchWine opens notepad under Wine, moves the pointer over its window and closes it, so
// that Wine's last input time is now.
func (w *wine) touchWine() {
	w.t.Helper()
	np := exec.Command("wine", "notepad")
	np.Env = w.environ()
	if err := np.Start(); err != nil {
		w.t.Fatal(err)
	}
	defer func() { np.Process.Kill(); np.Wait() }()
	win := w.waitWindow("notepad's window", func(win xwindow) bool { return win.class == "notepad.exe" && win.w > 100 && win.h > 100 })
	for i := 0; i < 3; i++ {
		w.xdotool("mousemove", strconv.Itoa(win.x+win.w/2+i*10), strconv.Itoa(win.y+win.h/2))
		time.Sleep(100 * time.Millisecond)
	}
}
