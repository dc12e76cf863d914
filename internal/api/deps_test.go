package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// listed is what "go list -deps -json" says of one package.
type listed struct {
	ImportPath string
	Standard   bool
	Imports    []string
}

// deps lists pkg and everything it imports, for goos.
func deps(t *testing.T, goos, pkg string) []listed {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go command to list the import graph: %v", err)
		}
		t.Skipf("no go command to list the import graph: %v", err)
	}
	cmd := exec.Command(goBin, "list", "-deps", "-json=ImportPath,Standard,Imports", pkg)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=1", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s (GOOS=%s): %v\n%s", pkg, goos, err, stderr.Bytes())
	}
	var all []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		all = append(all, p)
	}
	return all
}

const mod = "github.com/deskbreak/deskbreak/"

// TestImportGraph holds the layering: clients see the engine only through the contract.
//   - neither the contract (api) nor control reaches godbus;
//   - none of tray, control and api reaches notify, store, daemon or go-toml;
//   - the tray reaches godbus only through fyne.io/systray (its D-Bus check for a tray host
//     lives in internal/trayhost, handed to it by the daemon);
//   - the scheduler imports nothing but the standard library and the cron parser.
func TestImportGraph(t *testing.T) {
	t.Parallel()
	engine := []string{mod + "internal/notify", mod + "internal/store", mod + "internal/daemon", "github.com/pelletier/go-toml"}
	const godbus = "github.com/godbus/"
	for _, goos := range []string{"linux", "windows", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			t.Parallel()
			for _, pkg := range []string{"internal/api", "internal/control", "internal/tray"} {
				for _, p := range deps(t, goos, "./../../"+pkg) {
					for _, bad := range engine {
						if strings.HasPrefix(p.ImportPath, bad) {
							t.Errorf("%s reaches %s", pkg, p.ImportPath)
						}
					}
					if pkg != "internal/tray" && strings.HasPrefix(p.ImportPath, godbus) {
						t.Errorf("%s reaches %s", pkg, p.ImportPath)
					}
					if pkg == "internal/tray" && !strings.HasPrefix(p.ImportPath, godbus) && !strings.HasPrefix(p.ImportPath, "fyne.io/systray") {
						for _, imp := range p.Imports {
							if strings.HasPrefix(imp, godbus) {
								t.Errorf("tray reaches godbus through %s, not fyne.io/systray", p.ImportPath)
							}
						}
					}
				}
			}
			for _, p := range deps(t, goos, "./../../internal/scheduler") {
				if !p.Standard && p.ImportPath != mod+"internal/scheduler" && !strings.HasPrefix(p.ImportPath, "github.com/robfig/cron/v3") {
					t.Errorf("scheduler imports %s: only the standard library and the cron parser are allowed", p.ImportPath)
				}
			}
		})
	}
}
