package activity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// logind's names on the system bus.
const (
	login1Name    = "org.freedesktop.login1"
	login1Path    = dbus.ObjectPath("/org/freedesktop/login1")
	login1Manager = "org.freedesktop.login1.Manager"
	login1Session = "org.freedesktop.login1.Session"
	login1User    = "org.freedesktop.login1.User"
)

// screenSaverIfaces send ActiveChanged(bool) on the session bus when the screen saver or
// locker comes on (true) or goes off (false): KDE, xfce4-screensaver and others as
// org.freedesktop.ScreenSaver, GNOME Shell as org.gnome.ScreenSaver.
var screenSaverIfaces = []string{"org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"}

// WatchSignals sends sleep, wake, lock and unlock to out until ctx is done, then returns nil.
//
// On Linux it listens to logind on the system bus (Manager.PrepareForSleep(true) before a
// suspend, (false) after resume; this session's Session.Lock and Session.Unlock) and to the
// screen saver's ActiveChanged on the session bus. Sends never block: a signal that finds out
// full is dropped. A lock reported by both logind and the screen saver is sent once.
//
// It returns an error at once when neither bus can be reached or watched (the caller logs it
// once and relies on its wall-clock check), and later when a bus connection it was watching
// is lost. With only one bus reachable it logs that once and watches the other.
func WatchSignals(ctx context.Context, log *slog.Logger, out chan<- Signal) error {
	sys, sysErr := connectSystem(ctx)
	if sysErr == nil {
		defer sys.Close()
	}
	sess, sessErr := connectSession(ctx)
	if sessErr == nil {
		defer sess.Close()
	}
	switch {
	case sysErr != nil && sessErr != nil:
		return fmt.Errorf("watch sleep and lock: system bus: %w; session bus: %w", sysErr, sessErr)
	case sysErr != nil:
		log.Info("no system bus: suspend and logind lock are not watched", "err", oneLine(sysErr))
	case sessErr != nil:
		log.Info("no session bus: screen saver lock is not watched", "err", sessErr)
	}
	return watchSignals(ctx, log, sys, sess, out, nil)
}

// watchSignals is WatchSignals on the given connections, either of which may be nil. It
// calls ready, when not nil, once every subscription is in place. It does not close the
// connections.
func watchSignals(ctx context.Context, log *slog.Logger, sys, sess *dbus.Conn, out chan<- Signal, ready func()) error {
	var (
		sysCh, sessCh chan *dbus.Signal // nil channels: never ready in select
		session       dbus.ObjectPath
		errs          []error
	)
	if sys != nil {
		if err := addMatch(ctx, sys,
			dbus.WithMatchSender(login1Name), dbus.WithMatchObjectPath(login1Path),
			dbus.WithMatchInterface(login1Manager), dbus.WithMatchMember("PrepareForSleep")); err != nil {
			errs = append(errs, fmt.Errorf("system bus: %w", err))
		} else {
			sysCh = make(chan *dbus.Signal, 16)
			var err error
			if session, err = sessionPath(ctx, sys); err != nil {
				log.Info("no logind session found: its lock and unlock are not watched", "err", oneLine(err))
			} else if err := addMatch(ctx, sys,
				dbus.WithMatchSender(login1Name), dbus.WithMatchObjectPath(session),
				dbus.WithMatchInterface(login1Session)); err != nil {
				log.Info("cannot watch the logind session's lock and unlock", "session", session, "err", oneLine(err))
				session = ""
			}
		}
	}
	if sess != nil {
		var sessErrs []error
		for _, iface := range screenSaverIfaces {
			if err := addMatch(ctx, sess, dbus.WithMatchInterface(iface), dbus.WithMatchMember("ActiveChanged")); err != nil {
				sessErrs = append(sessErrs, err)
			}
		}
		if len(sessErrs) == len(screenSaverIfaces) {
			errs = append(errs, fmt.Errorf("session bus: %w", errors.Join(sessErrs...)))
		} else {
			sessCh = make(chan *dbus.Signal, 16)
		}
	}
	if sysCh == nil && sessCh == nil {
		errs = append(errs, errors.New("no bus to watch"))
		return fmt.Errorf("watch sleep and lock: %w", errors.Join(errs...))
	}
	if sysCh != nil {
		sys.Signal(sysCh)
		defer sys.RemoveSignal(sysCh)
	}
	if sessCh != nil {
		sess.Signal(sessCh)
		defer sess.RemoveSignal(sessCh)
	}
	log.Debug("watching session signals", "system_bus", sysCh != nil, "logind_session", session, "session_bus", sessCh != nil)
	if ready != nil {
		ready()
	}

	s := &sender{log: log, out: out, now: func() time.Time { return time.Now().Round(0) }}
	for {
		select {
		case <-ctx.Done():
			return nil
		case sig, ok := <-sysCh:
			if !ok {
				return errors.New("watch sleep and lock: system bus connection lost")
			}
			if kind, ok := classify(sig, true, session); ok {
				s.send(kind)
			}
		case sig, ok := <-sessCh:
			if !ok {
				return errors.New("watch sleep and lock: session bus connection lost")
			}
			if kind, ok := classify(sig, false, session); ok {
				s.send(kind)
			}
		}
	}
}

// addMatch subscribes conn to signals matching opts, with a timeout.
func addMatch(ctx context.Context, conn *dbus.Conn, opts ...dbus.MatchOption) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return conn.AddMatchSignalContext(ctx, opts...)
}

// sessionPath finds this process's logind session: the one named by $XDG_SESSION_ID, else
// the one holding our pid, else the user's display session (a daemon started by systemd --user
// belongs to no session of its own).
func sessionPath(ctx context.Context, sys *dbus.Conn) (dbus.ObjectPath, error) {
	call := func(obj dbus.BusObject, method string, v any, args ...any) error {
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		return obj.CallWithContext(ctx, method, dbus.FlagNoAutoStart, args...).Store(v)
	}
	mgr := sys.Object(login1Name, login1Path)
	var path dbus.ObjectPath
	var errs []error
	if id := os.Getenv("XDG_SESSION_ID"); id != "" {
		err := call(mgr, login1Manager+".GetSession", &path, id)
		if err == nil {
			return path, nil
		}
		errs = append(errs, fmt.Errorf("GetSession %q: %w", id, err))
	}
	err := call(mgr, login1Manager+".GetSessionByPID", &path, uint32(os.Getpid()))
	if err == nil {
		return path, nil
	}
	errs = append(errs, fmt.Errorf("GetSessionByPID %d: %w", os.Getpid(), err))

	var display struct {
		ID   string
		Path dbus.ObjectPath
	}
	var v dbus.Variant
	err = call(sys.Object(login1Name, login1Path+"/user/self"), "org.freedesktop.DBus.Properties.Get", &v, login1User, "Display")
	if err == nil {
		if err = dbus.Store([]any{v.Value()}, &display); err == nil && display.Path != "" && display.Path != "/" {
			return display.Path, nil
		}
	}
	errs = append(errs, fmt.Errorf("user display session: %v (%v)", display.Path, err))
	return "", errors.Join(errs...)
}

// classify maps a D-Bus signal to a SignalKind; ok is false for any other signal. system says
// which bus it came from, session is this process's logind session path ("" if unknown).
func classify(sig *dbus.Signal, system bool, session dbus.ObjectPath) (kind SignalKind, ok bool) {
	boolArg := func() (bool, bool) {
		if len(sig.Body) != 1 {
			return false, false
		}
		b, ok := sig.Body[0].(bool)
		return b, ok
	}
	if system {
		switch {
		case sig.Name == login1Manager+".PrepareForSleep" && sig.Path == login1Path:
			if b, ok := boolArg(); ok {
				return map[bool]SignalKind{true: Sleep, false: Wake}[b], true
			}
		case session != "" && sig.Path == session && sig.Name == login1Session+".Lock":
			return Lock, true
		case session != "" && sig.Path == session && sig.Name == login1Session+".Unlock":
			return Unlock, true
		}
		return 0, false
	}
	for _, iface := range screenSaverIfaces {
		if sig.Name == iface+".ActiveChanged" {
			if b, ok := boolArg(); ok {
				return map[bool]SignalKind{true: Lock, false: Unlock}[b], true
			}
		}
	}
	return 0, false
}

// sender delivers signals to out without ever blocking, dropping repeats of the lock state
// last delivered (logind and the screen saver both report the same lock). One goroutine uses
// it.
type sender struct {
	log    *slog.Logger
	out    chan<- Signal
	now    func() time.Time
	locked SignalKind // the last Lock or Unlock delivered, 0 before any
}

// send delivers kind unless it repeats the lock state last delivered or out is full.
func (s *sender) send(kind SignalKind) {
	if (kind == Lock || kind == Unlock) && kind == s.locked {
		return
	}
	select {
	case s.out <- Signal{Kind: kind, At: s.now()}:
		if kind == Lock || kind == Unlock {
			s.locked = kind
		}
	default:
		s.log.Debug("session signal dropped: receiver is full", "kind", kind)
	}
}

// oneLine is err's text on one line: D-Bus errors from logind can carry newlines, which would
// split one log record in two for a reader of the journal.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
