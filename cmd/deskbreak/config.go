package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	register(&command{
		name:    "config",
		args:    "init [--force] | path | check [FILE]   [--config FILE]",
		summary: "write the default config file, print its path, or check it for mistakes",
		run:     runConfig,
	})
}

func runConfig(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "config")
	cfgFlag := flags.String("config", "", "the config `FILE` (default: $DESKBREAK_CONFIG, else deskbreak/config.toml in the user config directory)")
	force := flags.Bool("force", false, "init: replace an existing file")
	defaultUsage := flags.Usage
	flags.Usage = func() {
		defaultUsage()
		fmt.Fprint(e.stdout, `
Subcommands:
  init    write the defaults, with comments, to the config file (refuses to replace one)
  path    print the config file's path
  check   check the config file (or FILE) and list every problem; exit 1 on any
`)
	}
	pos, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("missing subcommand: init, path or check")
	}
	sub, rest := pos[0], pos[1:]
	forceSet := false
	flags.Visit(func(f *flag.Flag) { forceSet = forceSet || f.Name == "force" })
	switch {
	case sub != "init" && sub != "path" && sub != "check":
		return usagef("unknown subcommand %q: want init, path or check", sub)
	case forceSet && sub != "init":
		return usagef("--force applies to config init only")
	case sub == "check" && len(rest) > 1:
		return usagef("config check takes one FILE at most, got %d", len(rest))
	case sub != "check" && len(rest) > 0:
		return usagef("config %s takes no arguments (choose the file with --config FILE)", sub)
	}
	if sub == "check" && len(rest) == 1 {
		return configCheck(e, rest[0], true)
	}
	resolve := resolveConfig
	if sub != "check" {
		resolve = func(e *env, f string) (string, error) { return config.ResolvePath(f, e.getenv) }
	}
	path, err := resolve(e, *cfgFlag)
	if err != nil {
		var he *hintError
		if errors.As(err, &he) {
			return err
		}
		return withHint(fmt.Errorf("config %s: %w", sub, err), "deskbreak config "+sub+" --config FILE")
	}
	switch sub {
	case "init":
		return configInit(e, path, *force)
	case "path":
		fmt.Fprintln(e.stdout, path)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(e.stderr, "(no such file yet: deskbreak runs on its defaults; \"deskbreak config init\" writes them there)")
		}
		return nil
	default:
		return configCheck(e, path, false)
	}
}

// resolveConfig returns the config file to use (see config.ResolvePath). A file named on the
// command line or in $DESKBREAK_CONFIG must exist: a typo there must not quietly run on the
// defaults. Only the default path may be missing (the defaults apply).
func resolveConfig(e *env, flagValue string) (string, error) {
	path, err := config.ResolvePath(flagValue, e.getenv)
	if err != nil {
		return "", err
	}
	named := "--config"
	if flagValue == "" {
		named = "$DESKBREAK_CONFIG"
	}
	if flagValue != "" || e.getenv("DESKBREAK_CONFIG") != "" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return "", withHint(fmt.Errorf("config file %s (from %s) does not exist", path, named),
				"deskbreak config init --config "+path+" (to write the defaults there)")
		}
	}
	return path, nil
}

// configInit writes the commented defaults to path, replacing a file only when force is set.
func configInit(e *env, path string, force bool) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return withHint(fmt.Errorf("config init: %s already exists", path),
			"deskbreak config check (to check it), or deskbreak config init --force (to replace it with the defaults)")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	if err := config.WriteFile(path, config.DefaultFile()); err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	return nil
}

// configCheck checks the config at path and prints every problem and warning. A file that
// does not exist is an error only when it was named explicitly (explicit); otherwise the
// defaults apply, as they do for the daemon.
func configCheck(e *env, path string, explicit bool) error {
	cat, err := tips.Default()
	if err != nil {
		return fmt.Errorf("config check: load the exercise catalog: %w", err)
	}
	data, err := config.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if explicit {
			return withHint(fmt.Errorf("config file %s does not exist", path),
				"deskbreak config init --config "+path+" (to write the defaults there)")
		}
		fmt.Fprintf(e.stdout, "%s: no such file, so the built-in defaults apply: %s\n", path, configSummary(config.Default()))
		return nil
	}
	var es config.Errors
	if err != nil && !errors.As(err, &es) {
		return fmt.Errorf("config check: %w", err)
	}
	c, err := config.Parse(path, data, cat)
	if len(es) > 0 {
		err = es
	}
	if errors.As(err, &es) {
		for _, p := range es {
			fmt.Fprintln(e.stderr, p)
		}
		return fmt.Errorf("%s: %s", path, api.Plural(len(es), "problem", "problems"))
	}
	if err != nil {
		return fmt.Errorf("config check: %w", err)
	}
	for _, w := range c.Warnings {
		fmt.Fprintln(e.stderr, "warning: "+w)
	}
	fmt.Fprintf(e.stdout, "%s: OK: %s\n", path, configSummary(c))
	return nil
}

// configSummary describes c in one line: "5 work days, 1 break, 2 prompts".
func configSummary(c *config.Config) string {
	days := 0
	for _, d := range c.WorkHours {
		if len(d) > 0 {
			days++
		}
	}
	parts := []string{api.Plural(days, "work day", "work days")}
	if len(c.Holidays) > 0 {
		parts = append(parts, api.Plural(len(c.Holidays), "holiday", "holidays"))
	}
	parts = append(parts, api.Plural(len(c.Breaks), "break", "breaks"), api.Plural(len(c.Prompts), "prompt", "prompts"))
	s := strings.Join(parts, ", ")
	if c.Timezone != "" {
		s += " (" + c.Timezone + ")"
	}
	return s
}
