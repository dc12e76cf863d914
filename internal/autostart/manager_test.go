package autostart

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const isActiveGraphical = "systemctl --user is-active graphical-session.target"

// linuxHome makes a temporary home; withManager adds $XDG_RUNTIME_DIR/systemd, which a running
// systemd user manager creates.
func linuxHome(t *testing.T, withManager bool) (home string, vars map[string]string) {
	t.Helper()
	home = t.TempDir()
	rt := filepath.Join(home, "run")
	if err := os.MkdirAll(rt, 0o700); err != nil {
		t.Fatal(err)
	}
	if withManager {
		if err := os.Mkdir(filepath.Join(rt, "systemd"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return home, map[string]string{"HOME": home, "XDG_RUNTIME_DIR": rt}
}

func wantCalls(t *testing.T, r *fakeRunner, want ...string) {
	t.Helper()
	if got := r.take(); !equal(got, want) {
		t.Errorf("commands run:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func wantFiles(t *testing.T, root string, want ...string) {
	t.Helper()
	var got []string
	for _, f := range files(t, root) {
		if !strings.HasPrefix(f, "run/") {
			got = append(got, f)
		}
	}
	if !equal(got, want) {
		t.Errorf("files under the home: %q, want %q", got, want)
	}
}

func TestSystemdRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home, vars := linuxHome(t, true)
	run := &fakeRunner{out: map[string]string{isActiveGraphical: "active"}}
	m, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Getenv: env(vars), Runner: run, Spawner: &fakeSpawner{}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Method() != MethodSystemd {
		t.Fatalf("method %q, want systemd: $XDG_RUNTIME_DIR/systemd exists", m.Method())
	}
	unit := filepath.Join(home, ".config/systemd/user/deskbreak.service")

	r, err := m.Install(ctx)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "systemd_graphical", readFile(t, unit))
	wantCalls(t, run, isActiveGraphical, "systemctl --user daemon-reload", "systemctl --user reenable deskbreak.service")
	if r.Steps[0] != (Step{"wrote", unit}) {
		t.Errorf("first step %v, want wrote %s", r.Steps[0], unit)
	}
	wantFiles(t, home, ".config/systemd/user/deskbreak.service")

	// Idempotent: nothing is rewritten, and enable repairs a unit disabled by hand.
	r, err = m.Install(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Steps[0] != (Step{"unchanged", unit}) {
		t.Errorf("second install: first step %v, want unchanged", r.Steps[0])
	}
	wantCalls(t, run, isActiveGraphical, "systemctl --user enable deskbreak.service")

	run.out["systemctl --user is-active deskbreak.service"] = "active"
	run.out["systemctl --user is-enabled deskbreak.service"] = "enabled"
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; !s.Installed || !s.Current || s.State != StateRunning || s.Method != MethodSystemd || !strings.Contains(s.Detail, `"enabled"`) {
		t.Errorf("status %+v, want installed, current, running", s)
	}
	if s := st[1]; s.Installed || s.Method != MethodXDG {
		t.Errorf("XDG status %+v, want not installed", s)
	}
	run.take()

	if _, err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	wantCalls(t, run, "systemctl --user start deskbreak.service", "systemctl --user stop deskbreak.service")

	// What "systemctl --user enable" would have made.
	wants := filepath.Join(home, ".config/systemd/user/graphical-session.target.wants")
	if err := os.MkdirAll(wants, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(unit, filepath.Join(wants, "deskbreak.service")); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	wantCalls(t, run, "systemctl --user disable --now deskbreak.service", "systemctl --user daemon-reload")
	wantFiles(t, home)

	if _, err := m.Start(ctx); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("start after uninstall: %v, want ErrNotInstalled", err)
	}
	r, err = m.Uninstall(ctx)
	if err != nil || len(r.Steps) != 0 || !strings.Contains(strings.Join(r.Notes, " "), "Nothing to remove") {
		t.Errorf("second uninstall: %+v, %v; want nothing to remove", r, err)
	}
	wantCalls(t, run)
}

func TestSystemdDefaultTargetAndXDGConfigHome(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home, vars := linuxHome(t, true)
	vars["XDG_CONFIG_HOME"] = filepath.Join(home, "cfg")
	run := &fakeRunner{out: map[string]string{isActiveGraphical: "inactive"}}
	m, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Getenv: env(vars), Runner: run})
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Install(ctx)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "systemd_default", readFile(t, filepath.Join(home, "cfg/systemd/user/deskbreak.service")))
	if !strings.Contains(strings.Join(r.Notes, " "), "default.target") {
		t.Errorf("notes %q do not say why default.target", r.Notes)
	}
	// The desktop starts graphical-session.target now: the unit moves to it.
	run.out[isActiveGraphical] = "active"
	run.take()
	if _, err := m.Install(ctx); err != nil {
		t.Fatal(err)
	}
	golden(t, "systemd_graphical", readFile(t, filepath.Join(home, "cfg/systemd/user/deskbreak.service")))
	wantCalls(t, run, isActiveGraphical, "systemctl --user daemon-reload", "systemctl --user reenable deskbreak.service")
	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	wantFiles(t, home)
}

func TestXDGRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home, vars := linuxHome(t, false)
	run := &fakeRunner{}
	spawn := &fakeSpawner{}
	m, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Getenv: env(vars), Runner: run, Spawner: spawn})
	if err != nil {
		t.Fatal(err)
	}
	if m.Method() != MethodXDG {
		t.Fatalf("method %q, want xdg without a systemd user manager", m.Method())
	}
	entry := filepath.Join(home, ".config/autostart/deskbreak.desktop")
	for i, want := range []string{"wrote", "unchanged"} {
		r, err := m.Install(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Steps[0] != (Step{want, entry}) {
			t.Errorf("install %d: first step %v, want %s %s", i+1, r.Steps[0], want, entry)
		}
	}
	golden(t, "autostart", readFile(t, entry))
	wantFiles(t, home, ".config/autostart/deskbreak.desktop")
	wantCalls(t, run) // an XDG entry needs no service manager

	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; !s.Installed || !s.Current || s.State != StateUnknown || s.Where != entry {
		t.Errorf("status %+v, want installed, current, state unknown", s)
	}
	if _, err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if !equal(spawn.started, []string{"/usr/bin/deskbreak run"}) {
		t.Errorf("started %q", spawn.started)
	}
	var ns *NotSupportedError
	if _, err := m.Stop(ctx); !errors.As(err, &ns) || !strings.Contains(ns.Hint, "pkill -TERM") {
		t.Errorf("stop: %v, want a NotSupportedError with a pkill hint", err)
	}
	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	wantFiles(t, home)
	wantCalls(t, run)
}

// TestInstallReplacesOtherMethod: an XDG entry from before the systemd user manager came is
// removed when the unit is installed, so deskbreak does not start twice.
func TestInstallReplacesOtherMethod(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home, vars := linuxHome(t, true)
	run := &fakeRunner{out: map[string]string{isActiveGraphical: "active"}}
	xdg, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Method: MethodXDG, Getenv: env(vars), Runner: run})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := xdg.Install(ctx); err != nil {
		t.Fatal(err)
	}
	sd, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Getenv: env(vars), Runner: run})
	if err != nil {
		t.Fatal(err)
	}
	r, err := sd.Install(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles(t, home, ".config/systemd/user/deskbreak.service")
	if !strings.Contains(strings.Join(r.Notes, " "), "does not start twice") {
		t.Errorf("notes %q do not say the XDG entry was replaced", r.Notes)
	}
	// Uninstall through the XDG manager removes the unit too.
	if _, err := xdg.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	wantFiles(t, home)
}

func TestForeignFilesAreLeftAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home, vars := linuxHome(t, true)
	unit := filepath.Join(home, ".config/systemd/user/deskbreak.service")
	entry := filepath.Join(home, ".config/autostart/deskbreak.desktop")
	for _, p := range []string{unit, entry} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("# mine\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := &fakeRunner{}
	m, err := newManager("linux", Options{Program: Daemon("/usr/bin/deskbreak"), Getenv: env(vars), Runner: run})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Install(ctx); err == nil || !strings.Contains(err.Error(), "was not written by deskbreak install") {
		t.Errorf("install over a foreign unit: %v, want a refusal", err)
	}
	r, err := m.Uninstall(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Steps) != 0 || len(r.Notes) != 3 {
		t.Errorf("uninstall of foreign files: %+v, want three notes and nothing done", r)
	}
	for _, p := range []string{unit, entry} {
		if got := readFile(t, p); got != "# mine\n" {
			t.Errorf("%s changed to %q", p, got)
		}
	}
	if _, err := m.Start(ctx); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("start with only foreign files: %v, want ErrNotInstalled", err)
	}
}

// TestSystemdUninstallWithoutSystemctl: the unit file and its links go even where systemctl
// is gone.
func TestSystemdUninstallWithoutSystemctl(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	b := &systemdBackend{dir: dir, prog: Daemon("/usr/bin/deskbreak"), run: &fakeRunner{}}
	if _, err := b.install(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "default.target.wants"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(b.path(), filepath.Join(dir, "default.target.wants", unitName)); err != nil {
		t.Fatal(err)
	}
	b.run = nil
	r, err := b.uninstall(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("left %q", got)
	}
	if len(r.Steps) != 3 || !strings.Contains(strings.Join(r.Notes, " "), "systemctl is not on PATH") { // the unit, the link, the empty .wants
		t.Errorf("report %+v", r)
	}
	if _, err := b.install(ctx); err == nil {
		t.Error("install without systemctl succeeded")
	}
}

func TestLaunchdRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	home := t.TempDir()
	run := &fakeRunner{fail: map[string]error{}}
	m, err := newManager("darwin", Options{Program: Daemon("/Users/ann/go/bin/deskbreak"), Getenv: env(map[string]string{"HOME": home}), Runner: run})
	if err != nil {
		t.Fatal(err)
	}
	b := m.backends[0].(*launchdBackend)
	b.domain = "gui/501"
	b.log = "/Users/ann/Library/Logs/deskbreak.log" // as in the golden file
	printCmd := "launchctl print gui/501/" + LaunchAgentLabel
	run.fail[printCmd] = errors.New("exit status 113: Could not find service")

	for range 2 {
		if _, err := m.Install(ctx); err != nil {
			t.Fatal(err)
		}
	}
	plist := "Library/LaunchAgents/" + LaunchAgentLabel + ".plist"
	golden(t, "launchagent", readFile(t, filepath.Join(home, plist)))
	wantFiles(t, home, plist)
	wantCalls(t, run, printCmd, printCmd)

	if _, err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	wantCalls(t, run, printCmd, "launchctl bootstrap gui/501 "+filepath.Join(home, plist))

	delete(run.fail, printCmd) // loaded now
	run.out = map[string]string{printCmd: "gui/501/com.github.deskbreak.deskbreak = {\n\tstate = running\n\tpid = 77\n}"}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; !s.Installed || !s.Current || s.State != StateRunning {
		t.Errorf("status %+v, want installed, current, running", s)
	}
	run.take()
	if _, err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	wantCalls(t, run, printCmd, "launchctl kickstart gui/501/"+LaunchAgentLabel, printCmd, "launchctl bootout gui/501/"+LaunchAgentLabel)

	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	wantCalls(t, run, printCmd, "launchctl bootout gui/501/"+LaunchAgentLabel)
	wantFiles(t, home)
}

func TestRunKeyRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key := fakeRunKey{"OneDrive": `"C:\OneDrive.exe" /background`}
	spawn := &fakeSpawner{}
	exe := `C:\Users\Ann\go\bin\deskbreak.exe`
	reg := fakeRegistry{`Software\Classes\txtfile` + "\x00": "Text Document"}
	appData := t.TempDir()
	m, err := newManager("windows", Options{Program: Daemon(exe), Getenv: env(map[string]string{"AppData": appData}), RunKey: key, Registry: reg, Spawner: spawn})
	if err != nil {
		t.Fatal(err)
	}
	lnk := appData + `\Microsoft\Windows\Start Menu\Programs\deskbreak.lnk`
	for i, want := range []string{"wrote", "unchanged"} {
		r, err := m.Install(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Steps[0].Did != want {
			t.Errorf("install %d: %v, want %s", i+1, r.Steps[0], want)
		}
	}
	golden(t, "runvalue", key[Name])
	if got := reg[ProtocolKey+`\shell\open\command`+"\x00"]; got != `"`+exe+`" url "%1"` {
		t.Errorf("protocol command %q", got)
	}
	if _, ok := reg[ProtocolKey+"\x00URL Protocol"]; !ok || reg[AUMIDKey+"\x00DisplayName"] != "deskbreak" {
		t.Errorf("registry after install: %q", reg)
	}
	if data, err := os.ReadFile(lnk); err != nil || !bytes.Equal(data, Shortcut(Daemon(exe), AppUserModelID)) {
		t.Errorf("shortcut %s: %v", lnk, err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st[0]; !s.Installed || !s.Current || s.Where != RunKeyPath+`\deskbreak` {
		t.Errorf("status %+v", s)
	}
	if _, err := m.Start(ctx); err != nil || !equal(spawn.started, []string{exe + " run"}) {
		t.Errorf("start: %v, started %q", err, spawn.started)
	}
	var ns *NotSupportedError
	if _, err := m.Stop(ctx); !errors.As(err, &ns) {
		t.Errorf("stop: %v, want a NotSupportedError", err)
	}
	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	if len(key) != 1 || key["OneDrive"] == "" {
		t.Errorf("key after uninstall: %q, want only the other program's value", key)
	}
	if len(reg) != 1 || reg[`Software\Classes\txtfile`+"\x00"] == "" {
		t.Errorf("registry after uninstall: %q, want only the other program's key", reg)
	}
	if _, err := os.Stat(lnk); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("shortcut after uninstall: %v", err)
	}
	// A protocol or shortcut someone else made is neither replaced nor removed.
	reg[ProtocolKey+`\shell\open\command`+"\x00"] = `"C:\other.exe" "%1"`
	if _, err := m.Install(ctx); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Errorf("install over a foreign protocol: %v", err)
	}
	delete(reg, ProtocolKey+`\shell\open\command`+"\x00")
	os.MkdirAll(filepath.Dir(lnk), 0o755)
	os.WriteFile(lnk, []byte("someone's link"), 0o644)
	if _, err := m.Install(ctx); err == nil || !strings.Contains(err.Error(), lnk) {
		t.Errorf("install over a foreign shortcut: %v", err)
	}
	if _, err := m.Uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(lnk); string(data) != "someone's link" {
		t.Errorf("foreign shortcut touched: %q", data)
	}
	os.Remove(lnk)

	key[Name] = `C:\something\else.exe`
	if _, err := m.Install(ctx); err == nil {
		t.Error("install over a foreign value succeeded")
	}
	if _, err := m.Uninstall(ctx); err != nil || key[Name] != `C:\something\else.exe` {
		t.Errorf("uninstall of a foreign value: %v, value now %q", err, key[Name])
	}
}

func TestNewRefuses(t *testing.T) {
	t.Parallel()
	good := map[string]string{"HOME": "/home/ann"}
	tests := []struct {
		name string
		goos string
		o    Options
		want string
	}{
		{"relative home", "linux", Options{Getenv: env(map[string]string{"HOME": "ann"})}, "HOME"},
		{"launchd on linux", "linux", Options{Method: MethodLaunchd, Getenv: env(good)}, "does not work on linux"},
		{"systemd on windows", "windows", Options{Method: MethodSystemd, Getenv: env(good)}, "does not work on windows"},
		{"unknown", "linux", Options{Method: "upstart", Getenv: env(good)}, `unknown method "upstart"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := newManager(tt.goos, tt.o); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestUninstallRemovesTheDirectoriesItLeftEmpty: uninstall left empty ~/.config/autostart and
// ~/.config/systemd/user behind; it removes them when empty, and never ~/.config itself.
func TestUninstallRemovesTheDirectoriesItLeftEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	config := t.TempDir()
	x := &xdgBackend{path: filepath.Join(config, "autostart", Name+".desktop"), prog: Daemon("/usr/bin/deskbreak"), spawn: &fakeSpawner{}}
	sd := &systemdBackend{dir: filepath.Join(config, "systemd", "user"), prog: Daemon("/usr/bin/deskbreak"), run: &fakeRunner{}}
	for _, b := range []backend{x, sd} {
		if _, err := b.install(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.uninstall(ctx); err != nil {
			t.Fatal(err)
		}
	}
	left, err := os.ReadDir(config)
	if err != nil {
		t.Fatalf("the config directory itself went: %v", err)
	}
	if len(left) != 0 {
		t.Errorf("left in the config directory: %v", left)
	}
	// A directory with something else in it stays, and so does that file.
	other := filepath.Join(config, "autostart", "other.desktop")
	if _, err := x.install(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("[Desktop Entry]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := x.uninstall(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another program's entry: %v", err)
	}
}

// TestSystemdInstallWithoutUserManager: install --method systemd without a user manager
// failed with no Try: line and left the unit behind. It takes the unit back and says what to
// use instead.
func TestSystemdInstallWithoutUserManager(t *testing.T) {
	t.Parallel()
	config := t.TempDir()
	run := &fakeRunner{fail: map[string]error{"systemctl --user daemon-reload": errors.New("exit status 1: Failed to connect to bus: No such file or directory")}}
	b := &systemdBackend{dir: filepath.Join(config, "systemd", "user"), prog: Daemon("/usr/bin/deskbreak"), run: run}
	r, err := b.install(context.Background())
	var ns *NotSupportedError
	if !errors.As(err, &ns) || !strings.Contains(ns.Hint, "--method xdg") || !strings.Contains(err.Error(), "Failed to connect to bus") {
		t.Fatalf("install = %v, want a NotSupportedError hinting at --method xdg", err)
	}
	if got := files(t, config); len(got) != 0 {
		t.Errorf("left %q", got)
	}
	if left, _ := os.ReadDir(config); len(left) != 0 {
		t.Errorf("left directories %v", left)
	}
	if n := len(r.Steps); n == 0 || r.Steps[n-1].Did != "removed" {
		t.Errorf("the report does not say the unit was taken back: %+v", r.Steps)
	}
}
