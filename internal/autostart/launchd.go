package autostart

import (
	"context"
	"fmt"
	"strings"
)

// launchdBackend installs a LaunchAgent at path (~/Library/LaunchAgents/<label>.plist), which
// launchd loads at every login, and talks to launchd in domain ("gui/<uid>") with launchctl.
type launchdBackend struct {
	path   string
	log    string
	domain string
	prog   Program
	run    Runner
}

var _ backend = (*launchdBackend)(nil)

func (b *launchdBackend) method() Method { return MethodLaunchd }
func (b *launchdBackend) target() string { return b.domain + "/" + LaunchAgentLabel }

func (b *launchdBackend) launchctl(ctx context.Context, r *Report, args ...string) error {
	line := "launchctl " + strings.Join(args, " ")
	r.step("ran", line)
	if _, err := b.run.Run(ctx, "launchctl", args...); err != nil {
		return fmt.Errorf("%s: %w", line, err)
	}
	return nil
}

// loaded reports whether launchd has the agent loaded, and its "launchctl print" output.
func (b *launchdBackend) loaded(ctx context.Context) (string, bool) {
	out, err := b.run.Run(ctx, "launchctl", "print", b.target())
	return out, err == nil
}

func (b *launchdBackend) installed() (bool, error) {
	_, exists, ours, err := readOwned(b.path)
	return exists && ours, err
}

func (b *launchdBackend) install(ctx context.Context) (Report, error) {
	r := Report{Method: MethodLaunchd}
	plist, err := LaunchAgentPlist(b.prog, b.log)
	if err != nil {
		return r, err
	}
	changed, err := writeOwned(&r, b.path, plist)
	if err != nil {
		return r, err
	}
	r.note("deskbreak starts when you log in, from your next login on; its log is %s.", b.log)
	if _, loaded := b.loaded(ctx); changed && loaded {
		r.note("The running deskbreak keeps its old settings until \"deskbreak stop\" and \"deskbreak start\", or your next login.")
	}
	return r, nil
}

func (b *launchdBackend) uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: MethodLaunchd}
	if ok, err := b.installed(); err != nil || !ok {
		if err == nil {
			_, err = removeOwned(&r, b.path)
		}
		return r, err
	}
	if _, loaded := b.loaded(ctx); loaded {
		if err := b.launchctl(ctx, &r, "bootout", b.target()); err != nil {
			r.note("%v; removing the agent anyway.", err)
		}
	}
	if _, err := removeOwned(&r, b.path); err != nil {
		return r, err
	}
	r.note("Its log %s was kept.", b.log)
	return r, nil
}

func (b *launchdBackend) start(ctx context.Context) (Report, error) {
	r := Report{Method: MethodLaunchd}
	var err error
	if _, loaded := b.loaded(ctx); loaded {
		err = b.launchctl(ctx, &r, "kickstart", b.target())
	} else {
		err = b.launchctl(ctx, &r, "bootstrap", b.domain, b.path) // RunAtLoad starts it
	}
	if err != nil {
		return r, fmt.Errorf("start: %w", err)
	}
	r.note("Its log: %s", b.log)
	return r, nil
}

func (b *launchdBackend) lastLog(context.Context) string { return lastLine(b.log) }

func (b *launchdBackend) stop(ctx context.Context) (Report, error) {
	r := Report{Method: MethodLaunchd}
	if _, loaded := b.loaded(ctx); !loaded {
		r.note("deskbreak was not running under launchd.")
		return r, nil
	}
	// bootout sends SIGTERM and unloads the agent, so KeepAlive cannot start it again.
	if err := b.launchctl(ctx, &r, "bootout", b.target()); err != nil {
		return r, fmt.Errorf("stop: %w", err)
	}
	r.note("deskbreak starts again at your next login; \"deskbreak uninstall\" turns that off.")
	return r, nil
}

func (b *launchdBackend) status(ctx context.Context) (Status, error) {
	s := Status{Method: MethodLaunchd, Where: b.path, State: StateUnknown}
	content, exists, ours, err := readOwned(b.path)
	if err != nil {
		return s, err
	}
	s.Installed = exists && ours
	if want, err := LaunchAgentPlist(b.prog, b.log); err == nil && want == content {
		s.Current = true
	}
	if exists && !ours {
		s.Detail = "the agent file was not written by deskbreak install"
	}
	out, loaded := b.loaded(ctx)
	if !loaded {
		s.State = StateStopped
		if s.Installed {
			s.Detail = "the agent is not loaded; it loads at your next login or with \"deskbreak start\""
		}
		return s, nil
	}
	s.State = StateStopped
	for _, line := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), " = ")
		switch {
		case !ok:
		case k == "state" && v == "running":
			s.State = StateRunning
		case k == "last exit code" && v != "0" && v != "(never exited)":
			s.Detail = "last exit code " + v + "; its log: " + b.log
		}
	}
	return s, nil
}
