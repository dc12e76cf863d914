package autostart

import (
	"context"
	"fmt"
	"path/filepath"
)

// xdgBackend installs an XDG autostart entry at path ($XDG_CONFIG_HOME/autostart/deskbreak.desktop),
// which the desktop reads at login. Nothing tracks the program afterwards, so start spawns it
// and stop cannot.
type xdgBackend struct {
	path  string
	prog  Program
	spawn Spawner
	log   string // where a spawned daemon's output goes
}

var _ backend = (*xdgBackend)(nil)

func (b *xdgBackend) method() Method { return MethodXDG }

func (b *xdgBackend) installed() (bool, error) {
	_, exists, ours, err := readOwned(b.path)
	return exists && ours, err
}

func (b *xdgBackend) install(ctx context.Context) (Report, error) {
	r := Report{Method: MethodXDG}
	entry, err := AutostartEntry(b.prog)
	if err != nil {
		return r, err
	}
	if _, err := writeOwned(&r, b.path, entry); err != nil {
		return r, err
	}
	r.note("deskbreak starts when you log in to your desktop, from your next login on.")
	return r, nil
}

func (b *xdgBackend) uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: MethodXDG}
	removed, err := removeOwned(&r, b.path)
	if removed {
		pruneDirs(&r, filepath.Dir(b.path))
	}
	return r, err
}

func (b *xdgBackend) start(ctx context.Context) (Report, error) {
	return spawnDaemon(MethodXDG, b.spawn, b.prog, b.log)
}

func (b *xdgBackend) lastLog(context.Context) string { return lastLine(b.log) }

// spawnDaemon starts p in the background for methods without a service manager.
func spawnDaemon(m Method, s Spawner, p Program, log string) (Report, error) {
	r := Report{Method: m}
	pid, err := s.Spawn(p, log)
	if err != nil {
		return r, fmt.Errorf("start %s: %w", p, err)
	}
	r.PID = pid
	r.step("started", fmt.Sprintf("%s (pid %d)", p, pid))
	if log != "" {
		r.note("%s only starts deskbreak at login, so it was started directly; its log: %s", capitalize(m.Describe()), log)
	}
	return r, nil
}

func (b *xdgBackend) stop(ctx context.Context) (Report, error) {
	return Report{Method: MethodXDG}, &NotSupportedError{
		Method: MethodXDG, Op: "stop",
		Reason: "an XDG autostart entry only starts deskbreak at login and cannot stop it",
		Hint:   fmt.Sprintf("pkill -TERM -u \"$(id -un)\" -f '%s' (deskbreak exits cleanly on SIGTERM)", b.prog),
	}
}

func (b *xdgBackend) status(ctx context.Context) (Status, error) {
	s := Status{Method: MethodXDG, Where: b.path, State: StateUnknown}
	content, exists, ours, err := readOwned(b.path)
	if err != nil {
		return s, err
	}
	s.Installed = exists && ours
	if want, err := AutostartEntry(b.prog); err == nil && want == content {
		s.Current = true
	}
	switch {
	case exists && !ours:
		s.Detail = "the entry was not written by deskbreak install"
	case s.Installed:
		s.Detail = "an autostart entry does not track the program; \"deskbreak status\" tells whether it runs"
	}
	return s, nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
