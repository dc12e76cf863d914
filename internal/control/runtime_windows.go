package control

import (
	"fmt"
	"io/fs"
	"strings"
)

// checkOwner accepts dir: on Windows the runtime directory lies under the user's own
// LocalAppData or temp directory, whose ACLs keep other users out.
func checkOwner(dir string, fi fs.FileInfo) error { return nil }

// pipePrefix starts every named pipe's path.
const pipePrefix = `\\.\pipe\`

// checkSocketEnv returns the pipe $DESKBREAK_SOCKET names, or an error when it names
// something else (a file path set for Linux, say).
func checkSocketEnv(s string) (string, error) {
	if !strings.HasPrefix(strings.ToLower(s), pipePrefix) || len(s) == len(pipePrefix) || strings.Contains(s[len(pipePrefix):], `\`) {
		return "", fmt.Errorf("%s %q: on Windows it must name a pipe, such as %sdeskbreak-test", SocketEnv, s, pipePrefix)
	}
	return s, nil
}

// defaultSocketPath returns this user's pipe, \\.\pipe\deskbreak-<SID>: the SID keeps the
// users of one machine apart, as the per-user runtime directory does on Unix.
func defaultSocketPath(getenv func(string) string) (string, error) {
	sid, err := currentUserSID()
	if err != nil {
		return "", fmt.Errorf("control pipe: %w", err)
	}
	return pipePrefix + "deskbreak-" + sid, nil
}
