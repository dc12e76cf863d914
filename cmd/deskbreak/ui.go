package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func init() {
	register(&command{name: "ui", args: "[--browser CMD] [--no-open] [break|settings|stats|exercises]",
		summary: "open the web UI: the break window, settings, statistics or the exercises", run: runUI})
}

// uiPages are the pages "deskbreak ui" opens.
var uiPages = []string{"break", "settings", "stats", "exercises"}

// uiStartTimeout bounds the wait for the UI's URL; "go run" compiles it first.
const uiStartTimeout = 2 * time.Minute

// runUI is "deskbreak ui": it starts deskbreak-ui (a program of its own, so that this one
// never links net/http), which opens the page in a browser window, and returns once the UI
// has said its URL. The UI exits by itself when no page is open.
func runUI(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ui")
	browser := fs.String("browser", "", "open the page with this `COMMAND` ({url} marks the URL); overrides [ui] browser")
	noOpen := fs.Bool("no-open", false, "open no browser: print the URL (valid for one minute, once) to open by hand")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	page := "break"
	switch len(pos) {
	case 0:
	case 1:
		page = pos[0]
		found := false
		for _, p := range uiPages {
			found = found || p == page
		}
		if !found {
			return usagef("unknown page %q: want break, settings, stats or exercises", page)
		}
	default:
		return usagef("ui takes one page at most, got %q", strings.Join(pos, " "))
	}
	uiArgs := []string{}
	if *browser != "" {
		uiArgs = append(uiArgs, "--browser", *browser)
	}
	if *noOpen {
		uiArgs = append(uiArgs, "--no-open")
	}
	uiArgs = append(uiArgs, page)
	cmd, err := uiCommand(e.getenv, uiArgs)
	if err != nil {
		return err
	}
	return startUI(ctx, e, cmd, *noOpen)
}

// uiCommand returns how to run deskbreak-ui: $DESKBREAK_UI when set; else the program beside
// this one's binary, else on PATH; else, inside a clone of deskbreak's source with Go
// installed, "go run ./cmd/deskbreak-ui" (so the README's "go run ./cmd/deskbreak" works).
func uiCommand(getenv func(string) string, args []string) (*exec.Cmd, error) {
	if p := installedUI(getenv); p != "" {
		return exec.Command(p, args...), nil
	}
	if root := sourceRoot(); root != "" {
		if goBin, err := exec.LookPath("go"); err == nil {
			cmd := exec.Command(goBin, append([]string{"run", "./cmd/deskbreak-ui"}, args...)...)
			cmd.Dir = root
			return cmd, nil
		}
	}
	return nil, withHint(errors.New("ui: deskbreak-ui is not installed: it is neither beside this program nor on PATH"),
		"install it beside deskbreak (the packages ship both), or from a clone: go install ./cmd/deskbreak-ui (or set DESKBREAK_UI to its path)")
}

// sourceRoot returns the root of a clone of deskbreak's source containing the working
// directory, or "".
func sourceRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			first, _, _ := strings.Cut(string(data), "\n")
			if strings.TrimSpace(first) == "module github.com/deskbreak/deskbreak" {
				if _, err := os.Stat(filepath.Join(dir, "cmd", "deskbreak-ui")); err == nil {
					return dir
				}
			}
			return ""
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// startUI starts cmd in a session of its own and waits for the URL it prints first.
func startUI(ctx context.Context, e *env, cmd *exec.Cmd, noOpen bool) error {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	cmd.Stderr = e.stderr
	if f, ok := e.stderr.(*os.File); ok {
		cmd.Stderr = f // the UI's log goes on after this program exits
	}
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("ui: start %s: %w", cmd.Path, err)
	}
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(out)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
		io.Copy(io.Discard, out)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(uiStartTimeout)
	defer timer.Stop()
	select {
	case url, ok := <-line:
		if !ok {
			err := <-exited
			return fmt.Errorf("ui: %s ended without a URL: %v", cmd.Path, err)
		}
		if noOpen {
			fmt.Fprintln(e.stdout, url)
		} else {
			fmt.Fprintf(e.stdout, "deskbreak ui: opened %s\n", url)
		}
		return nil
	case err := <-exited:
		return fmt.Errorf("ui: %s: %v", cmd.Path, err)
	case <-timer.C:
		cmd.Process.Kill()
		return fmt.Errorf("ui: %s said no URL within %v", cmd.Path, uiStartTimeout)
	case <-ctx.Done():
		cmd.Process.Kill()
		return ctx.Err()
	}
}
