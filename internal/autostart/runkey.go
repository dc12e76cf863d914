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
// program afterwards, so start spawns it and stop cannot. Beside the value it installs what
// toasts with buttons need: the URL protocol ProtocolKey, the AppUserModelID key
// AUMIDKey and the Start-menu shortcut carrying that ID (at shortcut; none when "").
type runKeyBackend struct {
	key      RunKey   // nil where there is no registry
	reg      Registry // nil where there is no registry
	shortcut string
	prog     Program
	spawn    Spawner
	log      string // where a spawned daemon's output goes
}

// The keys install writes under HKEY_CURRENT_USER beside the Run value.
const (
	// ProtocolKey registers the deskbreak: URL protocol: a toast's button "deskbreak:snooze"
	// starts ProtocolCommand, which sends the action to the daemon.
	ProtocolKey = `Software\Classes\deskbreak`
	// AUMIDKey names the sender of deskbreak's toasts (DisplayName) for AppUserModelID.
	AUMIDKey = `Software\Classes\AppUserModelId\` + AppUserModelID
)

// ProtocolCommand renders the command of the URL protocol for the daemon program p: its
// binary with "url" and the link.
func ProtocolCommand(p Program) string { return `"` + p.Exe + `" url "%1"` }

// protocolOurs reports whether a protocol command is one install wrote.
func protocolOurs(cmd string) bool { return strings.HasSuffix(cmd, `" url "%1"`) }

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
	if err := b.installToasts(&r); err != nil {
		return r, err
	}
	r.note("deskbreak starts when you log in to Windows, from your next login on.")
	return r, nil
}

// installToasts writes the URL protocol, the AppUserModelID key and the shortcut.
func (b *runKeyBackend) installToasts(r *Report) error {
	if b.reg == nil {
		return errors.New("the Windows registry is not available on this system")
	}
	cmdKey := ProtocolKey + `\shell\open\command`
	old, ok, err := b.reg.GetString(cmdKey, "")
	if err != nil {
		return fmt.Errorf("read HKCU\\%s: %w", cmdKey, err)
	}
	if ok && !protocolOurs(old) {
		return fmt.Errorf("HKCU\\%s is %q, which deskbreak install did not write; delete HKCU\\%s and run install again", cmdKey, old, ProtocolKey)
	}
	values := []struct{ key, name, data string }{
		{ProtocolKey, "", "URL:deskbreak"},
		{ProtocolKey, "URL Protocol", ""},
		{ProtocolKey + `\DefaultIcon`, "", `"` + b.prog.Exe + `",0`},
		{cmdKey, "", ProtocolCommand(b.prog)},
		{AUMIDKey, "DisplayName", "deskbreak"},
	}
	for _, v := range values {
		if err := b.reg.SetString(v.key, v.name, v.data); err != nil {
			return fmt.Errorf("write HKCU\\%s: %w", v.key, err)
		}
	}
	r.step("wrote", `HKCU\`+ProtocolKey+` (the deskbreak: links of the toasts' buttons) = `+ProtocolCommand(b.prog))
	r.step("wrote", `HKCU\`+AUMIDKey+` (the name on the toasts)`)
	if b.shortcut == "" {
		return nil
	}
	if _, err := writeOwnedBytes(r, b.shortcut, Shortcut(b.prog, AppUserModelID), shortcutOurs); err != nil {
		return err
	}
	return nil
}

// uninstallToasts removes what installToasts wrote.
func (b *runKeyBackend) uninstallToasts(r *Report) error {
	if b.reg == nil {
		return nil
	}
	cmdKey := ProtocolKey + `\shell\open\command`
	old, ok, err := b.reg.GetString(cmdKey, "")
	if err != nil {
		return fmt.Errorf("read HKCU\\%s: %w", cmdKey, err)
	}
	switch {
	case ok && protocolOurs(old):
		if err := b.reg.DeleteTree(ProtocolKey); err != nil {
			return fmt.Errorf("delete HKCU\\%s: %w", ProtocolKey, err)
		}
		r.step("removed", `HKCU\`+ProtocolKey)
	case ok:
		r.note("Left HKCU\\%s alone: deskbreak install did not write it.", ProtocolKey)
	}
	if _, ok, err := b.reg.GetString(AUMIDKey, "DisplayName"); err != nil {
		return fmt.Errorf("read HKCU\\%s: %w", AUMIDKey, err)
	} else if ok {
		if err := b.reg.DeleteTree(AUMIDKey); err != nil {
			return fmt.Errorf("delete HKCU\\%s: %w", AUMIDKey, err)
		}
		r.step("removed", `HKCU\`+AUMIDKey)
	}
	if b.shortcut != "" {
		if _, err := removeOwnedBytes(r, b.shortcut, shortcutOurs); err != nil {
			return err
		}
	}
	return nil
}

func (b *runKeyBackend) uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: MethodRunKey}
	data, ok, err := b.get()
	if err != nil {
		return r, err
	}
	switch {
	case ok && !ours(data):
		r.note("Left %s alone: deskbreak install did not write it.", b.where())
	case ok:
		if err := b.key.Delete(Name); err != nil {
			return r, fmt.Errorf("delete %s: %w", b.where(), err)
		}
		r.step("removed", b.where())
	}
	return r, b.uninstallToasts(&r)
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
