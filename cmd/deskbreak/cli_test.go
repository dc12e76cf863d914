package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// runCLI runs one command line in-process with the given environment variables and clock
// (nil: time.Now) and returns the exit code and what it printed.
func runCLI(t *testing.T, vars map[string]string, now func() time.Time, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if now == nil {
		now = time.Now
	}
	var out, errb bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errb,
		getenv: func(k string) string { return vars[k] },
		now:    now,
	}
	code = runMain(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// TestHelpEveryCommand: "deskbreak help NAME" and "deskbreak NAME --help" print NAME's usage
// on stdout (so that it can be paged) and exit 0, for every command, help and version too.
// help help once said unknown command "-h", help version printed the version, and help went
// to stderr.
func TestHelpEveryCommand(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"HOME": t.TempDir(), "XDG_RUNTIME_DIR": t.TempDir()}
	for name := range commands {
		for _, args := range [][]string{{"help", name}, {name, "--help"}, {name, "-h"}} {
			code, out, errs := runCLI(t, vars, nil, args...)
			if code != 0 || errs != "" || !strings.HasPrefix(out, "Usage: deskbreak "+name) {
				t.Errorf("deskbreak %s: exit %d, stdout %q, stderr %q; want exit 0 and the usage on stdout",
					strings.Join(args, " "), code, out, errs)
			}
		}
	}
	code, out, _ := runCLI(t, vars, nil, "help", "tips", "show")
	if code != 0 || !strings.HasPrefix(out, "Usage: deskbreak tips show") {
		t.Errorf("deskbreak help tips show: exit %d, %q", code, out)
	}
	if code, _, errs := runCLI(t, vars, nil, "help", "nosuch"); code != 2 || !strings.Contains(errs, `unknown command "nosuch"`) {
		t.Errorf("deskbreak help nosuch: exit %d, %q", code, errs)
	}
	if code, out, _ := runCLI(t, vars, nil, "help"); code != 0 || !strings.Contains(out, "deskbreak man") {
		t.Errorf("deskbreak help does not name the manual: %q", out)
	}
}
