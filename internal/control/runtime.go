package control

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// SocketEnv names the environment variable that, when set, overrides SocketPath: for tests
// and for running a second daemon by hand.
const SocketEnv = "DESKBREAK_SOCKET"

// socketName is the socket's name inside RuntimeDir.
const socketName = "control.sock"

// maxSocketPath is a unix socket path length that fits everywhere (sun_path is 108 bytes on
// Linux, 104 on macOS and the BSDs, both counting the final NUL).
const maxSocketPath = 100

// RuntimeDir returns deskbreak's per-user runtime directory, creating it with mode 0700 when
// it is missing: $XDG_RUNTIME_DIR/deskbreak where that variable is set (never on Windows,
// where XDG variables inherited from a Linux shell or Wine mean nothing), else
// "deskbreak-<uid>" under the user's cache directory (%LocalAppData%\deskbreak on Windows),
// or under the temp directory when the cache directory is unknown or would make the socket
// path too long. An existing directory must be a real directory owned by this user that
// others cannot write into; one others could read is made 0700 again. When another user
// holds the name in the temp directory, a directory with a random name is made there
// instead, and its path is kept in a note under the cache directory, where this user's later
// calls find it. getenv is os.Getenv outside tests.
func RuntimeDir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_RUNTIME_DIR"); x != "" && runtime.GOOS != "windows" {
		if !filepath.IsAbs(x) {
			return "", fmt.Errorf("runtime dir: XDG_RUNTIME_DIR %q is not an absolute path", x)
		}
		return ensurePrivateDir(filepath.Join(x, "deskbreak"))
	}
	name := "deskbreak"
	if uid := os.Getuid(); uid >= 0 {
		name += "-" + strconv.Itoa(uid)
	}
	if cache := userCacheDir(getenv); cache != "" && len(filepath.Join(cache, name, socketName)) <= maxSocketPath {
		if err := os.MkdirAll(cache, 0o700); err == nil {
			return ensurePrivateDir(filepath.Join(cache, name))
		}
	}
	tmp := tempDir(getenv)
	dir, err := ensurePrivateDir(filepath.Join(tmp, name))
	var taken *takenError
	if !errors.As(err, &taken) {
		return dir, err
	}
	// Another user can create /tmp/deskbreak-<uid> first. Use a dir of our own with a name
	// nobody can guess, and note the name where only this user looks.
	return notedTempDir(getenv, tmp, name, err)
}

// takenError is a runtime dir path that holds what is not ours: another user's directory, a
// file, a link.
type takenError struct{ msg string }

func (e *takenError) Error() string { return e.msg }

// runtimeNote names, under the user's cache directory, the file that holds the path of the
// runtime dir made in the temp directory when the usual name was taken.
const runtimeNote = "deskbreak/runtime-dir"

// notedTempDir returns the runtime dir named in the note under the user's cache directory,
// or makes a new one in tmp with a random name and notes it. why is the reason the usual
// name could not be used, for when there is no cache directory to keep a note in.
func notedTempDir(getenv func(string) string, tmp, name string, why error) (string, error) {
	cache := userCacheDir(getenv)
	if cache == "" {
		return "", fmt.Errorf("%w; set XDG_RUNTIME_DIR, or XDG_CACHE_HOME for a note of another dir", why)
	}
	note := filepath.Join(cache, runtimeNote)
	if b, err := os.ReadFile(note); err == nil {
		dir := strings.TrimSpace(string(b))
		if filepath.Dir(dir) == filepath.Clean(tmp) && strings.HasPrefix(filepath.Base(dir), name+"-") {
			if d, err := ensurePrivateDir(dir); err == nil {
				return d, nil
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(note), 0o700); err != nil {
		return "", fmt.Errorf("%w; and the note of another dir: %w", why, err)
	}
	dir, err := os.MkdirTemp(tmp, name+"-")
	if err != nil {
		return "", fmt.Errorf("%w; and another dir: %w", why, err)
	}
	tmpNote := note + ".new"
	if err := os.WriteFile(tmpNote, []byte(dir+"\n"), 0o600); err != nil {
		os.Remove(dir)
		return "", fmt.Errorf("%w; and the note of another dir: %w", why, err)
	}
	if err := os.Rename(tmpNote, note); err != nil {
		os.Remove(dir)
		return "", fmt.Errorf("%w; and the note of another dir: %w", why, err)
	}
	return dir, nil
}

// SocketPath returns the control channel's address: $DESKBREAK_SOCKET when set, else
// control.sock in RuntimeDir (which it creates); on Windows, a named pipe of this user,
// \\.\pipe\deskbreak-<SID>, where $DESKBREAK_SOCKET must name a pipe too. getenv is
// os.Getenv outside tests.
func SocketPath(getenv func(string) string) (string, error) {
	if s := getenv(SocketEnv); s != "" {
		return checkSocketEnv(s)
	}
	return defaultSocketPath(getenv)
}

// userCacheDir is os.UserCacheDir reading the environment through getenv; "" when unknown.
func userCacheDir(getenv func(string) string) string {
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return ""
	}
	switch runtime.GOOS {
	case "windows":
		return abs(getenv("LocalAppData"))
	case "darwin", "ios":
		if h := abs(getenv("HOME")); h != "" {
			return filepath.Join(h, "Library", "Caches")
		}
		return ""
	default:
		if x := abs(getenv("XDG_CACHE_HOME")); x != "" {
			return x
		}
		if h := abs(getenv("HOME")); h != "" {
			return filepath.Join(h, ".cache")
		}
		return ""
	}
}

// tempDir is os.TempDir reading the environment through getenv.
func tempDir(getenv func(string) string) string {
	if runtime.GOOS == "windows" {
		return os.TempDir()
	}
	if t := getenv("TMPDIR"); filepath.IsAbs(t) {
		return t
	}
	return "/tmp"
}

// ensurePrivateDir creates dir with mode 0700, or checks that the existing one is a
// directory (not a link) owned by this user, and takes away any access by others.
func ensurePrivateDir(dir string) (string, error) {
	err := os.Mkdir(dir, 0o700)
	if err == nil {
		return dir, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("create runtime dir: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", fmt.Errorf("check runtime dir: %w", err)
	}
	if !fi.IsDir() {
		return "", &takenError{fmt.Sprintf("runtime dir %s: not a directory (%v); remove it", dir, fi.Mode().Type())}
	}
	if err := checkOwner(dir, fi); err != nil {
		return "", err
	}
	return dir, nil
}
