package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestReadmeWalkthrough runs, in order, the README's commands that need no running daemon, as
// a newcomer does on a fresh machine, with the clock injected at a Monday morning and on a
// Saturday: each must succeed and read cleanly (no Go-style durations such as 3m0s, no
// empty plan on a day off, help on stdout). The daemon's own commands are covered by the
// status and action tests and the e2e tests.
func TestReadmeWalkthrough(t *testing.T) {
	t.Parallel()
	// The default config (and config init's) reads work hours in local time.
	z := time.Local
	goDuration := regexp.MustCompile(`\b\d+m\d+s\b|\b\dh\d+m\d+s\b`)
	for _, day := range []struct {
		name      string
		now       time.Time
		firstPlan string // the first break line plan shows
		nextBreak string // tips next's first line starts so
	}{
		{"weekday", time.Date(2026, 3, 9, 10, 30, 0, 0, z), "11:30  break   exercise (3 min)", "Next exercise break at 11:30, 3 min:"},
		{"weekend", time.Date(2026, 3, 14, 11, 0, 0, 0, z), "10:00  break   exercise (3 min)", "Next exercise break at Mon 10:00, 3 min:"},
	} {
		t.Run(day.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			vars := map[string]string{"HOME": home, "XDG_CONFIG_HOME": home + "/.config", "XDG_STATE_HOME": home + "/.local/state",
				"XDG_RUNTIME_DIR": home + "/run"}
			now := func() time.Time { return day.now }
			run := func(args ...string) string {
				t.Helper()
				code, out, errs := runCLI(t, vars, now, args...)
				if code != 0 {
					t.Fatalf("deskbreak %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
				}
				if m := goDuration.FindString(out); m != "" {
					t.Errorf("deskbreak %s prints the Go duration %q:\n%s", strings.Join(args, " "), m, out)
				}
				return out
			}
			if out := run(); !strings.Contains(out, "deskbreak man") {
				t.Errorf("the command list does not name the manual:\n%s", out)
			}
			run("help", "plan")
			run("version")
			run("config", "path")
			if out := run("config", "check"); !strings.Contains(out, "built-in defaults apply") {
				t.Errorf("config check without a file:\n%s", out)
			}
			run("config", "init")
			cfg := home + "/.config/deskbreak/config.toml"
			if out := run("config", "check"); !strings.Contains(out, cfg+": OK") {
				t.Errorf("config check after init:\n%s", out)
			}
			out := run("plan", "--config", cfg)
			if strings.Contains(out, "Nothing fires") || !strings.Contains(out, day.firstPlan) {
				t.Errorf("plan on a %s, want %q:\n%s", day.name, day.firstPlan, out)
			}
			checkColumns(t, out)
			if out := run("plan", "--until", "fri", "--json"); !strings.Contains(out, `"duration_seconds": 180`) {
				t.Errorf("plan --until fri --json:\n%s", out)
			}
			if out := run("tips", "next"); !strings.HasPrefix(out, day.nextBreak) {
				t.Errorf("tips next on a %s: want %q first:\n%s", day.name, day.nextBreak, out)
			}
			run("tips", "list")
			run("tips", "show", "chin-tuck")
			if out := run("stats"); !strings.HasPrefix(out, "No history yet") {
				t.Errorf("stats on a fresh machine:\n%s", out)
			}
			run("completion", "bash")
		})
	}
}
