package store

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestHistoryRecentMatchesHistory: the bisecting reader returns what the full reader does.
func TestHistoryRecentMatchesHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		at := start.Add(time.Duration(i) * 37 * time.Minute)
		fmt.Fprintf(&b, `{"type":"due","at":%q,"rule":"exercise","kind":"break"}`+"\n", at.Format(time.RFC3339))
		if i%500 == 0 {
			b.WriteString("not json\n")
		}
	}
	b.WriteString(`{"type":"due","at":"2026-04`) // torn
	if err := os.WriteFile(s.HistoryPath(), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]time.Time{
		{start, start.AddDate(1, 0, 0)},
		{start.AddDate(0, 1, 0), start.AddDate(0, 2, 0)},
		{start.AddDate(0, 3, 0), time.Time{}},
		{start.AddDate(-1, 0, 0), start.AddDate(0, 0, 1)},
		{start.AddDate(2, 0, 0), time.Time{}},
	} {
		want, err := s.History(r[0], r[1])
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.HistoryRecent(r[0], r[1])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("from %v to %v: %d events, want %d", r[0], r[1], len(got), len(want))
		}
	}
}
