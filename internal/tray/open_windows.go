package tray

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// openFile opens path in its default application, through ShellExecute as Explorer does,
// without waiting for it. A text or config file whose type has no application (a fresh
// Windows or Wine has none for .toml, and Wine none for .txt) opens in Notepad, which every
// Windows has; "cmd /c start" used to report success there and show nothing. ShellExecute
// answers at once, so failed (the signature of the other systems) is never called here.
func openFile(path string, failed func(error)) error {
	_ = failed
	err := shellOpen(path)
	if err == nil {
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".toml":
		cmd := exec.Command("notepad.exe", path)
		if nerr := cmd.Start(); nerr != nil {
			return fmt.Errorf("open %s: %v; with notepad.exe: %w", path, err, nerr)
		}
		go cmd.Wait()
		return nil
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// shellOpen runs the "open" verb of path's file type; it fails (SE_ERR_NOASSOC) when the
// type has no application.
func shellOpen(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	if err := windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL); err != nil {
		return fmt.Errorf("no application opens %s files (ShellExecute: %w)", filepath.Ext(path), err)
	}
	return nil
}

// stepsInNote says whether "Exercises of this break..." shows the steps in a notification
// (Options.Note) rather than a text file: openFile falls back to Notepad, which every Windows has.
const stepsInNote = false
