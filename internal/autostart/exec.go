package autostart

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// execRunner runs real programs.
type execRunner struct{}

var _ Runner = execRunner{}

func (execRunner) Run(ctx context.Context, name string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if msg := strings.TrimSpace(stderr.String()); err != nil && msg != "" {
		err = fmt.Errorf("%w: %s", err, msg)
	}
	return strings.TrimSpace(stdout.String()), err
}

// execSpawner starts real processes, detached (see detach, per system).
type execSpawner struct{}

var _ Spawner = execSpawner{}

func (execSpawner) Spawn(p Program, log string) (int, error) {
	cmd := exec.Command(p.Exe, p.Args...) // standard streams go to the null device, or log
	if log != "" {
		if err := os.MkdirAll(filepath.Dir(log), 0o700); err != nil {
			return 0, fmt.Errorf("log directory: %w", err)
		}
		f, err := os.OpenFile(log, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return 0, fmt.Errorf("log file: %w", err)
		}
		defer f.Close() // the child has its own copy once started
		cmd.Stdout, cmd.Stderr = f, f
	}
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid
	return pid, cmd.Process.Release()
}
