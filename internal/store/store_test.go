package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// newTestStore opens a Store in a fresh directory, logging into the returned buffer.
func newTestStore(t *testing.T) (*Store, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	s, err := Open(filepath.Join(t.TempDir(), "state"), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, &logs
}

func TestStateDir(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got, err := StateDir(env(map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/u"}))
	if err != nil || got != filepath.Join("/x/state", "deskbreak") {
		t.Errorf("with XDG_STATE_HOME: got %q, %v", got, err)
	}
	if runtime.GOOS != "linux" {
		return
	}
	for _, xdg := range []string{"", "relative/dir"} {
		got, err = StateDir(env(map[string]string{"XDG_STATE_HOME": xdg, "HOME": "/home/u"}))
		if err != nil || got != "/home/u/.local/state/deskbreak" {
			t.Errorf("XDG_STATE_HOME=%q: got %q, %v; want /home/u/.local/state/deskbreak", xdg, got, err)
		}
	}
	if got, err := StateDir(env(nil)); err == nil {
		t.Errorf("no HOME: got %q, want an error", got)
	}
}

func TestOpenCreatesPrivateDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "b")
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", fi.Mode().Perm())
	}
}

func sampleState() State {
	t0 := time.Date(2026, 3, 2, 10, 15, 0, 123, time.FixedZone("CET", 3600))
	return State{
		Scheduler: scheduler.State{
			Rules: map[string]scheduler.RuleState{
				"exercise": {Since: t0},
				"posture":  {Since: t0.Add(-20 * time.Minute)},
			},
			Pending:  &scheduler.Pending{Rule: "exercise", DueAt: t0, Snoozes: 2, SnoozedUntil: t0.Add(5 * time.Minute)},
			Active:   &scheduler.Active{Rule: "exercise", Start: t0, End: t0.Add(3 * time.Minute)},
			LastSeen: t0.Add(time.Minute),
		},
		Tips: json.RawMessage(`{"recent":["neck-roll","wrist-circles"]}`),
	}
}

func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	s, logs := newTestStore(t)
	want := sampleState()
	if err := s.SaveState(want); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadState()
	if err != nil {
		t.Fatal(err)
	}
	want.Version = StateVersion
	if !statesEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// A second save replaces the first.
	want.Scheduler.Pending = nil
	want.Tips = nil
	if err := s.SaveState(want); err != nil {
		t.Fatal(err)
	}
	if got, err = s.LoadState(); err != nil || !statesEqual(got, want) {
		t.Errorf("after second save: got %+v, %v; want %+v", got, err, want)
	}
	entries, _ := os.ReadDir(s.Dir())
	if len(entries) != 1 || entries[0].Name() != StateFile {
		t.Errorf("directory holds %v, want only %s", names(entries), StateFile)
	}
	if logs.Len() > 0 {
		t.Errorf("unexpected log: %s", logs)
	}
}

// statesEqual compares states by their JSON, which is what survives a round trip (times
// lose their monotonic reading and keep their offset, not their *Location).
func statesEqual(a, b State) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func names(entries []os.DirEntry) []string {
	var n []string
	for _, e := range entries {
		n = append(n, e.Name())
	}
	return n
}

func TestLoadMissingIsZero(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	got, err := s.LoadState()
	if err != nil || !reflect.DeepEqual(got, State{}) {
		t.Errorf("got %+v, %v; want the zero State", got, err)
	}
}

func TestLoadCorruptIsSetAside(t *testing.T) {
	t.Parallel()
	valid, _ := json.Marshal(State{Version: 1, Scheduler: sampleState().Scheduler})
	tests := map[string]string{
		"not_json":        "hello, world\n",
		"truncated":       string(valid[:len(valid)/2]),
		"empty":           "",
		"nul_bytes":       "\x00\x00\x00\x00",
		"no_version":      `{"scheduler":{}}`,
		"null":            "null",
		"trailing_data":   string(valid) + "}",
		"wrong_type":      `{"version":"1"}`,
		"negative_vers":   `{"version":-3}`,
		"array":           `[1,2,3]`,
		"rules_not_a_map": `{"version":1,"scheduler":{"rules":[1]}}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, logs := newTestStore(t)
			s.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 7200)) }
			if err := os.WriteFile(s.StatePath(), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := s.LoadState()
			if err != nil || !reflect.DeepEqual(got, State{}) {
				t.Fatalf("got %+v, %v; want the zero State and no error", got, err)
			}
			aside := s.StatePath() + ".corrupt-20260102T010405Z"
			data, err := os.ReadFile(aside)
			if err != nil {
				t.Fatalf("set-aside file: %v (directory: %v)", err, dirNames(t, s.Dir()))
			}
			if string(data) != content {
				t.Errorf("set-aside file holds %q, want %q", data, content)
			}
			if _, err := os.Stat(s.StatePath()); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("state file still there: %v", err)
			}
			log := logs.String()
			if !strings.Contains(log, "level=WARN") || !strings.Contains(log, s.StatePath()) || !strings.Contains(log, aside) {
				t.Errorf("warning should name %s and %s; log: %s", s.StatePath(), aside, log)
			}
			// A fresh save works afterwards, and a second corruption in the same second
			// gets a name of its own.
			if err := os.WriteFile(s.StatePath(), []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := s.LoadState(); err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(aside + "-2"); err != nil || string(data) != "{" {
				t.Errorf("second set-aside file: %q, %v", data, err)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return names(entries)
}

func TestLoadNewerVersionIsRefused(t *testing.T) {
	t.Parallel()
	s, logs := newTestStore(t)
	content := `{"version":2,"scheduler":{},"future":"field"}`
	if err := os.WriteFile(s.StatePath(), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.LoadState()
	var nv *NewerVersionError
	if !errors.As(err, &nv) || nv.Version != 2 {
		t.Fatalf("got %v, want a *NewerVersionError for version 2", err)
	}
	for _, want := range []string{s.StatePath(), "version 2", "newer", "upgrade deskbreak"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if data, _ := os.ReadFile(s.StatePath()); string(data) != content {
		t.Errorf("the newer file was changed: %q", data)
	}
	if n := dirNames(t, s.Dir()); len(n) != 1 {
		t.Errorf("directory holds %v, want only the state file", n)
	}
	if logs.Len() > 0 {
		t.Errorf("unexpected log: %s", logs)
	}
}

func TestLoadIgnoresUnknownFields(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	content := `{"version":1,"scheduler":{"last_seen":"2026-03-02T10:00:00Z"},"later":true}`
	if err := os.WriteFile(s.StatePath(), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadState()
	if err != nil || got.Version != 1 || !got.Scheduler.LastSeen.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v, %v", got, err)
	}
}

func TestSaveRefusesOtherVersion(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	if err := s.SaveState(State{Version: 7}); err == nil {
		t.Error("saving version 7 succeeded")
	}
	if _, err := os.Stat(s.StatePath()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a state file was written: %v", err)
	}
}

func TestLoadRemovesLeftoverTemps(t *testing.T) {
	t.Parallel()
	s, _ := newTestStore(t)
	if err := s.SaveState(sampleState()); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(s.Dir(), tempPrefix+"12345")
	if err := os.WriteFile(leftover, []byte(`{"version":1,"scheduler":{"la`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadState(); err != nil {
		t.Fatal(err)
	}
	if n := dirNames(t, s.Dir()); len(n) != 1 || n[0] != StateFile {
		t.Errorf("directory holds %v, want only %s", n, StateFile)
	}
}

func TestStateFileIsPrivate(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no unix modes on windows")
	}
	s, _ := newTestStore(t)
	if err := s.SaveState(sampleState()); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(scheduler.Event{Type: scheduler.EventDue, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{s.StatePath(), s.HistoryPath()} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
}

func sampleEvents() []scheduler.Event {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return []scheduler.Event{
		{Type: scheduler.EventPrompt, At: t0.Add(25 * time.Minute), Rule: "posture", Kind: scheduler.KindPrompt},
		{Type: scheduler.EventDue, At: t0.Add(time.Hour), Rule: "exercise", Kind: scheduler.KindBreak, Folded: []string{"posture"}, Duration: 3 * time.Minute},
		{Type: scheduler.EventSnoozed, At: t0.Add(61 * time.Minute), Rule: "exercise", Kind: scheduler.KindBreak, Until: t0.Add(66 * time.Minute)},
		{Type: scheduler.EventStarted, At: t0.Add(67 * time.Minute), Rule: "exercise", Kind: scheduler.KindBreak, Duration: 3 * time.Minute},
		{Type: scheduler.EventDone, At: t0.Add(70 * time.Minute), Rule: "exercise", Kind: scheduler.KindBreak},
		{Type: scheduler.EventPaused, At: t0.Add(2 * time.Hour)},
	}
}

func appendAll(t *testing.T, s *Store, events []scheduler.Event) {
	t.Helper()
	for _, ev := range events {
		if err := s.Append(ev); err != nil {
			t.Fatal(err)
		}
	}
}

func eventsEqual(a, b []scheduler.Event) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func TestHistoryRoundTrip(t *testing.T) {
	t.Parallel()
	s, logs := newTestStore(t)
	if got, err := s.History(time.Time{}, time.Time{}); err != nil || got != nil {
		t.Fatalf("no file: got %v, %v", got, err)
	}
	want := sampleEvents()
	appendAll(t, s, want)
	got, err := s.History(time.Time{}, time.Time{})
	if err != nil || !eventsEqual(got, want) {
		t.Errorf("got %+v, %v\nwant %+v", got, err, want)
	}
	data, _ := os.ReadFile(s.HistoryPath())
	if lines := strings.Count(string(data), "\n"); lines != len(want) {
		t.Errorf("history has %d lines, want %d:\n%s", lines, len(want), data)
	}
	// [from, to): the due event at 10:00 is in, the done event at 10:10 is out.
	from, to := want[1].At, want[4].At
	got, err = s.History(from, to)
	if err != nil || !eventsEqual(got, want[1:4]) {
		t.Errorf("History(%v, %v) = %+v, %v; want %+v", from, to, got, err, want[1:4])
	}
	if logs.Len() > 0 {
		t.Errorf("unexpected log: %s", logs)
	}
}

func TestHistoryTornLastLineIsSkippedSilently(t *testing.T) {
	t.Parallel()
	s, logs := newTestStore(t)
	events := sampleEvents()
	appendAll(t, s, events)
	f, err := os.OpenFile(s.HistoryPath(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"type":"due","at":"2026-03-02T1`)
	f.Close()
	got, err := s.History(time.Time{}, time.Time{})
	if err != nil || !eventsEqual(got, events) {
		t.Errorf("got %+v, %v; want the events before the torn line", got, err)
	}
	if logs.Len() > 0 {
		t.Errorf("a torn last line should be skipped silently; log: %s", logs)
	}

	// The next append (a new process: a fresh Store) starts on a line of its own, so the
	// new event survives and only the torn fragment is lost (with a warning, as it is now
	// in the middle).
	s2, err := Open(s.Dir(), slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	next := scheduler.Event{Type: scheduler.EventDue, At: events[len(events)-1].At.Add(time.Hour), Rule: "exercise", Kind: scheduler.KindBreak}
	if err := s2.Append(next); err != nil {
		t.Fatal(err)
	}
	got, err = s2.History(time.Time{}, time.Time{})
	if want := append(events[:len(events):len(events)], next); err != nil || !eventsEqual(got, want) {
		t.Errorf("after append: got %+v, %v; want %+v", got, err, want)
	}
	if !strings.Contains(logs.String(), "line="+itoa(len(events)+1)) {
		t.Errorf("want a warning about line %d; log: %s", len(events)+1, logs)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestHistoryBadMiddleLineIsSkippedWithWarning(t *testing.T) {
	t.Parallel()
	s, logs := newTestStore(t)
	events := sampleEvents()
	appendAll(t, s, events[:2])
	f, err := os.OpenFile(s.HistoryPath(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("garbage \x00 here\n\n{\"type\":\"due\"}\n")
	f.Close()
	appendAll(t, s, events[2:])
	got, err := s.History(time.Time{}, time.Time{})
	if err != nil || !eventsEqual(got, events) {
		t.Errorf("got %+v, %v; want all good events", got, err)
	}
	log := logs.String()
	// Line 3 is garbage, line 4 is blank (skipped silently), line 5 has no time.
	for _, want := range []string{"line=3", "line=5", s.HistoryPath(), "level=WARN"} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not mention %q: %s", want, log)
		}
	}
	if strings.Contains(log, "line=4") {
		t.Errorf("a blank line was warned about: %s", log)
	}
}
