//go:build !windows

package main

import "io"

// daemonLogOutput returns where "deskbreak run" logs: standard error (the journal, under
// systemd). The signature matches Windows', which may log to a file.
func daemonLogOutput(e *env) (w io.Writer, close func()) {
	return e.stderr, func() {}
}
