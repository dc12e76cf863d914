//go:build unix

package control_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbreak/deskbreak/internal/control"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

func TestRuntimeDirXDG(t *testing.T) {
	t.Parallel()
	xdg := t.TempDir()
	dir, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg}))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(xdg, "deskbreak"); dir != want {
		t.Errorf("RuntimeDir = %s, want %s", dir, want)
	}
	if mode(t, dir).Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", mode(t, dir))
	}
	// Again: the existing directory is accepted.
	if again, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg})); err != nil || again != dir {
		t.Errorf("second call: %s, %v", again, err)
	}
	sock, err := control.SocketPath(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg}))
	if err != nil || sock != filepath.Join(dir, "control.sock") {
		t.Errorf("SocketPath = %s, %v", sock, err)
	}
}

func TestRuntimeDirFallbacks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "darwin" {
		t.Skip("checks the Linux cache directory layout")
	}
	name := "deskbreak-" + strconv.Itoa(os.Getuid())
	home, tmp := t.TempDir(), t.TempDir()
	dir, err := control.RuntimeDir(envOf(map[string]string{"HOME": home, "TMPDIR": tmp}))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, ".cache", name); dir != want {
		t.Errorf("without XDG_RUNTIME_DIR: %s, want %s", dir, want)
	}
	if mode(t, dir).Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", mode(t, dir))
	}
	cache := t.TempDir()
	dir, err = control.RuntimeDir(envOf(map[string]string{"HOME": home, "XDG_CACHE_HOME": cache, "TMPDIR": tmp}))
	if err != nil || dir != filepath.Join(cache, name) {
		t.Errorf("with XDG_CACHE_HOME: %s, %v", dir, err)
	}
	// A home so deep that the socket path would not fit: the temp directory instead.
	deep := filepath.Join(home, strings.Repeat("d", 60), strings.Repeat("e", 60))
	dir, err = control.RuntimeDir(envOf(map[string]string{"HOME": deep, "TMPDIR": tmp}))
	if err != nil || dir != filepath.Join(tmp, name) {
		t.Errorf("deep home: %s, %v; want %s", dir, err, filepath.Join(tmp, name))
	}
	// No home at all.
	dir, err = control.RuntimeDir(envOf(map[string]string{"TMPDIR": tmp}))
	if err != nil || dir != filepath.Join(tmp, name) {
		t.Errorf("no home: %s, %v", dir, err)
	}
}

func TestRuntimeDirChecks(t *testing.T) {
	t.Parallel()
	t.Run("tightens_mode", func(t *testing.T) {
		t.Parallel()
		xdg := t.TempDir()
		if err := os.Mkdir(filepath.Join(xdg, "deskbreak"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.Chmod(filepath.Join(xdg, "deskbreak"), 0o755)
		dir, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg}))
		if err != nil {
			t.Fatal(err)
		}
		if mode(t, dir).Perm() != 0o700 {
			t.Errorf("mode %v, want 0700", mode(t, dir))
		}
	})
	// Issue 15: a runtime dir others could write into may hold what they planted there.
	for _, perm := range []os.FileMode{0o777, 0o770, 0o702} {
		t.Run("refuses_writable_"+perm.String(), func(t *testing.T) {
			t.Parallel()
			xdg := t.TempDir()
			d := filepath.Join(xdg, "deskbreak")
			if err := os.Mkdir(d, 0o700); err != nil {
				t.Fatal(err)
			}
			os.Chmod(d, perm)
			_, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg}))
			if err == nil || !strings.Contains(err.Error(), "lets other users write into it") || !strings.Contains(err.Error(), d) {
				t.Errorf("got %v, want a refusal naming %s", err, d)
			}
			if mode(t, d).Perm() != perm {
				t.Errorf("mode %v changed, want %v left for the person to look at", mode(t, d).Perm(), perm)
			}
		})
	}
	t.Run("symlink", func(t *testing.T) {
		t.Parallel()
		xdg := t.TempDir()
		if err := os.Symlink(t.TempDir(), filepath.Join(xdg, "deskbreak")); err != nil {
			t.Fatal(err)
		}
		if _, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg})); err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("got %v, want a refusal of the symlink", err)
		}
	})
	t.Run("file", func(t *testing.T) {
		t.Parallel()
		xdg := t.TempDir()
		os.WriteFile(filepath.Join(xdg, "deskbreak"), nil, 0o600)
		if _, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg})); err == nil {
			t.Errorf("a file in the way: no error")
		}
	})
	t.Run("relative", func(t *testing.T) {
		t.Parallel()
		if _, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": "run/user"})); err == nil || !strings.Contains(err.Error(), "not an absolute path") {
			t.Errorf("got %v, want a refusal of the relative path", err)
		}
	})
	t.Run("missing_xdg", func(t *testing.T) {
		t.Parallel()
		if _, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": filepath.Join(t.TempDir(), "gone")})); err == nil {
			t.Errorf("a missing XDG_RUNTIME_DIR: no error")
		}
	})
	t.Run("other_owner", func(t *testing.T) {
		t.Parallel()
		if os.Getuid() != 0 {
			t.Skip("making a directory owned by another user needs root")
		}
		xdg := t.TempDir()
		d := filepath.Join(xdg, "deskbreak")
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if _, err := control.RuntimeDir(envOf(map[string]string{"XDG_RUNTIME_DIR": xdg})); err == nil || !strings.Contains(err.Error(), "owned by uid 65534") {
			t.Errorf("got %v, want a refusal of the other user's directory", err)
		}
	})
}

func TestSocketPathOverride(t *testing.T) {
	t.Parallel()
	got, err := control.SocketPath(envOf(map[string]string{control.SocketEnv: "/run/x/../y/control.sock", "XDG_RUNTIME_DIR": "relative"}))
	if err != nil || got != filepath.Clean("/run/y/control.sock") {
		t.Errorf("SocketPath with %s = %s, %v", control.SocketEnv, got, err)
	}
}

// TestRuntimeDirTempTaken: another user who creates /tmp/deskbreak-<uid> first (or a file or
// link of that name) does not keep the daemon from starting: it falls back to a dir of its
// own, found again by every later call (issue 15).
func TestRuntimeDirTempTaken(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"other_owner", "symlink", "file"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			// A cache dir too long for a socket path sends the runtime dir to TMPDIR.
			cache := filepath.Join(t.TempDir(), strings.Repeat("c", 100))
			env := envOf(map[string]string{"TMPDIR": tmp, "XDG_CACHE_HOME": cache})
			usual := filepath.Join(tmp, "deskbreak-"+strconv.Itoa(os.Getuid()))
			switch kind {
			case "other_owner":
				if os.Getuid() != 0 {
					t.Skip("making a directory owned by another user needs root")
				}
				if err := os.Mkdir(usual, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Chown(usual, 65534, 65534); err != nil {
					t.Fatal(err)
				}
			case "symlink":
				if err := os.Symlink(t.TempDir(), usual); err != nil {
					t.Fatal(err)
				}
			case "file":
				if err := os.WriteFile(usual, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dir, err := control.RuntimeDir(env)
			if err != nil {
				t.Fatalf("RuntimeDir with %s taken: %v", usual, err)
			}
			if filepath.Dir(dir) != tmp || !strings.HasPrefix(filepath.Base(dir), filepath.Base(usual)+"-") {
				t.Errorf("runtime dir %s, want a dir of our own beside %s", dir, usual)
			}
			if m := mode(t, dir); !m.IsDir() || m.Perm() != 0o700 {
				t.Errorf("runtime dir mode %v, want a 0700 directory", m)
			}
			again, err := control.RuntimeDir(env)
			if err != nil || again != dir {
				t.Errorf("RuntimeDir again: %q, %v; want %q", again, err, dir)
			}
			sock, err := control.SocketPath(env)
			if err != nil || sock != filepath.Join(dir, "control.sock") {
				t.Errorf("SocketPath: %q, %v; want it in %s", sock, err, dir)
			}
		})
	}
}
