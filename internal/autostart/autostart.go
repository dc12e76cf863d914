// Package autostart makes deskbreak start when its person logs in to the desktop, without
// admin rights, and removes exactly that again.
//
// The method depends on the system:
//
//   - Linux with a systemd user manager: a user unit in $XDG_CONFIG_HOME/systemd/user, enabled
//     with "systemctl --user". The manager counts as present when $XDG_RUNTIME_DIR/systemd
//     exists (the user manager creates it when it starts) and systemctl is on PATH.
//   - Other Linux and Unix desktops: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/deskbreak.desktop.
//   - macOS: a LaunchAgent in ~/Library/LaunchAgents.
//   - Windows: a value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run, plus what
//     toasts with buttons need: the deskbreak: URL protocol (HKCU\Software\Classes\deskbreak),
//     the AppUserModelID key (HKCU\Software\Classes\AppUserModelId\deskbreak.deskbreak) and
//     a Start-menu shortcut carrying that ID (%AppData%\Microsoft\Windows\Start
//     Menu\Programs\deskbreak.lnk).
//
// Never a system service: a Windows service runs in session 0 and a system unit outside the
// desktop session, where deskbreak can show neither a tray icon nor a notification.
//
// Each file or value is rendered by a pure function ([SystemdUnit], [AutostartEntry],
// [LaunchAgentPlist], [RunValue]). Service managers and the registry are reached through small
// interfaces ([Runner], [RunKey], [Spawner]), so install and uninstall are tested against a
// temporary home without ever starting systemd or launchd.
//
// Why not github.com/kardianos/service (v1.3.0), which writes systemd user units and
// LaunchAgents too: its Install fails when the file exists (install must be idempotent); it
// writes to ~/.config/systemd/user even where $XDG_CONFIG_HOME points elsewhere, which systemd
// then never reads; it picks systemd from /run/systemd/system, not from the presence of a user
// manager; it runs systemctl and launchctl itself, so install cannot be tested without
// starting them; and its renderer is private, so the files could not be compared with golden
// files. What it would have added (the unit and plist templates) is the small part here.
package autostart

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Name is the name of deskbreak's unit (plus ".service"), desktop entry (plus ".desktop")
// and Run value.
const Name = "deskbreak"

// LaunchAgentLabel is the launchd label of the LaunchAgent; its file is the label plus ".plist".
const LaunchAgentLabel = "com.github.deskbreak.deskbreak"

// Program is a command line to start at login.
type Program struct {
	Exe  string   // absolute path of the binary
	Args []string // its arguments
}

// Daemon returns the command line of the deskbreak daemon in the binary exe: "exe run".
func Daemon(exe string) Program { return Program{Exe: exe, Args: []string{"run"}} }

// String returns p as one line for people to read.
func (p Program) String() string { return strings.Join(append([]string{p.Exe}, p.Args...), " ") }

// Method is a way of starting a program at login.
type Method string

// The methods. MethodAuto picks the best one of the running system.
const (
	MethodAuto    Method = ""
	MethodSystemd Method = "systemd"
	MethodXDG     Method = "xdg"
	MethodLaunchd Method = "launchd"
	MethodRunKey  Method = "run-key"
)

// Describe returns a few words that name m for people.
func (m Method) Describe() string {
	switch m {
	case MethodSystemd:
		return "a systemd user unit"
	case MethodXDG:
		return "an XDG autostart entry"
	case MethodLaunchd:
		return "a LaunchAgent"
	case MethodRunKey:
		return "a value under the Run key of the registry"
	}
	return "the best method of this system"
}

// Methods returns the methods usable on the system goos (a runtime.GOOS value), best first.
func Methods(goos string) []Method {
	switch goos {
	case "windows":
		return []Method{MethodRunKey}
	case "darwin":
		return []Method{MethodLaunchd}
	case "linux":
		return []Method{MethodSystemd, MethodXDG}
	}
	return []Method{MethodXDG}
}

// Step is one thing install, uninstall, start or stop did.
type Step struct {
	Did  string // "wrote", "unchanged", "removed", "ran", "started"
	What string // a path, a command line or a registry value
}

// Report tells what an operation did, for people.
type Report struct {
	Method Method   // the method acted on
	Steps  []Step   // in order
	Notes  []string // sentences to show after the steps
	// PID is the process start spawned itself (0 when a service manager started it).
	PID int
}

func (r *Report) step(did, what string) { r.Steps = append(r.Steps, Step{did, what}) }
func (r *Report) note(format string, a ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, a...))
}
func (r *Report) add(o Report) {
	r.Steps = append(r.Steps, o.Steps...)
	r.Notes = append(r.Notes, o.Notes...)
}

// States a service manager reports in [Status].
const (
	StateRunning = "running"
	StateStopped = "stopped"
	StateFailed  = "failed"
	StateUnknown = "unknown" // the method does not track the program
)

// Status is what one method has installed and what its manager knows.
type Status struct {
	Method    Method `json:"method"`
	Installed bool   `json:"installed"`
	Where     string `json:"where"`   // the file or registry value
	Current   bool   `json:"current"` // installed, and what install would write now
	State     string `json:"state"`
	Detail    string `json:"detail,omitempty"` // one sentence
}

// ErrNotInstalled is returned by Start and Stop when deskbreak is not installed to start at login.
var ErrNotInstalled = errors.New("deskbreak is not installed to start at login")

// NotSupportedError says that a method cannot do an operation, and what to do instead.
type NotSupportedError struct {
	Method Method
	Op     string // "stop"
	Reason string // why not, one sentence without a final period
	Hint   string // what to do instead: a command line
}

func (e *NotSupportedError) Error() string { return e.Op + ": " + e.Reason }

// Runner runs a service manager's command-line tool (systemctl, launchctl).
type Runner interface {
	// Run runs name with args and returns its standard output, trimmed. err is non-nil when
	// the program cannot start or exits non-zero, and then carries its standard error; the
	// output is returned either way.
	Run(ctx context.Context, name string, args ...string) (string, error)
}

// RunKey is the current user's HKCU\Software\Microsoft\Windows\CurrentVersion\Run key.
type RunKey interface {
	Get(name string) (data string, ok bool, err error)
	Set(name, data string) error
	Delete(name string) error
}

// Registry is the current user's registry (HKEY_CURRENT_USER), for the keys install writes
// beside the Run value. Keys are paths below HKCU, such as `Software\Classes\deskbreak`; the
// name "" is a key's default value.
type Registry interface {
	GetString(key, name string) (data string, ok bool, err error)
	// SetString writes a string value, creating the key and its parents.
	SetString(key, name, data string) error
	// DeleteTree removes key with its values and subkeys; a missing key is no error.
	DeleteTree(key string) error
}

// Spawner starts a program in the background.
type Spawner interface {
	// Spawn starts p detached from this process and its terminal, with its output going to
	// the file log (truncated first; "" for the null device), and returns its pid.
	Spawn(p Program, log string) (int, error)
}

// Options configures [New]. Only Program is required.
type Options struct {
	Program Program             // what to start at login, normally Daemon(exe)
	Method  Method              // MethodAuto picks the best method of this system
	Getenv  func(string) string // nil: os.Getenv (HOME, XDG_CONFIG_HOME, XDG_RUNTIME_DIR)
	Runner  Runner              // nil: runs the real systemctl or launchctl
	RunKey  RunKey              // nil: the real registry key (Windows only)
	// Registry is HKCU for the URL protocol and AppUserModelID keys; nil: the real one
	// (Windows only).
	Registry Registry
	Spawner  Spawner // nil: starts real processes
	// Log is where start writes the output of a daemon it spawns itself (the XDG and Run key
	// methods), so that a daemon that fails at once can say why; "" discards it.
	Log string
}

// Manager installs, removes, starts and stops deskbreak's start at login for one person.
// Its methods may be called from one goroutine at a time.
type Manager struct {
	// backends[0] is the chosen method. The others are the remaining methods of the system:
	// install removes what they installed, so that deskbreak does not start twice, and
	// uninstall removes it too.
	backends []backend
}

type backend interface {
	method() Method
	installed() (bool, error)
	install(ctx context.Context) (Report, error)
	uninstall(ctx context.Context) (Report, error)
	start(ctx context.Context) (Report, error)
	stop(ctx context.Context) (Report, error)
	status(ctx context.Context) (Status, error)
	// lastLog returns the last line the program started by start logged ("" if unknown).
	lastLog(ctx context.Context) string
}

// New returns a Manager for the running system.
func New(o Options) (*Manager, error) { return newManager(runtime.GOOS, o) }

func newManager(goos string, o Options) (*Manager, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Spawner == nil {
		o.Spawner = execSpawner{}
	}
	methods := Methods(goos)
	var home, config string
	if goos != "windows" {
		home = o.Getenv("HOME")
		if !filepath.IsAbs(home) {
			return nil, fmt.Errorf("autostart: HOME is %q, not an absolute path", home)
		}
		config = o.Getenv("XDG_CONFIG_HOME")
		if !filepath.IsAbs(config) { // the XDG spec says to ignore a relative value
			config = filepath.Join(home, ".config")
		}
	}
	systemctl := o.Runner
	if systemctl == nil && goos == "linux" {
		if _, err := exec.LookPath("systemctl"); err == nil {
			systemctl = execRunner{}
		}
	}
	method := o.Method
	if method == MethodAuto {
		method = methods[0]
		if method == MethodSystemd && !hasUserManager(o.Getenv, systemctl) {
			method = MethodXDG
		}
	}
	m := &Manager{}
	for _, k := range append([]Method{method}, methods...) {
		if len(m.backends) > 0 && k == method {
			continue
		}
		var b backend
		switch k {
		case MethodSystemd:
			b = &systemdBackend{dir: filepath.Join(config, "systemd", "user"), prog: o.Program, run: systemctl}
		case MethodXDG:
			b = &xdgBackend{path: filepath.Join(config, "autostart", Name+".desktop"), prog: o.Program, spawn: o.Spawner, log: o.Log}
		case MethodLaunchd:
			run := o.Runner
			if run == nil {
				run = execRunner{}
			}
			b = &launchdBackend{
				path:   filepath.Join(home, "Library", "LaunchAgents", LaunchAgentLabel+".plist"),
				log:    filepath.Join(home, "Library", "Logs", Name+".log"),
				domain: "gui/" + strconv.Itoa(os.Getuid()),
				prog:   o.Program, run: run,
			}
		case MethodRunKey:
			key := o.RunKey
			if key == nil {
				key = systemRunKey()
			}
			reg := o.Registry
			if reg == nil {
				reg = systemRegistry()
			}
			var shortcut string
			if appData := o.Getenv("AppData"); appData != "" {
				shortcut = appData + `\Microsoft\Windows\Start Menu\Programs\` + Name + ".lnk"
			}
			b = &runKeyBackend{key: key, reg: reg, shortcut: shortcut, prog: o.Program, spawn: o.Spawner, log: o.Log}
		default:
			return nil, fmt.Errorf("autostart: unknown method %q (want one of %s)", k, joinMethods(methods))
		}
		if len(m.backends) == 0 && !contains(methods, k) {
			return nil, fmt.Errorf("autostart: method %q does not work on %s (want one of %s)", k, goos, joinMethods(methods))
		}
		m.backends = append(m.backends, b)
	}
	return m, nil
}

// hasUserManager reports whether this person has a running systemd user manager: the manager
// creates $XDG_RUNTIME_DIR/systemd when it starts, and systemctl must be there to talk to it.
// (kardianos/service looks for /run/systemd/system instead, which tells that the system
// booted with systemd but not that this session has a user manager: not in containers, WSL
// or "su" shells.)
func hasUserManager(getenv func(string) string, systemctl Runner) bool {
	rt := getenv("XDG_RUNTIME_DIR")
	if systemctl == nil || !filepath.IsAbs(rt) {
		return false
	}
	fi, err := os.Stat(filepath.Join(rt, "systemd"))
	return err == nil && fi.IsDir()
}

func contains(ms []Method, m Method) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func joinMethods(ms []Method) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// Method returns the method Install uses.
func (m *Manager) Method() Method { return m.backends[0].method() }

// Install makes deskbreak start at login with the chosen method, and removes what another
// method of this system installed earlier. It is idempotent: a second call changes nothing.
func (m *Manager) Install(ctx context.Context) (Report, error) {
	r, err := m.backends[0].install(ctx)
	if err != nil {
		return r, err
	}
	for _, b := range m.backends[1:] {
		o, err := b.uninstall(ctx)
		r.add(o)
		if err != nil {
			return r, err
		}
		if len(o.Steps) > 0 {
			r.note("Removed %s installed earlier, so that deskbreak does not start twice.", b.method().Describe())
		}
	}
	return r, nil
}

// Uninstall removes what Install wrote, with any method of this system, and nothing else.
func (m *Manager) Uninstall(ctx context.Context) (Report, error) {
	r := Report{Method: m.Method()}
	var removed []Method
	for _, b := range m.backends {
		o, err := b.uninstall(ctx)
		r.add(o)
		if err != nil {
			return r, err
		}
		if len(o.Steps) > 0 {
			removed = append(removed, b.method())
		}
	}
	if len(removed) == 0 {
		r.note("Nothing to remove: deskbreak was not installed to start at login.")
	} else {
		r.Method = removed[0]
	}
	return r, nil
}

// installed returns the first backend that has something installed, or ErrNotInstalled.
func (m *Manager) installed(op string) (backend, error) {
	for _, b := range m.backends {
		ok, err := b.installed()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if ok {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", op, ErrNotInstalled)
}

// Start starts deskbreak now through the installed method, where that method can.
func (m *Manager) Start(ctx context.Context) (Report, error) {
	b, err := m.installed("start")
	if err != nil {
		return Report{Method: m.Method()}, err
	}
	return b.start(ctx)
}

// Stop stops deskbreak now through the installed method, where that method can; it still
// starts at the next login. A method that cannot returns a *NotSupportedError.
func (m *Manager) Stop(ctx context.Context) (Report, error) {
	b, err := m.installed("stop")
	if err != nil {
		return Report{Method: m.Method()}, err
	}
	return b.stop(ctx)
}

// LastLog returns the last line logged by the deskbreak that Start started through the
// chosen method ("" when that is not known): from the file it spawned it with, launchd's log
// file, or systemd's journal.
func (m *Manager) LastLog(ctx context.Context) string { return m.backends[0].lastLog(ctx) }

// lastLine returns the last non-empty line of the file at path ("" if none or unreadable).
func lastLine(path string) string {
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return lastLineOf(string(b))
}

// lastLineOf returns the last non-empty line of s.
func lastLineOf(s string) string {
	s = strings.TrimSpace(s)
	return strings.TrimSpace(s[strings.LastIndexByte(s, '\n')+1:])
}

// Status returns the status of every method of this system, the chosen one first.
func (m *Manager) Status(ctx context.Context) ([]Status, error) {
	var all []Status
	for _, b := range m.backends {
		s, err := b.status(ctx)
		if err != nil {
			return all, err
		}
		all = append(all, s)
	}
	return all, nil
}

// Executable returns the absolute path of the running binary with symlinks resolved, for
// install to record. It refuses a temporary binary from "go run" or "go test", which is
// deleted when it exits.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find the deskbreak binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe, CheckExecutable(exe)
}

// CheckExecutable returns an error when exe is a binary the go command built for "go run"
// (or "go test"), which goes away on its own: its path has the temporary work directory
// go-buildNNN, or is in the build cache, whose default directory is go-build and whose
// cached executables (Go 1.24 on) sit in a directory named by a hash and "-d".
func CheckExecutable(exe string) error {
	for _, part := range strings.FieldsFunc(exe, func(r rune) bool { return r == '/' || r == '\\' }) {
		rest, isBuild := strings.CutPrefix(part, "go-build")
		hash, isCached := strings.CutSuffix(part, "-d")
		if (isBuild && strings.Trim(rest, "0123456789") == "") ||
			(isCached && len(hash) == 64 && strings.Trim(hash, "0123456789abcdef") == "") {
			return fmt.Errorf("%s is a temporary build of \"go run\", which the go command deletes, so it cannot start at login; "+
				"build deskbreak with \"go build ./cmd/deskbreak\" or install it with \"go install ./cmd/deskbreak\", and run install from that binary", exe)
		}
	}
	return nil
}

// readOwned reads path. exists is false when there is no such file; ours is true when it
// carries Marker.
func readOwned(path string) (content string, exists, ours bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, false, nil
	}
	if err != nil {
		return "", false, false, fmt.Errorf("read %s: %w", path, err)
	}
	return string(b), true, strings.Contains(string(b), Marker), nil
}

// writeOwned writes content to path unless it already holds it, refusing to replace a file
// that deskbreak did not write. It records "wrote" or "unchanged" in r and reports whether
// the file changed.
func writeOwned(r *Report, path, content string) (changed bool, err error) {
	old, exists, ours, err := readOwned(path)
	if err != nil {
		return false, err
	}
	if exists && !ours {
		return false, fmt.Errorf("%s exists and was not written by deskbreak install; move it away and run install again", path)
	}
	if old == content {
		r.step("unchanged", path)
		return false, nil
	}
	if err := writeFileAtomic(path, content); err != nil {
		return false, err
	}
	r.step("wrote", path)
	return true, nil
}

// writeFileAtomic writes content to path through a temporary file in the same directory, so
// that a crash leaves the old file or the new one, never half of one.
func writeFileAtomic(path, content string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// removeOwned removes path if deskbreak wrote it, and records that in r. A file someone else
// wrote is left alone, with a note.
// pruneDirs removes, after uninstall, the directories that only deskbreak's files were in:
// dir while it is empty and one of autostart, systemd/user, systemd or a systemd .wants
// directory, then the same for its parent. Nothing else (such as ~/.config) is touched.
func pruneDirs(r *Report, dir string) {
	for {
		base, parent := filepath.Base(dir), filepath.Dir(dir)
		ok := base == "autostart" || base == "systemd" || strings.HasSuffix(base, ".wants") ||
			base == "user" && filepath.Base(parent) == "systemd"
		if !ok || os.Remove(dir) != nil { // fails when not empty
			return
		}
		r.step("removed", dir+string(filepath.Separator))
		dir = parent
	}
}

func removeOwned(r *Report, path string) (removed bool, err error) {
	_, exists, ours, err := readOwned(path)
	if err != nil || !exists {
		return false, err
	}
	if !ours {
		r.note("Left %s alone: deskbreak install did not write it.", path)
		return false, nil
	}
	if err := os.Remove(path); err != nil {
		return false, fmt.Errorf("remove %s: %w", path, err)
	}
	r.step("removed", path)
	return true, nil
}

// writeOwnedBytes is writeOwned for binary content, where ours tells whether a file is
// deskbreak's.
func writeOwnedBytes(r *Report, path string, content []byte, ours func([]byte) bool) (changed bool, err error) {
	old, err := os.ReadFile(path)
	switch {
	case err == nil && !ours(old):
		return false, fmt.Errorf("%s exists and was not written by deskbreak install; move it away and run install again", path)
	case err == nil && bytes.Equal(old, content):
		r.step("unchanged", path)
		return false, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	if err := writeFileAtomic(path, string(content)); err != nil {
		return false, err
	}
	r.step("wrote", path)
	return true, nil
}

// removeOwnedBytes is removeOwned for binary content.
func removeOwnedBytes(r *Report, path string, ours func([]byte) bool) (removed bool, err error) {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read %s: %w", path, err)
	case !ours(old):
		r.note("Left %s alone: deskbreak install did not write it.", path)
		return false, nil
	}
	if err := os.Remove(path); err != nil {
		return false, fmt.Errorf("remove %s: %w", path, err)
	}
	r.step("removed", path)
	return true, nil
}
