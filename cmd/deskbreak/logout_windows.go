package main

import (
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// maxLogBytes is the size at which the daemon's log file starts over.
const maxLogBytes = 1 << 20

// daemonLogOutput returns where "deskbreak run" logs: standard error, or, when it goes nowhere
// (deskbreakw.exe, the GUI-subsystem binary that the Run value and the Start-menu shortcut
// launch at login), the file "deskbreak start" also logs to (deskbreak.log beside the
// state, in %AppData%\deskbreak), which starts over when it grows past 1 MiB. close closes
// that file.
func daemonLogOutput(e *env) (w io.Writer, close func()) {
	if e.stderr != io.Writer(os.Stderr) || hasStderr() {
		return e.stderr, func() {}
	}
	path := startLog(e) // the file "deskbreak start" gives the daemon it spawns
	if path == "" {
		return io.Discard, func() {}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return io.Discard, func() {}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLogBytes {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return io.Discard, func() {}
	}
	return f, func() { f.Close() }
}

// hasStderr reports whether standard error goes anywhere: a console, a pipe or a file. A
// GUI-subsystem program started from Explorer, the Run key or a URL protocol has no handle
// at all, and one started by "deskbreak start" has the null device (a character device that,
// unlike a console, has no console mode).
func hasStderr() bool {
	h, err := windows.GetStdHandle(windows.STD_ERROR_HANDLE)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	if t, err := windows.GetFileType(h); err != nil || t == windows.FILE_TYPE_UNKNOWN {
		return false
	} else if t == windows.FILE_TYPE_CHAR {
		var mode uint32
		return windows.GetConsoleMode(h, &mode) == nil
	}
	return true
}
