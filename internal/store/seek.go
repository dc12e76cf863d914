package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// seekSlack is how far before from HistoryRecent starts reading, for lines out of order
// (a clock set back).
const seekSlack = 24 * time.Hour

// HistoryRecent returns the events with from <= At < to, like History, but finds where
// from is in the file by bisection instead of decoding it all, so that the last weeks of a
// long history read in milliseconds. The history is appended in time order; an event
// recorded more than a day out of order (a clock set back further) before from may be
// missed.
func (s *Store) HistoryRecent(from, to time.Time) ([]scheduler.Event, error) {
	path := s.HistoryPath()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	target := from.Add(-seekSlack)
	lo, hi := int64(0), fi.Size()
	buf := make([]byte, 4096)
	// Invariant: every line starting before lo is before target.
	for hi-lo > int64(len(buf)) {
		mid := lo + (hi-lo)/2
		at, ok, err := lineAfter(f, mid, buf)
		if err != nil {
			return nil, fmt.Errorf("read history %s: %w", path, err)
		}
		if ok && at.Before(target) {
			lo = mid
		} else {
			hi = mid
		}
	}
	// Decode from the line that starts at or after lo (lo is inside a line or at its start).
	if _, err := f.Seek(lo, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read history %s: %w", path, err)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read history %s: %w", path, err)
	}
	if lo > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil, nil
		}
		data = data[i+1:]
	}
	var events []scheduler.Event
	for len(data) > 0 {
		line := data
		i := bytes.IndexByte(data, '\n')
		if i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil // a torn last line decodes or is skipped
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var ev scheduler.Event
		if decodeEvent(line, &ev) != nil {
			continue
		}
		if !ev.At.Before(from) && (to.IsZero() || ev.At.Before(to)) {
			events = append(events, ev)
		}
	}
	return events, nil
}

// lineAfter returns the time of the first whole line that starts after offset off.
func lineAfter(f *os.File, off int64, buf []byte) (time.Time, bool, error) {
	n, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return time.Time{}, false, err
	}
	b := buf[:n]
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return time.Time{}, false, nil
	}
	b = b[i+1:]
	if j := bytes.IndexByte(b, '\n'); j >= 0 {
		b = b[:j]
	} else {
		return time.Time{}, false, nil
	}
	var ev scheduler.Event
	if decodeEvent(b, &ev) != nil {
		return time.Time{}, false, nil
	}
	return ev.At, true, nil
}
