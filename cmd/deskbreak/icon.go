package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/deskbreak/deskbreak/internal/appicon"
)

// iconsDir is the person's icon directory on a freedesktop system ($XDG_DATA_HOME/icons,
// ~/.local/share/icons), or "" on Windows and macOS, whose installers carry the icon.
func iconsDir(getenv func(string) string) (string, error) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return "", nil
	}
	if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "icons"), nil
	}
	home := getenv("HOME")
	if !filepath.IsAbs(home) {
		return "", errors.New("install the icon: neither XDG_DATA_HOME nor HOME is an absolute path")
	}
	return filepath.Join(home, ".local", "share", "icons"), nil
}

// installIcon writes the application icon into the person's hicolor theme, so that the
// launcher and the notifications (app_icon "deskbreak") show it without a package. It prints
// a line per file, as install does, and writes nothing that is there already.
func installIcon(e *env) error {
	dir, err := iconsDir(e.getenv)
	if err != nil || dir == "" {
		return err
	}
	files, err := appicon.Files()
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(files) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			fmt.Fprintf(e.stdout, "  %-9s %s\n", "unchanged", path)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("install the icon: %w", err)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return fmt.Errorf("install the icon: %w", err)
		}
		fmt.Fprintf(e.stdout, "  %-9s %s\n", "wrote", path)
	}
	return nil
}

// uninstallIcon removes the icon files install wrote: those that hold exactly what it
// writes. A file changed since is left alone.
func uninstallIcon(e *env) error {
	dir, err := iconsDir(e.getenv)
	if err != nil || dir == "" {
		return err
	}
	files, err := appicon.Files()
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(files) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		old, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("uninstall the icon: %w", err)
		case !bytes.Equal(old, files[name]):
			fmt.Fprintf(e.stdout, "Left %s alone: deskbreak install did not write it.\n", path)
			continue
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("uninstall the icon: %w", err)
		}
		fmt.Fprintf(e.stdout, "  %-9s %s\n", "removed", path)
		// The directories install made and left empty now (apps, 48x48, hicolor, icons);
		// Remove fails, harmlessly, on one that holds anything else.
		for d := filepath.Dir(path); d != filepath.Dir(dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
