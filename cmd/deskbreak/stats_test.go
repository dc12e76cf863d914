package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/store"
)

// runStatsCmd runs "deskbreak args..." in-process with vars as the environment and now as
// the clock.
func runStatsCmd(t *testing.T, vars map[string]string, now time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, vars, func() time.Time { return now }, args...)
}

func TestStatsCommand(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	vars := map[string]string{
		"XDG_STATE_HOME":  filepath.Join(tmp, "state"),
		"XDG_CONFIG_HOME": filepath.Join(tmp, "config"),
	}
	// The config's zone, not the clock's (UTC here), decides what a day is.
	if err := os.MkdirAll(filepath.Join(tmp, "config", "deskbreak"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "config", "deskbreak", "config.toml"), []byte("timezone = \"America/New_York\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC) // 12:00 in New York
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, ny) }
	st, err := store.Open(filepath.Join(tmp, "state", "deskbreak"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []scheduler.Event{
		{Type: scheduler.EventDue, At: at(1, 9), Rule: "exercise"}, // before the 3 days
		{Type: scheduler.EventDue, At: at(9, 9), Rule: "exercise"},
		{Type: scheduler.EventSnoozed, At: at(9, 9), Rule: "exercise"},
		{Type: scheduler.EventSkipped, At: at(9, 10), Rule: "exercise"},
		{Type: scheduler.EventPrompt, At: at(9, 11), Rule: "posture"},
		// 22:00 on the 9th in New York is the 10th in UTC.
		{Type: scheduler.EventDue, At: at(9, 22).UTC(), Rule: "exercise"},
		{Type: scheduler.EventIgnored, At: at(9, 23).UTC(), Rule: "exercise"},
		{Type: scheduler.EventDue, At: at(10, 10), Rule: "exercise"},
		{Type: scheduler.EventStarted, At: at(10, 10), Rule: "exercise"},
		{Type: scheduler.EventDone, At: at(10, 10).Add(3 * time.Minute), Rule: "exercise"},
		{Type: scheduler.EventNatural, At: at(10, 11), Rule: "exercise"},
	} {
		if err := st.Append(ev); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("json", func(t *testing.T) {
		code, out, errOut := runStatsCmd(t, vars, now, "stats", "--days", "3", "--json")
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		var got struct {
			From, To, Zone string
			Days           []struct {
				Date string
				store.Counts
				Share *float64
			}
			Total struct {
				store.Counts
				Share *float64
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
		if got.From != "2026-03-08" || got.To != "2026-03-10" || got.Zone != "America/New_York" || len(got.Days) != 3 {
			t.Fatalf("got %+v", got)
		}
		want := []store.Counts{
			{},
			{Due: 2, Snoozed: 1, Skipped: 1, Ignored: 1, Prompts: 1},
			{Due: 1, Full: 1, Natural: 1},
		}
		wantShare := []float64{-1, 0, 1}
		for i, d := range got.Days {
			if d.Counts != want[i] {
				t.Errorf("%s: %+v, want %+v", d.Date, d.Counts, want[i])
			}
			if (d.Share == nil) != (wantShare[i] < 0) || d.Share != nil && *d.Share != wantShare[i] {
				t.Errorf("%s: share %v, want %v (-1: none)", d.Date, d.Share, wantShare[i])
			}
		}
		if wantTotal := (store.Counts{Due: 3, Full: 1, Natural: 1, Snoozed: 1, Skipped: 1, Ignored: 1, Prompts: 1}); got.Total.Counts != wantTotal {
			t.Errorf("total %+v, want %+v", got.Total.Counts, wantTotal)
		}
		if got.Total.Share == nil || *got.Total.Share != 0.5 {
			t.Errorf("total share %v, want 0.5", got.Total.Share)
		}
	})

	t.Run("csv", func(t *testing.T) {
		code, out, _ := runStatsCmd(t, vars, now, "stats", "--csv", "--days=2")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"date", "due", "taken_full", "cut_short", "cut_short_seconds", "own", "natural", "natural_of_due",
				"snoozed", "skipped", "ignored", "paused", "prompts", "share"},
			{"2026-03-09", "2", "0", "0", "0", "0", "0", "0", "1", "1", "1", "0", "1", "0.000"},
			{"2026-03-10", "1", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "1.000"},
		}
		if len(rows) != len(want) {
			t.Fatalf("got %q, want %q", rows, want)
		}
		for i := range want {
			if strings.Join(rows[i], ",") != strings.Join(want[i], ",") {
				t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
			}
		}
	})

	t.Run("human", func(t *testing.T) {
		code, out, _ := runStatsCmd(t, vars, now, "stats", "--days", "3")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, want := range []string{
			"Breaks from 2026-03-08 to 2026-03-10 (America/New_York)",
			"day       due full short own nat skip ign paus snz prm share\n",
			"Sun 03-08   0    0     0   0   0    0   0    0   0   0     -\n",
			"Mon 03-09   2    0     0   0   0    1   1    0   1   1    0% ..........\n",
			"Tue 03-10   1    1     0   0   1    0   0    0   0   0  100% ##########\n",
			"total       3    1     0   0   1    1   1    0   1   1   50% #####.....\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if len([]rune(line)) > 80 {
				t.Errorf("line wider than 80 columns: %q", line)
			}
		}
		utf := map[string]string{"LANG": "en_US.UTF-8"}
		for k, v := range vars {
			utf[k] = v
		}
		if _, out, _ := runStatsCmd(t, utf, now, "stats", "--days", "3"); !strings.Contains(out, "100% ██████████\n") {
			t.Errorf("with a UTF-8 locale, want block bars:\n%s", out)
		}
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"stats", "--json", "--csv"},
			{"stats", "--days", "0"},
			{"stats", "--days", "x"},
			{"stats", "today"},
		} {
			if code, _, errOut := runStatsCmd(t, vars, now, args...); code != 2 || !strings.Contains(errOut, "Usage: deskbreak stats") {
				t.Errorf("%q: exit %d, stderr %q; want 2 and the usage", args, code, errOut)
			}
		}
	})
}

func TestStatsNoHistory(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	vars := map[string]string{"XDG_STATE_HOME": tmp, "XDG_CONFIG_HOME": tmp}
	code, out, errOut := runStatsCmd(t, vars, time.Now(), "stats")
	path := filepath.Join(tmp, "deskbreak", "history.jsonl")
	if code != 0 || !strings.Contains(out, "No history yet") || !strings.Contains(out, path) || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and a line naming %s", code, out, errOut, path)
	}
	if _, err := os.Stat(filepath.Join(tmp, "deskbreak")); !os.IsNotExist(err) {
		t.Errorf("stats created the state directory: %v", err)
	}
	// Programs still get well-formed, empty days.
	code, out, _ = runStatsCmd(t, vars, time.Now(), "stats", "--json", "--days", "2")
	var got struct{ Days []store.Day }
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got.Days) != 2 || got.Days[1].Counts != (store.Counts{}) {
		t.Errorf("--json without history: exit %d, %v, %s", code, err, out)
	}
}

func TestStatsBadHistoryLine(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	vars := map[string]string{"XDG_STATE_HOME": tmp, "XDG_CONFIG_HOME": tmp}
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	history := `{"type":"due","at":"2026-03-10T09:00:00Z","rule":"exercise"}
not json
{"type":"done","at":"2026-03-10T09:05:00Z","rule":"exercise"}
{"type":"due","at":"2026-03-1`
	if err := os.MkdirAll(filepath.Join(tmp, "deskbreak"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "deskbreak", "history.jsonl"), []byte(history), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runStatsCmd(t, vars, now, "stats", "--csv", "--days", "1")
	if code != 0 || !strings.Contains(out, "2026-03-10,1,1,0,0,0,0,0,0,0,0,0,0,1.000") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "line=2") || strings.Contains(errOut, "line=4") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("want one warning, about line 2 (the torn last line is silent); stderr %q", errOut)
	}
}
