package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetHTTP keeps net/http (about 3 MB resident) and the web UI's packages out of the
// daemon's binary: the web UI is the separate program cmd/deskbreak-ui.
func TestNoNetHTTP(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		cmd := exec.Command(goBin, "list", "-deps", ".")
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps (GOOS=%s): %v", goos, err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			if pkg == "net/http" || pkg == "html/template" || strings.HasPrefix(pkg, "net/http/") {
				t.Errorf("GOOS=%s: cmd/deskbreak depends on %s; the web UI belongs in cmd/deskbreak-ui", goos, pkg)
			}
		}
	}
}
