package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/autostart"
	"github.com/deskbreak/deskbreak/internal/store"
)

// These reach the outside world; tests replace them.
var (
	executable   = autostart.Executable
	geteuid      = os.Geteuid
	newAutostart = autostart.New
)

func init() {
	register(&command{name: "install", args: "[--method " + strings.Join(methodNames(), "|") + "]",
		summary: "start deskbreak when you log in (for you only; no admin rights needed)", run: runInstall})
	register(&command{name: "uninstall",
		summary: "stop starting deskbreak at login: remove exactly what install wrote", run: runUninstall})
	register(&command{name: "start",
		summary: "start deskbreak now, the way install set it up", run: runServiceStart})
	register(&command{name: "stop",
		summary: "stop deskbreak now, where the login method allows; it starts again at the next login", run: runServiceStop})
	register(&command{name: "service-status", args: "[--json]",
		summary: "show how deskbreak starts at login, and whether it is running", run: runServiceStatus})
}

// methodNames lists the values of install --method on this system.
func methodNames() []string {
	names := []string{"auto"}
	for _, m := range autostart.Methods(runtime.GOOS) {
		names = append(names, string(m))
	}
	return names
}

// autostartManager checks that the command runs as the person it is for, and returns the
// Manager for the running binary and the command line it starts. Install needs a binary that
// outlives this process; the other commands work from any.
func autostartManager(e *env, op string, method autostart.Method) (*autostart.Manager, autostart.Program, error) {
	if user := e.getenv("SUDO_USER"); user != "" && geteuid() == 0 {
		return nil, autostart.Program{}, withHint(fmt.Errorf("%s is running under sudo: it would set deskbreak up for root's logins, not for %s's, "+
			"and deskbreak needs no admin rights", op, user), "deskbreak "+op+" (as "+user+", without sudo)")
	}
	exe, err := executable()
	if err != nil && op == "install" {
		return nil, autostart.Program{}, err
	}
	login, _ := loginExe(exe)
	p := autostart.Daemon(login)
	m, err := newAutostart(autostart.Options{Program: p, Method: method, Getenv: e.getenv, Log: startLog(e)})
	return m, p, err
}

// svcNoArgs parses args of a command that takes none.
func svcNoArgs(e *env, name string, args []string) error {
	fs := newFlags(e, name)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments, got %q", name, strings.Join(pos, " "))
	}
	return nil
}

func runInstall(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "install")
	method := fs.String("method", "auto", "how to start at login: "+strings.Join(methodNames(), ", ")+
		"; auto picks the best of this system")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("install takes no arguments, got %q", strings.Join(pos, " "))
	}
	if !slices.Contains(methodNames(), *method) {
		return usagef("--method %q: want one of %s", *method, strings.Join(methodNames(), ", "))
	}
	m := autostart.Method(*method)
	if *method == "auto" {
		m = autostart.MethodAuto
	}
	mgr, prog, err := autostartManager(e, "install", m)
	if err != nil {
		return err
	}
	r, err := mgr.Install(ctx)
	printSvcReport(e.stdout, r, err == nil)
	if err != nil {
		if ns := (*autostart.NotSupportedError)(nil); errors.As(err, &ns) {
			return withHint(fmt.Errorf("install %s: %s", mgr.Method().Describe(), ns.Reason), ns.Hint)
		}
		return fmt.Errorf("install %s: %w", mgr.Method().Describe(), err)
	}
	if err := installIcon(e); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nInstalled %s that starts: %s\n", r.Method.Describe(), prog)
	if exe, err := executable(); err == nil {
		if _, ok := loginExe(exe); !ok {
			fmt.Fprintf(e.stdout, "No %s beside %s: a console window will show at login. Build it with\n"+
				"  go build -ldflags=-H=windowsgui -o %s ./cmd/deskbreak\nand run install again.\n", guiName, exe, guiName)
		}
	}
	printSvcNotes(e.stdout, r)
	fmt.Fprintln(e.stdout, "Start it now: deskbreak start")
	fmt.Fprintln(e.stdout, "Undo:         deskbreak uninstall")
	return nil
}

func runUninstall(ctx context.Context, e *env, args []string) error {
	if err := svcNoArgs(e, "uninstall", args); err != nil {
		return err
	}
	mgr, _, err := autostartManager(e, "uninstall", autostart.MethodAuto)
	if err != nil {
		return err
	}
	r, err := mgr.Uninstall(ctx)
	printSvcReport(e.stdout, r, err == nil)
	if err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	if err := uninstallIcon(e); err != nil {
		return err
	}
	if len(r.Steps) > 0 {
		fmt.Fprintf(e.stdout, "\nRemoved %s: deskbreak no longer starts at login.\n", r.Method.Describe())
	}
	printSvcNotes(e.stdout, r)
	return nil
}

// startWait is how long "deskbreak start" waits for the daemon it started to answer.
var startWait = 5 * time.Second

// runServiceStart is "deskbreak start": it starts the daemon through the installed method,
// then waits until the daemon answers on its control socket. A daemon that is already running
// is left alone; one that does not come up is an error that shows its last log line.
func runServiceStart(ctx context.Context, e *env, args []string) error {
	if err := svcNoArgs(e, "start", args); err != nil {
		return err
	}
	if c, err := ctlClient(e); err == nil {
		if _, err := c.Snapshot(ctx); err == nil {
			fmt.Fprintf(e.stdout, "deskbreak is already running%s; nothing to start.\n", pidNote(daemonPID(e)))
			return nil
		}
	}
	var mgr *autostart.Manager
	var spawned int
	err := serviceOp(ctx, e, "start", nil, func(m *autostart.Manager, ctx context.Context) (autostart.Report, error) {
		mgr = m
		r, err := m.Start(ctx)
		spawned = r.PID
		return r, err
	})
	if err != nil {
		return err
	}
	c, err := ctlClient(e)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(startWait)
	for {
		if _, err := c.Snapshot(ctx); err == nil {
			fmt.Fprintf(e.stdout, "deskbreak is running%s.\n", pidNote(daemonPID(e)))
			return nil
		}
		if time.Now().After(deadline) || spawned > 0 && exited(spawned) {
			break
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(100 * time.Millisecond):
		}
	}
	msg := fmt.Sprintf("the daemon did not start: it does not answer after %v", startWait)
	if line := strings.TrimPrefix(mgr.LastLog(ctx), "deskbreak: "); line != "" {
		msg = "the daemon did not start: its last log line: " + line
	}
	return withHint(errors.New(msg), "deskbreak run (it runs in this terminal and shows its whole log)")
}

// exited reports whether the process pid has ended (Linux only: elsewhere it says false and
// start waits out startWait). A child that ended stays a zombie until this process exits.
func exited(pid int) bool {
	if runtime.GOOS != "linux" {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return strings.HasPrefix(rest, "Z") || strings.HasPrefix(rest, "X")
}

// startLog is where "deskbreak start" sends the output of a daemon it spawns itself.
func startLog(e *env) string {
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "deskbreak.log")
}

// daemonPID returns the running daemon's pid from its pid file (0 when unknown).
func daemonPID(e *env) int {
	dir, err := store.StateDir(e.getenv)
	if err != nil {
		return 0
	}
	pid, _ := store.Holder(filepath.Join(dir, store.LockFile))
	return pid
}

// pidNote is " (pid N)", or "" when pid is unknown.
func pidNote(pid int) string {
	if pid <= 0 {
		return ""
	}
	return fmt.Sprintf(" (pid %d)", pid)
}

func runServiceStop(ctx context.Context, e *env, args []string) error {
	return serviceOp(ctx, e, "stop", args, (*autostart.Manager).Stop)
}

func serviceOp(ctx context.Context, e *env, name string, args []string,
	op func(*autostart.Manager, context.Context) (autostart.Report, error)) error {
	if err := svcNoArgs(e, name, args); err != nil {
		return err
	}
	mgr, _, err := autostartManager(e, name, autostart.MethodAuto)
	if err != nil {
		return err
	}
	r, err := op(mgr, ctx)
	printSvcReport(e.stdout, r, err == nil)
	var ns *autostart.NotSupportedError
	switch {
	case errors.As(err, &ns):
		return withHint(err, ns.Hint)
	case errors.Is(err, autostart.ErrNotInstalled):
		if name == "start" {
			return withHint(err, "deskbreak install, or run it in this terminal: deskbreak run")
		}
		return withHint(err, "deskbreak status (a deskbreak started by hand ends with Ctrl-C or SIGTERM)")
	case err != nil:
		return err
	}
	printSvcNotes(e.stdout, r)
	return nil
}

func runServiceStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "service-status")
	asJSON := fs.Bool("json", false, "print JSON: a list of {method, installed, where, current, state, detail}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("service-status takes no arguments, got %q", strings.Join(pos, " "))
	}
	mgr, _, err := autostartManager(e, "service-status", autostart.MethodAuto)
	if err != nil {
		return err
	}
	all, err := mgr.Status(ctx)
	if err != nil {
		return fmt.Errorf("service-status: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	shown := 0
	for _, s := range all {
		if !s.Installed && s.Detail == "" {
			continue
		}
		shown++
		state := "not installed"
		if s.Installed {
			state = map[string]string{
				autostart.StateRunning: "installed, running",
				autostart.StateStopped: "installed, not running",
				autostart.StateFailed:  "installed, failed",
			}[s.State]
			if state == "" {
				state = "installed"
			}
			if !s.Current {
				state += " (it differs from what install writes now: run \"deskbreak install\" to update it)"
			}
		}
		fmt.Fprintf(e.stdout, "%s: %s\n  %s\n", svcCapitalize(s.Method.Describe()), state, s.Where)
		if s.Detail != "" {
			fmt.Fprintf(e.stdout, "  %s\n", s.Detail)
		}
	}
	if shown == 0 {
		fmt.Fprintf(e.stdout, "deskbreak is not installed to start at login; \"deskbreak install\" would use %s.\n", mgr.Method().Describe())
	}
	return nil
}

// printSvcReport prints what an operation did, one step a line. ok is false when it failed
// part-way: the steps then say how far it got.
func printSvcReport(w io.Writer, r autostart.Report, ok bool) {
	for _, s := range r.Steps {
		fmt.Fprintf(w, "  %-9s %s\n", s.Did, s.What)
	}
	if !ok {
		printSvcNotes(w, r)
	}
}

func printSvcNotes(w io.Writer, r autostart.Report) {
	for _, n := range r.Notes {
		fmt.Fprintln(w, n)
	}
}

func svcCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
