package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// writeConfig writes a config file into a temp dir and returns its path.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const berlinDefaults = `timezone = "Europe/Berlin"
`

func TestPlanJSON(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, berlinDefaults)
	code, out, errs := runCLI(t, nil, nil, "plan", "--config", cfg, "--from", "2026-03-09", "--days", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []planEntry
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	breaks := 0
	for i, p := range got {
		if i > 0 && p.At < got[i-1].At {
			t.Errorf("not sorted at %d: %s after %s", i, p.At, got[i-1].At)
		}
		if !strings.HasSuffix(p.At, "+01:00") {
			t.Errorf("at %q lacks the CET offset", p.At)
		}
		if p.Kind == "break" {
			breaks++
			if p.Rule != "exercise" || p.DurationSeconds != 180 {
				t.Errorf("break entry %+v", p)
			}
		} else if p.Kind != "prompt" || p.DurationSeconds != 0 {
			t.Errorf("prompt entry %+v", p)
		}
	}
	if breaks != 7 || got[0].At != "2026-03-09T09:20:00+01:00" || got[0].Rule != "eyes" {
		t.Errorf("%d breaks, first %+v", breaks, got[0])
	}
}

func TestPlanTableAndDST(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, `timezone = "Europe/Berlin"
[work_hours]
sun = ["01:00-05:00"]
[breaks.exercise]
every = "1h"
duration = "3m"
`)
	code, out, errs := runCLI(t, nil, nil, "plan", "--config", cfg, "--from", "2026-03-29", "--until", "2026-03-30")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Sunday 2026-03-29  (work hours 01:00-05:00)", "03:00  break  exercise (3 min)", "04:03", "2 breaks and 0 prompts."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPlanMistakes(t *testing.T) {
	t.Parallel()
	good := writeConfig(t, berlinDefaults)
	bad := writeConfig(t, "[work_hours]\nmon = [\"17:00-09:00\"]\n")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "--config", good, "--from", "yesterday"}, 2, `--from: "yesterday" is not a time`},
		{[]string{"plan", "--config", good, "--from", "2026-03-09", "--until", "2026-03-08"}, 2, "is not after --from"},
		{[]string{"plan", "--config", good, "--days", "0"}, 2, "--days 0: want 1 to 3660"},
		{[]string{"plan", "--config", good, "--days", "2", "--until", "2026-03-12"}, 2, "--days and --until both set the end"},
		{[]string{"plan", "--config", good, "--until", "25:00"}, 2, `--until: "25:00" is not a time: want HH:MM`},
		{[]string{"plan", "--config", good, "--until", "someday"}, 2, "a weekday (mon...sun)"},
		{[]string{"plan", "--config", good, "extra"}, 2, `plan takes no arguments, got "extra"`},
		{[]string{"plan", "--config", bad}, 1, "config.toml:2: work_hours.mon[0]"},
	}
	for _, tc := range tests {
		code, _, errs := runCLI(t, nil, nil, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

// TestTipsNext shows what the next break gets, from the saved memory, without changing it.
func TestTipsNext(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	cfg := writeConfig(t, berlinDefaults)
	mem := tips.Memory{NextArea: "calm"}
	raw, _ := json.Marshal(mem)
	file := filepath.Join(state, "deskbreak", "state.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		t.Fatal(err)
	}
	body := `{"version":1,"scheduler":{},"tips":` + string(raw) + `}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cat, err := tips.Default()
	if err != nil {
		t.Fatal(err)
	}
	want, err := tips.NewPicker(cat, mem, mem.Rand("exercise")).Pick(tips.Request{Duration: 180e9})
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"XDG_STATE_HOME": state}
	code, out, errs := runCLI(t, vars, nil, "tips", "next", "--config", cfg)
	if code != 0 || !strings.HasPrefix(out, "Next exercise break at ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	for _, e := range want {
		if !strings.Contains(out, e.Title) || !strings.Contains(out, "deskbreak tips show "+e.ID) {
			t.Errorf("output lacks %s:\n%s", e.ID, out)
		}
	}
	after, _ := os.ReadFile(file)
	if string(after) != body {
		t.Errorf("tips next changed the state file")
	}
}

// planAt runs "deskbreak plan --json args..." at now, with the saved state st (nil: none),
// and returns the entries.
func planAt(t *testing.T, now time.Time, st *scheduler.State, args ...string) []planEntry {
	t.Helper()
	dir := t.TempDir()
	if st != nil {
		s, err := store.Open(filepath.Join(dir, "deskbreak"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveState(store.State{Scheduler: *st}); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{"XDG_STATE_HOME": dir}
	code, out, errs := runCLI(t, vars, func() time.Time { return now }, append([]string{"plan", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("plan %v: exit %d: %s", args, code, errs)
	}
	var got []planEntry
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	return got
}

// TestPlanAgreesWithTheDaemon: plan said the first break was at 08:58 while the daemon said
// 08:57, because plan counted every rule afresh from the moment it ran. From now, it
// continues from the daemon's saved state.
func TestPlanAgreesWithTheDaemon(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, "timezone = \"Europe/Berlin\"\n[work_hours]\nmon = [\"07:00-17:00\"]\n")
	z, _ := time.LoadLocation("Europe/Berlin")
	started := time.Date(2026, 3, 9, 7, 57, 41, 0, z) // the daemon's first look at the clock
	now := time.Date(2026, 3, 9, 7, 58, 23, 0, z)     // plan runs 42 s later
	st := &scheduler.State{}
	ld, err := config.Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := ld.Rules()
	st.Advance(rules, started)
	want := rules.NextOf(st, now, scheduler.KindBreak)
	if want == nil || want.At.Format(time.TimeOnly) != "08:57:41" {
		t.Fatalf("the daemon's next break %+v, want 08:57:41", want)
	}
	var first *planEntry
	for _, p := range planAt(t, now, st, "--config", cfg) {
		if p.Kind == "break" {
			first = &p
			break
		}
	}
	if first == nil || first.At != want.At.Format(time.RFC3339) {
		t.Errorf("plan's first break %+v, the daemon's %s", first, want.At.Format(time.RFC3339))
	}
}

// TestPlanUntilForms: --until takes a clock time (today, or tomorrow once past) and a weekday.
func TestPlanUntilForms(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, berlinDefaults)
	z, _ := time.LoadLocation("Europe/Berlin")
	mon := time.Date(2026, 3, 9, 9, 0, 0, 0, z) // a Monday
	last := func(ps []planEntry) string {
		if len(ps) == 0 {
			return "none"
		}
		return ps[len(ps)-1].At
	}
	// 09:30 today: the prompts up to the posture prompt at 09:25, nothing later.
	if got := planAt(t, mon, nil, "--config", cfg, "--until", "09:30"); last(got) != "2026-03-09T09:25:00+01:00" {
		t.Errorf("--until 09:30 at 09:00: %+v", got)
	}
	// 08:00 is past at 09:00: tomorrow 08:00, so today's whole plan and nothing of Tuesday.
	got := planAt(t, mon, nil, "--config", cfg, "--until", "08:00")
	if last(got) != "2026-03-09T16:55:00+01:00" && !strings.HasPrefix(last(got), "2026-03-09T16:") {
		t.Errorf("--until 08:00 at 09:00 ends at %s, want the end of Monday", last(got))
	}
	// A weekday: through the end of that day.
	got = planAt(t, mon, nil, "--config", cfg, "--until", "wed")
	if !strings.HasPrefix(last(got), "2026-03-11T16:") {
		t.Errorf("--until wed ends at %s, want Wednesday afternoon", last(got))
	}
	got = planAt(t, mon, nil, "--config", cfg, "--from", "tue", "--until", "Tuesday")
	if !strings.HasPrefix(got[0].At, "2026-03-10T09:") || !strings.HasPrefix(last(got), "2026-03-10T16:") {
		t.Errorf("--from tue --until Tuesday: %s to %s, want Tuesday only", got[0].At, last(got))
	}
}

// TestPlanWeekend: on a day off, plan without flags shows the next work day instead of
// "Nothing fires in this window".
func TestPlanWeekend(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, berlinDefaults)
	z, _ := time.LoadLocation("Europe/Berlin")
	sat := time.Date(2026, 3, 14, 11, 0, 0, 0, z)
	vars := map[string]string{"XDG_STATE_HOME": t.TempDir()}
	code, out, errs := runCLI(t, vars, func() time.Time { return sat }, "plan", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Monday 2026-03-16  (work hours 09:00-17:00)", "10:00  break   exercise (3 min)"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan on a Saturday lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Nothing fires") {
		t.Errorf("plan on a Saturday:\n%s", out)
	}
}
