package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
			if p.Rule != "exercise" || p.Duration != "3m0s" {
				t.Errorf("break entry %+v", p)
			}
		} else if p.Kind != "prompt" || p.Duration != "" {
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
	for _, want := range []string{"Sunday 2026-03-29  (work hours 01:00-05:00)", "03:00  break  exercise (3m0s)", "04:03", "2 breaks and 0 prompts."} {
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
		{[]string{"plan", "--config", good, "--from", "yesterday"}, 2, `--from: "yesterday" is neither RFC 3339`},
		{[]string{"plan", "--config", good, "--from", "2026-03-09", "--until", "2026-03-08"}, 2, "is not after --from"},
		{[]string{"plan", "--config", good, "--days", "0"}, 2, "--days 0: want 1 to 3660"},
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
