// Command deskbreak reminds you to take short desk breaks inside your work hours.
//
// main.go holds the wiring and exit codes; each subcommand lives in a file of its own and
// registers itself with register from an init function.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

// version is stamped by the release build with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand.
type command struct {
	name    string
	args    string // the usage after the name, e.g. "[--json]"
	summary string // one line for the command list
	hidden  bool
	run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]*command{}

// register adds a subcommand; call it from init.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("deskbreak: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// env is what a subcommand may touch of the outside world, so that tests can run commands
// in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// hintError carries a "Try: ..." line to print under the error.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// withHint attaches a hint to err.
func withHint(err error, hint string) error { return &hintError{err, hint} }

// exitError ends the program with a code and no further message (the command printed it).
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now}
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go onInterrupt(sigs, cancel, len(os.Args) > 1 && os.Args[1] == "run", e.stderr, os.Exit)
	code := runMain(ctx, e, os.Args[1:])
	cancel()
	os.Exit(code)
}

// stopGrace is how long "deskbreak run" has, after SIGINT or SIGTERM, to close its
// notification, save and remove its socket before it is ended without them.
const stopGrace = 1800 * time.Millisecond

// onInterrupt ends the program on the first SIGINT or SIGTERM on sigs: any command but the
// daemon at once with exit code 130 (whatever it is in the middle of: a long config check,
// a wait for the daemon), the daemon by cancelling its context so that it saves and
// stops, and with exit code 1 should it still run stopGrace later or get a second signal.
func onInterrupt(sigs <-chan os.Signal, cancel context.CancelFunc, daemon bool, stderr io.Writer, exit func(int)) {
	<-sigs
	if !daemon {
		exit(130)
		return
	}
	cancel()
	select {
	case <-sigs:
		fmt.Fprintln(stderr, "deskbreak: a second signal: stopping without the final save")
	case <-time.After(stopGrace):
		fmt.Fprintf(stderr, "deskbreak: did not stop within %v of the signal: stopping without the final save\n", stopGrace)
	}
	exit(1)
}

// runMain runs one command line and returns the exit code. Only this function prints errors.
func runMain(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printCommands(e.stdout)
		return 0
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		name = "help"
	case "-v", "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "deskbreak: unknown command %q\nTry: deskbreak help\n", name)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	return report(e.stderr, c, err)
}

// report prints err the house way and maps it to an exit code.
func report(w io.Writer, c *command, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	fmt.Fprintf(w, "deskbreak: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "Usage: deskbreak %s %s\nTry: deskbreak help %s\n", c.name, c.args, c.name)
		return 2
	}
	var he *hintError
	if errors.As(err, &he) && he.hint != "" {
		fmt.Fprintf(w, "Try: %s\n", he.hint)
	}
	return 1
}

func printCommands(w io.Writer) {
	fmt.Fprintln(w, "deskbreak reminds you to take short desk breaks inside your work hours.")
	fmt.Fprintln(w, "\nUsage: deskbreak COMMAND [ARGS]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun \"deskbreak help COMMAND\" for a command's flags, and \"deskbreak man | man -l -\"")
	fmt.Fprintln(w, "for the whole manual.")
}

// newFlags makes a FlagSet for a subcommand that reports its own usage on -h.
func newFlags(e *env, c string) *flag.FlagSet { return flagsFor(e, c, commands[c]) }

// flagsFor makes a FlagSet for "deskbreak NAME" (NAME may be "tips show") described by cmd.
func flagsFor(e *env, name string, cmd *command) *flag.FlagSet {
	fs := flag.NewFlagSet("deskbreak "+name, flag.ContinueOnError)
	// Help is asked for (-h, or "deskbreak help NAME"), so it goes to stdout: it can be paged.
	fs.SetOutput(e.stdout)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: deskbreak %s\n\n%s\n", strings.TrimSpace(name+" "+cmd.args), cmd.summary)
		if hasFlags(fs) {
			fmt.Fprintln(e.stdout, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args into fs, allowing flags after positional arguments, and turns
// flag errors into usage errors. The flag package's own printing is silenced so that a
// mistake is reported once, by main; -h prints the full usage.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func init() {
	register(&command{name: "help", args: "[COMMAND]", summary: "list the commands, or show one command's flags",
		run: func(ctx context.Context, e *env, args []string) error {
			pos, err := parseFlags(newFlags(e, "help"), args)
			if err != nil {
				return err
			}
			switch {
			case len(pos) == 0:
				printCommands(e.stdout)
				return nil
			case len(pos) > 1 && pos[0] != "tips":
				return usagef("help takes one COMMAND, got %q", strings.Join(pos, " "))
			case pos[0] == "help":
				return newFlags(e, "help").Parse([]string{"-h"})
			}
			c, ok := commands[pos[0]]
			if !ok {
				return usagef("unknown command %q", pos[0])
			}
			return c.run(ctx, e, append(pos[1:], "-h"))
		}})
	register(&command{name: "version", summary: "print the version",
		run: func(ctx context.Context, e *env, args []string) error {
			if err := svcNoArgs(e, "version", args); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "deskbreak %s\n", version)
			return nil
		}})
}
