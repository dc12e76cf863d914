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
