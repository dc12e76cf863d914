package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// svcRun runs one command line in-process against a temporary home without a systemd user
// manager, as the binary /opt/deskbreak/bin/deskbreak. It replaces package variables, so the
// tests that use it do not run in parallel.
func svcRun(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	oldExe, oldEuid := executable, geteuid
	t.Cleanup(func() { executable, geteuid = oldExe, oldEuid })
	executable = func() (string, error) { return "/opt/deskbreak/bin/deskbreak", nil }
	geteuid = func() int { return 1000 }
	if vars["SUDO_USER"] != "" {
		geteuid = func() int { return 0 }
	}
	return runCLI(t, vars, nil, args...)
}

func svcHome(t *testing.T) (string, map[string]string) {
	home := t.TempDir()
	return home, map[string]string{"HOME": home, "XDG_RUNTIME_DIR": filepath.Join(home, "run")}
}

func TestInstallUninstallCommands(t *testing.T) {
	home, vars := svcHome(t)
	entry := filepath.Join(home, ".config/autostart/deskbreak.desktop")

	code, out, errs := svcRun(t, vars, "install")
	if code != 0 {
		t.Fatalf("install: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"wrote     " + entry, "/opt/deskbreak/bin/deskbreak run", "deskbreak uninstall", "an XDG autostart entry"} {
		if !strings.Contains(out, want) {
			t.Errorf("install output lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(entry)
	if err != nil || !strings.Contains(string(b), "Exec=/opt/deskbreak/bin/deskbreak run\n") {
		t.Fatalf("entry %q, %v", b, err)
	}
	// The app icon goes into the person's hicolor theme, for the launcher and notifications.
	icon := filepath.Join(home, ".local/share/icons/hicolor/48x48/apps/deskbreak.png")
	svg := filepath.Join(home, ".local/share/icons/hicolor/scalable/apps/deskbreak.svg")
	for _, p := range []string{icon, svg} {
		if _, err := os.Stat(p); err != nil || !strings.Contains(out, "wrote     "+p) {
			t.Errorf("install did not write the icon %s: %v\n%s", p, err, out)
		}
	}
	if code, out, _ := svcRun(t, vars, "install"); code != 0 || !strings.Contains(out, "unchanged "+entry) {
		t.Errorf("second install: exit %d\n%s", code, out)
	}
	if code, out, _ := svcRun(t, vars, "service-status"); code != 0 || !strings.Contains(out, "An XDG autostart entry: installed\n") {
		t.Errorf("service-status: exit %d\n%s", code, out)
	}
	if code, out, _ := svcRun(t, vars, "service-status", "--json"); code != 0 || !strings.Contains(out, `"method": "xdg"`) {
		t.Errorf("service-status --json: exit %d\n%s", code, out)
	}
	code, _, errs = svcRun(t, vars, "stop")
	if code != 1 || !strings.Contains(errs, "cannot stop it\nTry: pkill -TERM") {
		t.Errorf("stop: exit %d\n%s", code, errs)
	}
	if code, out, _ := svcRun(t, vars, "uninstall"); code != 0 || !strings.Contains(out, "removed   "+entry) || !strings.Contains(out, "removed   "+icon) {
		t.Errorf("uninstall: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(icon); !os.IsNotExist(err) {
		t.Errorf("icon still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, ".local/share/icons")); !os.IsNotExist(err) {
		t.Errorf("uninstall left the icon directories it made, empty: %v", err)
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("entry still there: %v", err)
	}
	if code, out, _ := svcRun(t, vars, "uninstall"); code != 0 || !strings.Contains(out, "Nothing to remove") {
		t.Errorf("second uninstall: exit %d\n%s", code, out)
	}
	code, _, errs = svcRun(t, vars, "start")
	if code != 1 || !strings.Contains(errs, "not installed") || !strings.Contains(errs, "Try: deskbreak install") {
		t.Errorf("start when not installed: exit %d\n%s", code, errs)
	}
	if code, out, _ := svcRun(t, vars, "service-status"); code != 0 || !strings.Contains(out, "not installed") {
		t.Errorf("service-status when not installed: exit %d\n%s", code, out)
	}
}

func TestInstallRefusals(t *testing.T) {
	home, vars := svcHome(t)
	sudo := map[string]string{"HOME": home, "SUDO_USER": "ann"}
	for _, op := range []string{"install", "uninstall", "start", "stop", "service-status"} {
		code, _, errs := svcRun(t, sudo, op)
		if code != 1 || !strings.Contains(errs, "under sudo") || !strings.Contains(errs, "Try: deskbreak "+op+" (as ann, without sudo)") {
			t.Errorf("%s under sudo: exit %d\n%s", op, code, errs)
		}
	}
	if code, _, errs := svcRun(t, vars, "install", "--method", "upstart"); code != 2 || !strings.Contains(errs, `--method "upstart"`) {
		t.Errorf("install --method upstart: exit %d\n%s", code, errs)
	}
	if code, _, errs := svcRun(t, vars, "uninstall", "now"); code != 2 {
		t.Errorf("uninstall now: exit %d\n%s", code, errs)
	}
	if files, _ := filepath.Glob(filepath.Join(home, ".config", "*", "*")); len(files) != 0 {
		t.Errorf("a refused command wrote %q", files)
	}
}

// TestInstallRefusesGoRun runs "go run ./cmd/deskbreak install" for real: the temporary binary
// must not be recorded.
func TestInstallRefusesGoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	home, _ := svcHome(t)
	cmd := exec.Command("go", "run", ".", "install")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_RUNTIME_DIR="+filepath.Join(home, "run"))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `temporary build of "go run"`) || !strings.Contains(string(out), "go install") {
		t.Errorf("go run . install: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(home, "config", "autostart")); !os.IsNotExist(err) {
		t.Errorf("go run . install wrote an autostart entry: %v", err)
	}
}

func TestManPage(t *testing.T) {
	var b bytes.Buffer
	if err := writeMan(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for name, c := range commands {
		has := strings.Contains(page, "\n.B deskbreak "+roffText(name)+" ") || strings.Contains(page, "\n.B deskbreak "+roffText(name)+"\n")
		if has == c.hidden {
			t.Errorf("command %q (hidden %v): on the page %v", name, c.hidden, has)
		}
	}
	for _, want := range []string{".TH DESKBREAK 1", "\\fB\\-method\\fR \\fIstring\\fR", ".SH EXIT STATUS"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "deskbreak "+version+"\n.") {
		t.Error(`the page has the output of "deskbreak version" as help`)
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("groff is not installed, and CI=true requires it")
		}
		t.Skip("groff is not installed; not checking the page's roff")
	}
	cmd := exec.Command(groff, "-man", "-ww", "-z", "-Tutf8")
	cmd.Stdin = strings.NewReader(page)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff -man -ww: %v\n%s", err, out)
	}
}
