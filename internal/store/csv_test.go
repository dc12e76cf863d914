package store

import (
	"strings"
	"testing"
)

func TestWriteCSV(t *testing.T) {
	var b strings.Builder
	days := []Day{
		{Date: "2026-11-27", Counts: Counts{Due: 4, Full: 2, Short: 1, ShortSeconds: 40, Skipped: 1, Prompts: 3}},
		{Date: "2026-11-28"}, // nothing due: no share
	}
	if err := WriteCSV(&b, days); err != nil {
		t.Fatal(err)
	}
	want := "date,due,taken_full,cut_short,cut_short_seconds,own,natural,natural_of_due,snoozed,skipped,ignored,paused,prompts,share\n" +
		"2026-11-27,4,2,1,40,0,0,0,0,1,0,0,3,0.500\n" +
		"2026-11-28,0,0,0,0,0,0,0,0,0,0,0,0,\n"
	if b.String() != want {
		t.Errorf("WriteCSV wrote\n%s\nwant\n%s", b.String(), want)
	}
}
