package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbreak/deskbreak/internal/config"
)

// runConfigCmd runs "deskbreak args..." in-process with the given environment.
func runConfigCmd(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, vars, nil, args...)
}

// fiveMistakes is a config with five mistakes, one per line 1, 4, 9, 12, 16.
const fiveMistakes = `timezone = "Europe/Berln"

[work_hours]
mon = ["09:00-12:30", "13:30-12:00"]
tue = ["09:00-17:30"]

[breaks.exercise]
every = "1h"
categories = ["neck", "nekc"]

[prompts.posture]
every = "0m"

[snooze]
choices = ["5m", "15m"]
limit = -2
`

func TestConfigCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	vars := map[string]string{"XDG_CONFIG_HOME": xdg}
	want := filepath.Join(xdg, "deskbreak", "config.toml")

	// path, before the file exists
	code, out, errs := runConfigCmd(t, vars, "config", "path")
	if code != 0 || out != want+"\n" || !strings.Contains(errs, "config init") {
		t.Errorf("config path = %d %q %q", code, out, errs)
	}
	// check with no file: the defaults
	code, out, errs = runConfigCmd(t, vars, "config", "check")
	if code != 0 || out != want+": no such file, so the built-in defaults apply: 5 work days, 1 break, 3 prompts\n" || errs != "" {
		t.Errorf("config check (no file) = %d %q %q", code, out, errs)
	}

	// init creates the directories and writes the defaults
	code, out, errs = runConfigCmd(t, vars, "config", "init")
	if code != 0 || out != "wrote "+want+"\n" || errs != "" {
		t.Fatalf("config init = %d %q %q", code, out, errs)
	}
	data, err := os.ReadFile(want)
	if err != nil || !bytes.Equal(data, config.DefaultFile()) {
		t.Fatalf("written file: %v; equal to DefaultFile: %v", err, bytes.Equal(data, config.DefaultFile()))
	}
	if fi, _ := os.Stat(want); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v", fi.Mode())
	}

	// init refuses to overwrite
	if err := os.WriteFile(want, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runConfigCmd(t, vars, "config", "init")
	if code != 1 || out != "" || errs != "deskbreak: config init: "+want+" already exists\nTry: deskbreak config check (to check it), or deskbreak config init --force (to replace it with the defaults)\n" {
		t.Errorf("config init (exists) = %d %q %q", code, out, errs)
	}
	if data, _ := os.ReadFile(want); string(data) != "# mine\n" {
		t.Error("config init overwrote the file without --force")
	}
	// ... unless forced
	code, _, _ = runConfigCmd(t, vars, "config", "init", "--force")
	if data, _ := os.ReadFile(want); code != 0 || !bytes.Equal(data, config.DefaultFile()) {
		t.Errorf("config init --force = %d; file replaced: %v", code, bytes.Equal(data, config.DefaultFile()))
	}
	if entries, _ := os.ReadDir(filepath.Dir(want)); len(entries) != 1 {
		t.Errorf("leftover files: %v", entries)
	}

	// check the defaults written
	code, out, errs = runConfigCmd(t, vars, "config", "check")
	if code != 0 || out != want+": OK: 5 work days, 1 break, 3 prompts\n" || errs != "" {
		t.Errorf("config check = %d %q %q", code, out, errs)
	}

	// check a file with five mistakes, named as FILE, with flags after it
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte(fiveMistakes), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runConfigCmd(t, vars, "config", "check", bad)
	wantErrs := bad + `:1: timezone: "Europe/Berln": unknown time zone (use an IANA name such as "Europe/Berlin")
` + bad + `:4: work_hours.mon[1]: "13:30-12:00": end is before start
` + bad + `:9: breaks.exercise.categories[1]: "nekc": unknown category (see "deskbreak tips list")
` + bad + `:12: prompts.posture.every: "0m": must be positive
` + bad + `:16: snooze.limit: -2: must be 0 or more
deskbreak: ` + bad + `: 5 problems
`
	if code != 1 || out != "" || errs != wantErrs {
		t.Errorf("config check bad = %d %q\n got: %s\nwant: %s", code, out, errs, wantErrs)
	}

	// warnings are printed, and the check still passes; --config picks the file
	warn := filepath.Join(dir, "warn.toml")
	if err := os.WriteFile(warn, []byte("timezone = \"Asia/Tokyo\"\n[work_hours]\nmon = [\"09:00-17:00\"]\nholidays = [\"2026-01-01\"]\n[prompts.posture]\nevery = \"3m\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runConfigCmd(t, vars, "config", "--config", warn, "check")
	if code != 0 || out != warn+": OK: 1 work day, 1 holiday, 0 breaks, 1 prompt (Asia/Tokyo)\n" ||
		errs != "warning: "+warn+`:6: prompts.posture.every: "3m": shorter than 5 minutes; reminders this often get in the way`+"\n" {
		t.Errorf("config check warn = %d %q %q", code, out, errs)
	}

	// A file named on the command line that does not exist is an error, however it is
	// named, for every command that reads it (run once ran on the defaults without a word,
	// and config check --config missing passed while config check missing failed).
	missing := filepath.Join(dir, "missing.toml")
	for _, args := range [][]string{
		{"config", "check", missing}, {"config", "check", "--config", missing}, {"config", "--config", missing, "check"},
		{"run", "--config", missing}, {"plan", "--config", missing}, {"tips", "next", "--config", missing},
	} {
		code, out, errs = runConfigCmd(t, vars, args...)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "deskbreak: config file "+missing) || !strings.Contains(errs, "does not exist") ||
			!strings.Contains(errs, "Try: deskbreak config init --config "+missing) {
			t.Errorf("%v = %d %q %q; want exit 1 and the file named as missing", args, code, out, errs)
		}
	}
	code, _, errs = runConfigCmd(t, map[string]string{"DESKBREAK_CONFIG": missing, "XDG_CONFIG_HOME": xdg}, "config", "check")
	if code != 1 || !strings.Contains(errs, "(from $DESKBREAK_CONFIG) does not exist") {
		t.Errorf("config check with a missing DESKBREAK_CONFIG = %d %q", code, errs)
	}
	// init writes a named file that does not exist yet; the default path may be missing.
	if code, out, errs := runConfigCmd(t, vars, "config", "init", "--config", missing); code != 0 || !strings.Contains(out, "wrote "+missing) {
		t.Errorf("config init --config missing = %d %q %q", code, out, errs)
	}
	// DESKBREAK_CONFIG is honoured by path
	code, out, _ = runConfigCmd(t, map[string]string{"DESKBREAK_CONFIG": bad, "XDG_CONFIG_HOME": xdg}, "config", "path")
	if code != 0 || out != bad+"\n" {
		t.Errorf("config path with DESKBREAK_CONFIG = %d %q", code, out)
	}
}

func TestConfigCommandUsage(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"XDG_CONFIG_HOME": t.TempDir()}
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"config"}, "missing subcommand: init, path or check"},
		{[]string{"config", "edit"}, `unknown subcommand "edit": want init, path or check`},
		{[]string{"config", "check", "--force"}, "--force applies to config init only"},
		{[]string{"config", "check", "a", "b"}, "config check takes one FILE at most, got 2"},
		{[]string{"config", "path", "x"}, "config path takes no arguments (choose the file with --config FILE)"},
		{[]string{"config", "init", "--bogus"}, "flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		code, out, errs := runConfigCmd(t, vars, tt.args...)
		if code != 2 || out != "" || !strings.Contains(errs, "deskbreak: "+tt.msg+"\nUsage: deskbreak config ") {
			t.Errorf("%q = %d %q %q", tt.args, code, out, errs)
		}
	}
	code, out, _ := runConfigCmd(t, vars, "help", "config")
	if code != 0 || !strings.Contains(out, "Subcommands:") || !strings.Contains(out, "-force") {
		t.Errorf("help config = %d %q", code, out)
	}
}
