package autostart

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const unitName = Name + ".service"

// systemdBackend installs a systemd user unit in dir ($XDG_CONFIG_HOME/systemd/user) and
// enables it through "systemctl --user". run is nil when systemctl is missing.
type systemdBackend struct {
	dir  string
	prog Program
	run  Runner
}

var _ backend = (*systemdBackend)(nil)

func (b *systemdBackend) method() Method { return MethodSystemd }
func (b *systemdBackend) path() string   { return filepath.Join(b.dir, unitName) }

// systemctl runs "systemctl --user args..." and records it in r.
func (b *systemdBackend) systemctl(ctx context.Context, r *Report, args ...string) error {
	args = append([]string{"--user"}, args...)
	line := "systemctl " + strings.Join(args, " ")
	r.step("ran", line)
	if _, err := b.run.Run(ctx, "systemctl", args...); err != nil {
		return fmt.Errorf("%s: %w", line, err)
	}
	return nil
}

// query runs "systemctl --user args..." for its output only; a non-zero exit is normal for
// is-active and is-enabled, so only the output counts.
func (b *systemdBackend) query(ctx context.Context, args ...string) string {
	out, _ := b.run.Run(ctx, "systemctl", append([]string{"--user"}, args...)...)
	return out
}

func (b *systemdBackend) installed() (bool, error) {
	_, exists, ours, err := readOwned(b.path())
	return exists && ours, err
}

func (b *systemdBackend) install(ctx context.Context) (Report, error) {
	r := Report{Method: MethodSystemd}
	if b.run == nil {
		return r, errors.New("systemctl is not on PATH; use --method xdg")
	}
	// graphical-session.target exists wherever systemd does, but only some desktops start it;
	// a unit wanted by a target that never starts never starts either.
	target := DefaultTarget
	if b.query(ctx, "is-active", GraphicalSessionTarget) == "active" {
		target = GraphicalSessionTarget
	}
	unit, err := SystemdUnit(b.prog, target, ByInstall)
	if err != nil {
		return r, err
	}
	_, existed, _, _ := readOwned(b.path())
	changed, err := writeOwned(&r, b.path(), unit)
	if err != nil {
		return r, err
	}
	// A unit this install wrote new is taken back when systemd cannot take it (no user
	// manager): nothing is left that looks installed but never starts.
	undo := func(err error) (Report, error) {
		if changed && !existed {
			if rerr := os.Remove(b.path()); rerr == nil {
				r.step("removed", b.path())
				pruneDirs(&r, b.dir)
			}
		}
		return r, &NotSupportedError{Method: MethodSystemd, Op: "install", Reason: err.Error(),
			Hint: "deskbreak install --method xdg (starts deskbreak from your desktop's autostart instead)"}
	}
	enable := "enable"
	if changed {
		if err := b.systemctl(ctx, &r, "daemon-reload"); err != nil {
			return undo(err)
		}
		enable = "reenable" // drops the link of a previous target
	}
	if err := b.systemctl(ctx, &r, enable, unitName); err != nil {
		return undo(err)
	}
	if target == GraphicalSessionTarget {
		r.note("deskbreak starts with your graphical session (%s) from your next login on.", GraphicalSessionTarget)
	} else {
		r.note("deskbreak starts with your systemd user manager (%s) from your next login on: your desktop does not start %s.", DefaultTarget, GraphicalSessionTarget)
	}
	return r, nil
}

func (b *systemdBackend) uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: MethodSystemd}
	if ok, err := b.installed(); err != nil || !ok {
		if err == nil {
			_, err = removeOwned(&r, b.path()) // notes a unit someone else wrote
		}
		return r, err
	}
	if b.run != nil {
		if err := b.systemctl(ctx, &r, "disable", "--now", unitName); err != nil {
			r.note("%v; removing the unit anyway.", err)
		}
	} else {
		r.note("systemctl is not on PATH, so a running deskbreak was not stopped through it.")
	}
	if _, err := removeOwned(&r, b.path()); err != nil {
		return r, err
	}
	// "systemctl disable" removes these links; without a user manager it may not have run.
	for _, t := range []string{GraphicalSessionTarget, DefaultTarget} {
		link := filepath.Join(b.dir, t+".wants", unitName)
		if fi, err := os.Lstat(link); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if err := os.Remove(link); err != nil {
				return r, fmt.Errorf("remove %s: %w", link, err)
			}
			r.step("removed", link)
		}
		pruneDirs(&r, filepath.Dir(link))
	}
	pruneDirs(&r, b.dir)
	if b.run != nil {
		if err := b.systemctl(ctx, &r, "daemon-reload"); err != nil {
			r.note("%v.", err)
		}
	}
	return r, nil
}

func (b *systemdBackend) start(ctx context.Context) (Report, error) {
	r := Report{Method: MethodSystemd}
	if b.run == nil {
		return r, errors.New("start: systemctl is not on PATH")
	}
	if err := b.systemctl(ctx, &r, "start", unitName); err != nil {
		return r, fmt.Errorf("start: %w", err)
	}
	r.note("Its log: journalctl --user -u %s", unitName)
	return r, nil
}

// lastLog reads the unit's last journal line.
func (b *systemdBackend) lastLog(ctx context.Context) string {
	if b.run == nil {
		return ""
	}
	out, _ := b.run.Run(ctx, "journalctl", "--user", "--unit", unitName, "--lines", "1", "--output", "cat", "--no-pager")
	return lastLineOf(out)
}

func (b *systemdBackend) stop(ctx context.Context) (Report, error) {
	r := Report{Method: MethodSystemd}
	if b.run == nil {
		return r, errors.New("stop: systemctl is not on PATH")
	}
	if err := b.systemctl(ctx, &r, "stop", unitName); err != nil {
		return r, fmt.Errorf("stop: %w", err)
	}
	r.note("deskbreak starts again at your next login; \"deskbreak uninstall\" turns that off.")
	return r, nil
}

func (b *systemdBackend) status(ctx context.Context) (Status, error) {
	s := Status{Method: MethodSystemd, Where: b.path(), State: StateUnknown}
	content, exists, ours, err := readOwned(b.path())
	if err != nil {
		return s, err
	}
	s.Installed = exists && ours
	if exists && !ours {
		s.Detail = "the unit file was not written by deskbreak install"
	}
	for _, t := range []string{GraphicalSessionTarget, DefaultTarget} {
		if u, err := SystemdUnit(b.prog, t, ByInstall); err == nil && u == content {
			s.Current = true
		}
	}
	if b.run == nil {
		if s.Detail == "" {
			s.Detail = "systemctl is not on PATH"
		}
		return s, nil
	}
	if !s.Installed {
		return s, nil
	}
	switch active := b.query(ctx, "is-active", unitName); active {
	case "active", "activating", "reloading", "deactivating":
		s.State = StateRunning
	case "inactive":
		s.State = StateStopped
	case "failed":
		s.State = StateFailed
	}
	if enabled := b.query(ctx, "is-enabled", unitName); enabled != "" {
		s.Detail = fmt.Sprintf("systemctl --user is-enabled %s says %q; its log: journalctl --user -u %[1]s", unitName, enabled)
	}
	return s, nil
}
