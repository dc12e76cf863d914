package store

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteCSV writes days as CSV, a header line first: the columns of "deskbreak stats --csv"
// and of the web UI's download, which must stay the same. share is empty on a day with no
// break to take.
func WriteCSV(w io.Writer, days []Day) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"date", "due", "taken_full", "cut_short", "cut_short_seconds", "own", "natural", "natural_of_due",
		"snoozed", "skipped", "ignored", "paused", "prompts", "share"})
	for _, d := range days {
		share := ""
		if s, ok := d.Share(); ok {
			share = strconv.FormatFloat(s, 'f', 3, 64)
		}
		c := d.Counts
		cw.Write([]string{d.Date, strconv.Itoa(c.Due), strconv.Itoa(c.Full), strconv.Itoa(c.Short),
			strconv.FormatInt(c.ShortSeconds, 10), strconv.Itoa(c.Own), strconv.Itoa(c.Natural), strconv.Itoa(c.NaturalOfDue),
			strconv.Itoa(c.Snoozed), strconv.Itoa(c.Skipped), strconv.Itoa(c.Ignored), strconv.Itoa(c.Paused),
			strconv.Itoa(c.Prompts), share})
	}
	cw.Flush()
	return cw.Error()
}
