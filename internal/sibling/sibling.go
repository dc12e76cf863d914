// Package sibling finds deskbreak's other programs (deskbreak beside deskbreak-ui and the
// other way round), the way the packages install them: in the same directory, else on PATH.
package sibling

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Find returns the path of program name (".exe" added on Windows) beside this program's
// own binary, else on PATH; "" when neither has it.
func Find(name string) string {
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}
