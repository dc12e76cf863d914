package main

import (
	"context"
	"errors"
	"fmt"
	stdlog "log"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/jezek/xgb"

	"github.com/deskbreak/deskbreak/internal/activity"
	"github.com/deskbreak/deskbreak/internal/alarm"
	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
	"github.com/deskbreak/deskbreak/internal/tray"
)

func init() {
	register(&command{name: "run", args: "[--config FILE] [--no-tray] [--log-level LEVEL]",
		summary: "run the daemon in the foreground (to start it at login: deskbreak install)", run: runDaemon})
}

// runFlags are the flags of "deskbreak run", with the log they set up.
type runFlags struct {
	config   string
	noTray   bool
	log      *slog.Logger
	closeLog func()
}

// runDaemon is "deskbreak run": read the flags and the config, take the single-instance
// lock, open the state, wire the daemon to the desktop, serve the control socket, and run
// (with the tray on the main goroutine, unless --no-tray).
func runDaemon(ctx context.Context, e *env, args []string) error {
	f, err := parseRunFlags(e, args)
	if err != nil {
		return err
	}
	defer f.closeLog()
	log := f.log
	path, cfg, cat, load, cfgErr, err := loadRunConfig(e, log, f.config)
	if err != nil {
		return err
	}

	stateDir, err := store.StateDir(e.getenv)
	if err != nil {
		return err
	}
	sock, err := control.SocketPath(e.getenv)
	if err != nil {
		return err
	}
	// The lock lives beside the state, not in the runtime dir: two daemons on one state
	// would undo each other's saves, whatever runtime dir (and socket) each one has.
	release, err := store.Lock(filepath.Join(stateDir, store.LockFile), sock)
	if err != nil {
		var running *store.AlreadyRunningError
		if errors.As(err, &running) {
			hint := "deskbreak status"
			if running.Socket != "" && running.Socket != sock {
				hint = control.SocketEnv + "=" + running.Socket + " deskbreak status"
			}
			return withHint(fmt.Errorf("state %s: %w", stateDir, err), hint)
		}
		return err
	}
	defer release()

	st, err := store.Open(stateDir, log)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var d *daemon.Daemon
	opt, closeDesktop := desktopOptions(ctx, e, log, cfg, func(key string) { d.Action(ctx, key) })
	defer closeDesktop()
	opt.Config, opt.Reload, opt.Store, opt.Catalog, opt.Log = cfg, load, st, cat, log
	opt.ConfigError = errString(cfgErr)
	if !f.noTray {
		opt.Refresh = tray.RefreshAt // the tray has no timer: the daemon wakes for its countdown
	}
	d = daemon.New(opt)
	// Collect garbage right after the loop's wakes (each publishes a snapshot), never on a
	// schedule of its own.
	afterWake := quietGC(e.getenv)
	snaps, _ := d.Watch(ctx) // never fails in process; closed when ctx is done
	go func() {
		for range snaps {
			afterWake()
		}
	}()

	if err := serveControl(ctx, log, sock, d); err != nil {
		return err
	}
	go reloadOnSignal(ctx, d)
	go watchConfig(ctx, log, path, d)
	openUI := uiOpener(e.getenv, log)
	go openBreakWindows(ctx, d, openUI, path, e.getenv, log)

	log.Info("deskbreak running", "version", version, "config", path, "state", stateDir, "socket", sock)
	if f.noTray {
		return d.Run(ctx)
	}
	return runWithTray(ctx, cancel, d, log, path, openUI)
}

// parseRunFlags reads the flags of "deskbreak run" and sets up the log and the runtime.
func parseRunFlags(e *env, args []string) (runFlags, error) {
	fs := newFlags(e, "run")
	cfgFlag := fs.String("config", "", "config file (default: $DESKBREAK_CONFIG, else the user config dir)")
	noTray := fs.Bool("no-tray", false, "run without a tray icon")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return runFlags{}, err
	}
	if len(pos) > 0 {
		return runFlags{}, usagef("run takes no arguments, got %q", strings.Join(pos, " "))
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return runFlags{}, usagef("--log-level %q: want debug, info, warn or error", *level)
	}
	ignoreSIGPIPE()
	logOut, closeLog := daemonLogOutput(e)
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: lvl}))
	if e.getenv("GOMAXPROCS") == "" {
		// An idle daemon needs no parallelism, and every extra P is another thread to wake.
		// Setting it also stops the runtime's periodic re-reading of cgroup CPU limits.
		runtime.GOMAXPROCS(1)
	}
	// The X11 library logs to stderr on its own (e.g. on every connect without
	// ~/.Xauthority); send that to our log at debug level.
	xgb.Logger = slog.NewLogLogger(log.Handler(), slog.LevelDebug)
	// fyne.io/systray logs raw lines through the standard log package ("systray error: failed
	// to register: ... UnknownObject" while no tray host runs, though the item registers once
	// one appears); the daemon logs what matters about the tray itself, so theirs go to debug.
	stdlog.SetFlags(0)
	stdlog.SetOutput(slog.NewLogLogger(log.Handler(), slog.LevelDebug).Writer())
	return runFlags{config: *cfgFlag, noTray: *noTray, log: log, closeLog: closeLog}, nil
}

// loadRunConfig finds and loads the config. A config with problems never stops the daemon:
// it runs on the defaults, says why, and cfgErr holds the problems until a reload succeeds.
func loadRunConfig(e *env, log *slog.Logger, flag string) (path string, cfg *config.Config, cat *tips.Catalog,
	load func() (*config.Config, error), cfgErr, err error) {
	path, err = resolveConfig(e, flag)
	if err != nil {
		return "", nil, nil, nil, nil, err
	}
	cat, err = tips.Default()
	if err != nil {
		return "", nil, nil, nil, nil, fmt.Errorf("the built-in exercise catalog: %w", err)
	}
	load = func() (*config.Config, error) { return config.Load(path, cat) }
	cfg, cfgErr = load()
	if cfgErr != nil {
		for _, line := range strings.Split(cfgErr.Error(), "\n") {
			log.Error("config has problems; running on the built-in defaults until it is fixed", "problem", line)
		}
		cfg = config.Default()
		cfg.Path = path
	}
	for _, w := range cfg.Warnings {
		log.Warn("config", "warning", w)
	}
	return path, cfg, cat, load, cfgErr, nil
}

// desktopOptions connects the daemon's options to the desktop: notifications (whose buttons
// go to action), idle time, sleep and lock signals, do-not-disturb, and the wall-clock alarm.
// The func closes them all, in the reverse order.
func desktopOptions(ctx context.Context, e *env, log *slog.Logger, cfg *config.Config, action func(key string)) (daemon.Options, func()) {
	var closers []func()
	n := notify.New(log, action)
	closers = append(closers, n.Shutdown)
	idle := activity.DetectIdle(ctx, log)
	closers = append(closers, func() { idle.Close() })
	watcher, idleChanges := watchIdle(ctx, log, idle, e.getenv("DISPLAY"), cfg.Idle.Threshold)
	// One line names the idle source, as "deskbreak status" does ("none" logged its own).
	if name := idle.Name(); watcher != nil {
		log.Info("idle time from " + watcher.Name())
	} else if name != "none" {
		log.Info("idle time from " + name)
	}
	opt := daemon.Options{
		Notifier: n,
		Idle:     idle,
		Signals:  awaySignals(ctx, log, idleChanges),
		DND:      activity.DetectDND(ctx, log, cfg.DND.Fullscreen),
	}
	if watcher != nil {
		closers = append(closers, func() { watcher.Close() })
		opt.IdleWatch = watcher
		if r, ok := idle.(activity.Releaser); ok {
			r.Release() // not asked while the watcher runs; it connects again if it is
		}
	}
	if al, err := alarm.New(); err != nil {
		log.Warn("no wall-clock alarm; the daemon looks at the clock every minute", "err", err)
	} else {
		closers = append(closers, func() { al.Close() })
		opt.Alarm = al
	}
	return opt, func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
}

// serveControl listens on the control socket sock and serves d on it until ctx is done.
func serveControl(ctx context.Context, log *slog.Logger, sock string, d *daemon.Daemon) error {
	l, err := control.Listen(sock)
	if err != nil {
		return err
	}
	go func() {
		if err := control.Serve(ctx, l, d, log); err != nil {
			log.Error("control socket stopped; the CLI cannot reach this daemon", "err", err)
		}
	}()
	return nil
}

// x11Watcher is activity.IdleWatcher as the daemon sees it.
type x11Watcher struct{ *activity.IdleWatcher }

func (x11Watcher) Name() string { return "x11 (SYNC alarms)" }

// watchIdle starts an X SYNC watcher of the idle time when the idle source is the X server,
// so that the daemon never polls it. It returns nil and a nil channel when there is none.
func watchIdle(ctx context.Context, log *slog.Logger, idle activity.IdleSource, display string, threshold time.Duration) (*x11Watcher, <-chan activity.IdleChange) {
	// Only for a plain X server: under XWayland the X server's idle counter sees only X
	// clients' input, and GNOME's and KDE's own sources were preferred by DetectIdle anyway.
	if idle.Name() != "x11" || display == "" {
		return nil, nil
	}
	ch := make(chan activity.IdleChange, 2)
	w, err := activity.WatchX11Idle(ctx, display, threshold, ch)
	if err != nil {
		log.Info("idle time is read every threshold rather than watched", "err", err)
		return nil, nil
	}
	return &x11Watcher{w}, ch
}

// awaySignals turns the desktop's sleep and lock signals, and the idle watcher's changes,
// into the daemon's away signals.
func awaySignals(ctx context.Context, log *slog.Logger, idle <-chan activity.IdleChange) <-chan daemon.AwaySignal {
	in := make(chan activity.Signal, 8)
	out := make(chan daemon.AwaySignal, 8)
	go func() {
		if err := activity.WatchSignals(ctx, log, in); err != nil {
			log.Info("no sleep or lock signals; time away is noticed from the clock and idle time", "err", err)
		}
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-in:
				away := s.Kind == activity.Sleep || s.Kind == activity.Lock
				select {
				case out <- daemon.AwaySignal{Away: away, At: s.At, Why: s.Kind.String()}:
				case <-ctx.Done():
					return
				}
			case c := <-idle:
				why := "input"
				if c.Away {
					why = "idle"
				}
				select {
				case out <- daemon.AwaySignal{Away: c.Away, At: c.At, Why: why}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// watchConfig reloads the config when its file changes. It watches the directory, because
// editors save by writing a new file and renaming it over the old one.
func watchConfig(ctx context.Context, log *slog.Logger, path string, d *daemon.Daemon) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		log.Warn("cannot watch the config file; reload with SIGHUP or \"deskbreak reload\"", "err", err)
		return
	}
	defer w.Close()
	dir := filepath.Dir(path)
	if err := w.Add(dir); err != nil {
		log.Debug("not watching the config directory (it may not exist yet)", "dir", dir, "err", err)
		return
	}
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Clean(ev.Name) == filepath.Clean(path) {
				debounce = time.After(300 * time.Millisecond)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			log.Warn("watching the config file", "err", err)
		case <-debounce:
			debounce = nil
			if _, err := os.Stat(path); err == nil {
				d.RequestReload(ctx)
			}
		}
	}
}
