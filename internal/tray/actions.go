//go:build !darwin || cgo

package tray

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// editSettings opens the config file in the desktop's editor, writing the commented defaults
// first when there is no file. An editor that starts and then fails is reported to failed.
func editSettings(o Options, s api.Snapshot, failed func(error)) error {
	path := o.ConfigPath
	if path == "" {
		path = s.ConfigPath
	}
	if path == "" {
		return errors.New("edit settings: the daemon did not say where its config file is")
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && o.DefaultConfig != nil {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("edit settings: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		switch {
		case errors.Is(err, fs.ErrExist): // written meanwhile: open that
		case err != nil:
			return fmt.Errorf("edit settings: %w", err)
		default:
			_, werr := f.Write(o.DefaultConfig())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				return fmt.Errorf("edit settings: write defaults to %s: %w", path, werr)
			}
		}
	}
	if err := openFile(path, failed); err != nil {
		return fmt.Errorf("edit settings: %w", err)
	}
	return nil
}

// showExercises shows the full steps of the current or last break in a notification of
// their own (o.Note), beside the break's, where opening a file is unreliable (stepsInNote).
// Otherwise it writes them to a text file in the
// cache directory and opens that; an opener that starts and then fails (no handler for text
// files) is reported to failed.
func showExercises(ctx context.Context, o Options, s api.Snapshot, now time.Time, failed func(error)) error {
	if len(s.Exercises) == 0 {
		return errors.New("show exercises: no break yet")
	}
	if o.Note != nil && stepsInNote {
		title, body, _ := strings.Cut(exercisesText(s, now), "\n")
		title = strings.TrimPrefix(title, "deskbreak: ")
		title = strings.ToUpper(title[:1]) + title[1:]
		if err := o.Note(ctx, title, strings.TrimSpace(body)); err != nil {
			return fmt.Errorf("show exercises: %w", err)
		}
		return nil
	}
	dir := o.CacheDir
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("show exercises: %w", err)
		}
		dir = filepath.Join(c, "deskbreak")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("show exercises: %w", err)
	}
	f, err := os.CreateTemp(dir, "exercises-*.txt")
	if err != nil {
		return fmt.Errorf("show exercises: %w", err)
	}
	_, werr := f.WriteString(exercisesText(s, now))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	path := filepath.Join(dir, "exercises.txt")
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("show exercises: write %s: %w", path, werr)
	}
	if err := openFile(path, failed); err != nil {
		return fmt.Errorf("show exercises: %w", err)
	}
	return nil
}

// exercisesText is the exercises file: every step of every exercise, then the health note.
func exercisesText(s api.Snapshot, now time.Time) string {
	var b strings.Builder
	switch st := s.Status; {
	case st.State == scheduler.StateInBreak && st.Active != nil:
		fmt.Fprintf(&b, "deskbreak: exercises of this break, until %s\n", api.FormatTime(st.Active.End, now))
	case (st.State == scheduler.StateDue || st.State == scheduler.StateSnoozed) && st.Pending != nil:
		fmt.Fprintf(&b, "deskbreak: exercises of the break due since %s\n", api.FormatTime(st.Pending.DueAt, now))
	default:
		b.WriteString("deskbreak: exercises of the last break\n")
	}
	for _, e := range s.Exercises {
		fmt.Fprintf(&b, "\n%s\n", exerciseLine(e))
		for i, step := range e.Steps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, step)
		}
		if e.Caution != "" {
			fmt.Fprintf(&b, "  Caution: %s\n", e.Caution)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", strings.Join(HealthNote, " "))
	return b.String()
}
