// Package store keeps deskbreak's state and history on disk: a versioned state file written
// atomically, an append-only history of events, and the lock that allows one daemon per user.
//
// Only the daemon, holding the lock, writes; any process may read the history.
package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// File names inside the state directory.
const (
	StateFile   = "state.json"
	HistoryFile = "history.jsonl"
	// LockFile is the name of the file Lock takes in the state directory: one daemon per
	// state, whatever its runtime directory.
	LockFile = "deskbreak.pid"
)

// StateVersion is the version of the state file this package writes and understands.
const StateVersion = 1

// tempPrefix starts the names of the temporary files SaveState renames into place.
const tempPrefix = StateFile + ".tmp-"

// StateDir returns the directory for deskbreak's state and history: $XDG_STATE_HOME/deskbreak
// when that variable holds an absolute path (never on Windows); otherwise ~/.local/state/deskbreak on Linux and
// the user's config directory (as os.UserConfigDir defines it) plus /deskbreak elsewhere.
// All environment variables are read through getenv.
func StateDir(getenv func(string) string) (string, error) {
	// Not on Windows, where an XDG variable can only come from a Linux shell (Wine, WSL).
	if x := getenv("XDG_STATE_HOME"); x != "" && filepath.IsAbs(x) && runtime.GOOS != "windows" {
		return filepath.Join(x, "deskbreak"), nil
	}
	switch runtime.GOOS {
	case "linux":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("state directory: neither $XDG_STATE_HOME nor $HOME is set")
		}
		return filepath.Join(home, ".local", "state", "deskbreak"), nil
	case "windows":
		dir := getenv("AppData")
		if dir == "" {
			return "", errors.New("state directory: %AppData% is not set")
		}
		return filepath.Join(dir, "deskbreak"), nil
	case "darwin", "ios":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("state directory: $HOME is not set")
		}
		return filepath.Join(home, "Library", "Application Support", "deskbreak"), nil
	case "plan9":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("state directory: %w", err)
		}
		return filepath.Join(dir, "deskbreak"), nil
	default: // other unix: as os.UserConfigDir
		if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
			return filepath.Join(x, "deskbreak"), nil
		}
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("state directory: neither $XDG_CONFIG_HOME nor $HOME is set")
		}
		return filepath.Join(home, ".config", "deskbreak"), nil
	}
}

// State is everything the daemon remembers across restarts.
type State struct {
	// Version is StateVersion when written; LoadState refuses a newer one.
	Version   int             `json:"version"`
	Scheduler scheduler.State `json:"scheduler"`
	// Tips is the exercise picker's memory, opaque here.
	Tips json.RawMessage `json:"tips,omitempty"`
}

// NewerVersionError is returned by LoadState for a state file written by a newer deskbreak.
// The file is left alone.
type NewerVersionError struct {
	Path    string
	Version int
}

// Error names the file, its version and what to do.
func (e *NewerVersionError) Error() string {
	return fmt.Sprintf("load state %s: version %d is newer than this deskbreak understands (%d); upgrade deskbreak, or move the file away to start afresh",
		e.Path, e.Version, StateVersion)
}

// Store reads and writes the files in one state directory. Its methods are safe for
// concurrent use; only one process (the one holding Lock) should write.
type Store struct {
	dir string
	log *slog.Logger
	now func() time.Time

	mu        sync.Mutex // serialises SaveState and Append within the process
	tailKnown bool       // the history file is known to end in a newline (or be empty)
}

// Open returns a Store for dir, creating the directory with mode 0700 if needed. A nil log
// discards warnings.
func Open(dir string, log *slog.Logger) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open store: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{dir: dir, log: log, now: time.Now}, nil
}

// Dir returns the store's directory.
func (s *Store) Dir() string { return s.dir }

// StatePath returns the path of the state file.
func (s *Store) StatePath() string { return filepath.Join(s.dir, StateFile) }

// HistoryPath returns the path of the history file.
func (s *Store) HistoryPath() string { return filepath.Join(s.dir, HistoryFile) }

// LoadState reads the state file. A missing file gives the zero State. A corrupt one (not
// JSON, truncated, or with no version) is moved aside as state.json.corrupt-<UTC time>,
// logged as a warning naming both paths, and also gives the zero State. A file from a newer
// version is a *NewerVersionError and stays where it is. Other I/O errors are returned.
//
// LoadState also removes temporary files left behind by a save that was interrupted, so
// call it only from the process that holds the lock, before it starts saving.
func (s *Store) LoadState() (State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeTemps()
	path := s.StatePath()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("load state: %w", err)
	}
	st, err := decodeState(data)
	if err != nil {
		aside, merr := s.moveAside(path)
		if merr != nil {
			return State{}, fmt.Errorf("load state %s: corrupt (%v), and moving it aside failed: %w", path, err, merr)
		}
		s.log.Warn("state file is corrupt; moved it aside and starting afresh",
			"path", path, "moved_to", aside, "err", err)
		return State{}, nil
	}
	if st.Version > StateVersion {
		return State{}, &NewerVersionError{Path: path, Version: st.Version}
	}
	return st, nil
}

// decodeState parses a state file's contents.
func decodeState(data []byte) (State, error) {
	var st State
	err := json.Unmarshal(data, &st)
	if err == nil && st.Version < 1 {
		err = fmt.Errorf("version %d is not valid", st.Version)
	}
	return st, err
}

// PeekState reads the state in dir without changing anything: for commands that run beside
// the daemon (only the daemon, which holds the lock, may set a corrupt file aside). A
// missing file is a zero State.
func PeekState(dir string) (State, error) {
	path := filepath.Join(dir, StateFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	if err != nil {
		return State{}, fmt.Errorf("read state: %w", err)
	}
	st, err := decodeState(data)
	if err != nil {
		return State{}, fmt.Errorf("read state %s: %w", path, err)
	}
	return st, nil
}

// moveAside renames path to path.corrupt-<UTC time>, adding -2, -3, ... if that name is taken.
func (s *Store) moveAside(path string) (string, error) {
	base := path + ".corrupt-" + s.now().UTC().Format("20060102T150405Z")
	aside := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", err
	}
	return aside, syncDir(s.dir)
}

// removeTemps deletes state.json.tmp-* files left by an interrupted save.
func (s *Store) removeTemps() {
	names, err := filepath.Glob(filepath.Join(s.dir, tempPrefix+"*"))
	if err != nil {
		return
	}
	for _, n := range names {
		if err := os.Remove(n); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("cannot remove a leftover temporary file", "path", n, "err", err)
		}
	}
}

// SaveState writes st atomically: a temporary file in the same directory is written,
// synced and renamed over the state file, and then the directory is synced. A crash at any
// moment leaves either the old or the new file. The version written is StateVersion; a
// State with another non-zero version is refused.
func (s *Store) SaveState(st State) error {
	if st.Version != 0 && st.Version != StateVersion {
		return fmt.Errorf("save state: version %d is not %d", st.Version, StateVersion)
	}
	st.Version = StateVersion
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	data = append(data, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := writeAtomic(s.dir, StateFile, data); err != nil {
		return fmt.Errorf("save state %s: %w", s.StatePath(), err)
	}
	return nil
}

func writeAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// Append adds ev to the history file as one JSON line, with a single write to a file opened
// with O_APPEND. It does not fsync: a crash may lose the last events or tear the last line,
// which History then skips. If the file ends in a torn line from an earlier crash, the new
// line starts on a line of its own.
func (s *Store) Append(ev scheduler.Event) error {
	line, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("append to history: %w", err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	path := s.HistoryPath()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("append to history: %w", err)
	}
	if !s.tailKnown {
		torn, err := endsTorn(f)
		if err != nil {
			f.Close()
			return fmt.Errorf("append to history %s: %w", path, err)
		}
		if torn {
			line = append([]byte{'\n'}, line...)
		}
	}
	_, err = f.Write(line)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.tailKnown = false
		return fmt.Errorf("append to history %s: %w", path, err)
	}
	s.tailKnown = true
	return nil
}

// endsTorn reports whether the file is non-empty and does not end in a newline.
func endsTorn(f *os.File) (bool, error) {
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() == 0 {
		return false, nil
	}
	// f is write-only; open the file again to read its last byte.
	r, err := os.Open(f.Name())
	if err != nil {
		return false, err
	}
	defer r.Close()
	var b [1]byte
	if _, err := r.ReadAt(b[:], fi.Size()-1); err != nil {
		return false, err
	}
	return b[0] != '\n', nil
}

// History returns the recorded events with from <= At < to, in file order. A zero from or
// to leaves that end open. A missing file is no events. A torn last line (no newline at the
// end, from a crash during a write) is skipped silently; any other line that does not decode
// is skipped with a warning naming the file and the line number.
func (s *Store) History(from, to time.Time) ([]scheduler.Event, error) {
	path := s.HistoryPath()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer f.Close()
	var events []scheduler.Event
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read history %s: line %d: %w", path, n, err)
		}
		last := err == io.EOF
		torn := last && len(line) > 0
		line = bytes.TrimSpace(line)
		if len(line) > 0 {
			var ev scheduler.Event
			if derr := decodeEvent(line, &ev); derr != nil {
				if !torn {
					s.log.Warn("skipping a bad line in the history", "path", path, "line", n, "err", derr)
				}
			} else if (from.IsZero() || !ev.At.Before(from)) && (to.IsZero() || ev.At.Before(to)) {
				events = append(events, ev)
			}
		}
		if last {
			return events, nil
		}
	}
}

func decodeEvent(line []byte, ev *scheduler.Event) error {
	if err := json.Unmarshal(line, ev); err != nil {
		return err
	}
	if ev.Type == "" || ev.At.IsZero() {
		return errors.New("an event needs a type and a time")
	}
	return nil
}
