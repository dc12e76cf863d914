package main

import (
	"os"
	"path/filepath"
	"strings"
)

// guiName is the GUI-subsystem twin of deskbreak.exe, as pythonw.exe is python.exe's: the same
// program linked with -H=windowsgui, so that no console window opens when Windows starts it
// at login or for a toast's button. deskbreak.exe stays a console program, so that
// "deskbreak status" prints in cmd.exe and PowerShell.
const guiName = "deskbreakw.exe"

// loginExe returns the binary to start at login and from toasts for the running binary exe:
// deskbreakw.exe beside it when there is one, else exe itself; ok is false in that case when
// exe is a console program, whose window would show.
func loginExe(exe string) (path string, ok bool) {
	if strings.EqualFold(filepath.Base(exe), guiName) {
		return exe, true
	}
	w := filepath.Join(filepath.Dir(exe), guiName)
	if fi, err := os.Stat(w); err == nil && fi.Mode().IsRegular() {
		return w, true
	}
	return exe, false
}
