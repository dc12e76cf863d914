// Command gen renders deskbreak's packaged files into the current directory (packaging/):
// the systemd user unit and application launcher, from the same functions "deskbreak
// install" uses, and the application icon (internal/appicon) in the hicolor sizes, as PNG and SVG.
//
// Run it with "go generate ./packaging". A test checks that the committed files match.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/deskbreak/deskbreak/internal/appicon"
	"github.com/deskbreak/deskbreak/internal/autostart"
)

func main() {
	files, err := render()
	if err == nil {
		err = write(".", files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// render returns every generated file by its path under packaging/.
func render() (map[string][]byte, error) {
	p := autostart.Daemon("/usr/bin/deskbreak")
	unit, err := autostart.SystemdUnit(p, autostart.GraphicalSessionTarget, autostart.ByPackage)
	if err != nil {
		return nil, err
	}
	launcher, err := autostart.LauncherEntry(p)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"linux/deskbreak.service": []byte(unit),
		"linux/deskbreak.desktop": []byte(launcher),
	}
	icons, err := appicon.Files()
	if err != nil {
		return nil, err
	}
	for name, b := range icons {
		files["icons/"+name] = b
	}
	return files, nil
}

func write(dir string, files map[string][]byte) error {
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
