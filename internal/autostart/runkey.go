package autostart

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// RunKeyPath is where Windows keeps the programs to start at the current user's login.
const RunKeyPath = `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`

// runKeyBackend installs the value Name under the current user's Run key. Nothing tracks the
// program afterwards, so start spawns it and stop cannot.
type runKeyBackend struct {
	key   RunKey // nil where there is no registry
	prog  Program
	spawn Spawner
	log   string // where a spawned daemon's output goes
}

var _ backend = (*runKeyBackend)(nil)

func (b *runKeyBackend) method() Method { return MethodRunKey }
func (b *runKeyBackend) where() string  { return RunKeyPath + `\` + Name }

// ours reports whether data looks like a value install wrote: a quoted program and "run".
func ours(data string) bool {
	return strings.HasPrefix(data, `"`) && strings.HasSuffix(data, `" run`)
}

func (b *runKeyBackend) get() (string, bool, error) {
	if b.key == nil {
		return "", false, errors.New("the Windows registry is not available on this system")
	}
	data, ok, err := b.key.Get(Name)
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", b.where(), err)
	}
	return data, ok, nil
}

func (b *runKeyBackend) installed() (bool, error) {
	data, ok, err := b.get()
	return ok && ours(data), err
}

func (b *runKeyBackend) install(ctx context.Context) (Report, error) {
	r := Report{Method: MethodRunKey}
	want, err := RunValue(b.prog)
	if err != nil {
		return r, err
	}
	data, ok, err := b.get()
	if err != nil {
		return r, err
	}
	if ok && !ours(data) {
		return r, fmt.Errorf("%s is %q, which deskbreak install did not write; delete it and run install again", b.where(), data)
	}
	if ok && data == want {
		r.step("unchanged", b.where())
	} else {
		if err := b.key.Set(Name, want); err != nil {
			return r, fmt.Errorf("write %s: %w", b.where(), err)
		}
		r.step("wrote", b.where()+" = "+want)
	}
	r.note("deskbreak starts when you log in to Windows, from your next login on.")
	return r, nil
}

func (b *runKeyBackend) uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: MethodRunKey}
	data, ok, err := b.get()
	if err != nil || !ok {
		return r, err
	}
	if !ours(data) {
		r.note("Left %s alone: deskbreak install did not write it.", b.where())
		return r, nil
	}
	if err := b.key.Delete(Name); err != nil {
		return r, fmt.Errorf("delete %s: %w", b.where(), err)
	}
	r.step("removed", b.where())
	return r, nil
}

func (b *runKeyBackend) start(ctx context.Context) (Report, error) {
	return spawnDaemon(MethodRunKey, b.spawn, b.prog, b.log)
}

func (b *runKeyBackend) lastLog(context.Context) string { return lastLine(b.log) }

func (b *runKeyBackend) stop(ctx context.Context) (Report, error) {
	return Report{Method: MethodRunKey}, &NotSupportedError{
		Method: MethodRunKey, Op: "stop",
		Reason: "a Run key value only starts deskbreak at login and cannot stop it",
		Hint:   "choose Quit in deskbreak's tray menu",
	}
}

func (b *runKeyBackend) status(ctx context.Context) (Status, error) {
	s := Status{Method: MethodRunKey, Where: b.where(), State: StateUnknown}
	data, ok, err := b.get()
	if err != nil {
		return s, err
	}
	s.Installed = ok && ours(data)
	if want, err := RunValue(b.prog); err == nil && ok && want == data {
		s.Current = true
	}
	switch {
	case ok && !ours(data):
		s.Detail = "the value was not written by deskbreak install"
	case s.Installed:
		s.Detail = "a Run key value does not track the program; \"deskbreak status\" tells whether it runs"
	}
	return s, nil
}
