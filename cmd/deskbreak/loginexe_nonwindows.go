//go:build !windows

package main

// loginExe returns exe: outside Windows one binary serves the terminal and the login
// entry. The signature matches Windows'.
func loginExe(exe string) (path string, ok bool) { return exe, true }

// guiName is the GUI-subsystem twin of the binary; only Windows has one.
const guiName = ""
