package activity

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// fakeLogind stands in for logind's Manager: our process is in session c7, unless noPID is
// set (a daemon started by systemd --user belongs to no session).
type fakeLogind struct{ noPID bool }

const ourSession = dbus.ObjectPath("/org/freedesktop/login1/session/c7")

// GetSession is the exported D-Bus method.
func (fakeLogind) GetSession(id string) (dbus.ObjectPath, *dbus.Error) {
	if id == "c7" {
		return ourSession, nil
	}
	return "", dbus.NewError("org.freedesktop.login1.NoSuchSession", []any{"no session " + id})
}

// GetSessionByPID is the exported D-Bus method.
func (f fakeLogind) GetSessionByPID(pid uint32) (dbus.ObjectPath, *dbus.Error) {
	if pid == uint32(os.Getpid()) && !f.noPID {
		return ourSession, nil
	}
	return "", dbus.NewError("org.freedesktop.login1.NoSessionForPID", []any{"no session"})
}

// twoBuses starts a private "system" bus with a stand-in logind and a private session bus,
// and returns the stand-ins' connections and a client connection to each.
func twoBuses(t *testing.T) (sysBus, sessBus, sys, sess *dbus.Conn) {
	t.Helper()
	sysBus = desktoptest.SessionBus(t)
	sysAddr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	sessBus = desktoptest.SessionBus(t)
	serve(t, sysBus, login1Name, login1Path, login1Manager, fakeLogind{})
	var err error
	if sys, err = dbus.Connect(sysAddr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sysBus, sessBus, sys, client(t)
}

// startWatch runs watchSignals until the test ends and waits until it is subscribed.
func startWatch(t *testing.T, sys, sess *dbus.Conn, out chan Signal) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	stopped := make(chan struct{})
	go func() {
		done <- watchSignals(ctx, discard, sys, sess, out, func() { close(ready) })
		close(stopped)
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("watchSignals: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("watchSignals did not subscribe within 10s")
	}
	return done
}

// expect waits for the next signal and checks its kind and time.
func expect(t *testing.T, out <-chan Signal, want SignalKind, after time.Time) {
	t.Helper()
	select {
	case got := <-out:
		if got.Kind != want {
			t.Fatalf("got %v, want %v", got.Kind, want)
		}
		if got.At.Before(after) || got.At.After(time.Now()) {
			t.Errorf("%v stamped %v, want between %v and now", got.Kind, got.At, after)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no %v within 10s", want)
	}
}

func emit(t *testing.T, conn *dbus.Conn, path dbus.ObjectPath, name string, args ...any) {
	t.Helper()
	if err := conn.Emit(path, name, args...); err != nil {
		t.Fatalf("emit %s: %v", name, err)
	}
}

// TestWatchSignals drives a stand-in logind on a private "system" bus and stand-in screen
// savers on a private session bus.
func TestWatchSignals(t *testing.T) {
	for _, env := range []string{"", "c7"} { // by pid, and by $XDG_SESSION_ID
		t.Run("XDG_SESSION_ID="+env, func(t *testing.T) {
			t.Setenv("XDG_SESSION_ID", env)
			sysBus, sessBus, sys, sess := twoBuses(t)
			out := make(chan Signal, 8)
			startWatch(t, sys, sess, out)
			start := time.Now()

			emit(t, sysBus, login1Path, login1Manager+".PrepareForSleep", true)
			expect(t, out, Sleep, start)
			emit(t, sysBus, login1Path, login1Manager+".PrepareForSleep", false)
			expect(t, out, Wake, start)

			// Another session's unlock is not ours; then ours locks.
			emit(t, sysBus, "/org/freedesktop/login1/session/c8", login1Session+".Unlock")
			emit(t, sysBus, ourSession, login1Session+".Lock")
			expect(t, out, Lock, start)

			// A PrepareForSleep on the session bus is not logind's; the screen saver's
			// ActiveChanged(true) repeats the lock and is dropped; GNOME's (false) unlocks.
			emit(t, sessBus, login1Path, login1Manager+".PrepareForSleep", true)
			emit(t, sessBus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true)
			emit(t, sessBus, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", false)
			expect(t, out, Unlock, start)

			emit(t, sessBus, "/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true)
			expect(t, out, Lock, start)
			emit(t, sysBus, ourSession, login1Session+".Unlock")
			expect(t, out, Unlock, start)

			select {
			case s := <-out:
				t.Errorf("unexpected extra %v", s.Kind)
			case <-time.After(200 * time.Millisecond):
			}
		})
	}
}

// TestWatchSignalsSessionOnly watches the screen saver when there is no system bus.
func TestWatchSignalsSessionOnly(t *testing.T) {
	sessBus := desktoptest.SessionBus(t)
	out := make(chan Signal, 8)
	startWatch(t, nil, client(t), out)
	start := time.Now()
	emit(t, sessBus, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", true)
	expect(t, out, Lock, start)
}

// TestWatchSignalsBusLost returns an error when the watched bus goes away.
func TestWatchSignalsBusLost(t *testing.T) {
	_, _, sys, sess := twoBuses(t)
	done := startWatch(t, sys, sess, make(chan Signal, 1))
	sys.Close()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "system bus") {
			t.Fatalf("watchSignals after the system bus closed = %v, want a system bus error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watchSignals kept running after its system bus closed")
	}
}

// TestWatchSignalsNoBus fails at once when neither bus is there.
func TestWatchSignalsNoBus(t *testing.T) {
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/session_bus")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := WatchSignals(ctx, discard, make(chan Signal, 1))
	if err == nil || ctx.Err() != nil {
		t.Fatalf("WatchSignals without buses = %v (ctx %v), want an error at once", err, ctx.Err())
	}
	if !strings.Contains(err.Error(), "system bus") || !strings.Contains(err.Error(), "session bus") {
		t.Errorf("error %q does not name both buses", err)
	}
}

// TestSenderNeverBlocks drops a signal when the receiver is full, and lock repeats.
func TestSenderNeverBlocks(t *testing.T) {
	t.Parallel()
	out := make(chan Signal, 1)
	at := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	s := &sender{log: discard, out: out, now: func() time.Time { return at }}
	s.send(Lock)
	s.send(Sleep) // full: dropped without blocking
	if got := <-out; got != (Signal{Kind: Lock, At: at}) {
		t.Fatalf("first signal = %+v, want Lock at %v", got, at)
	}
	s.send(Lock) // repeats the delivered lock
	s.send(Unlock)
	if got := <-out; got.Kind != Unlock {
		t.Fatalf("after a repeated Lock and an Unlock got %v, want Unlock", got.Kind)
	}
	s.send(Sleep)
	s.send(Lock) // dropped because full, so not remembered as delivered
	<-out
	s.send(Lock)
	if got := <-out; got.Kind != Lock {
		t.Fatalf("a Lock dropped for a full receiver then sent again: got %v, want Lock", got.Kind)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	const other = dbus.ObjectPath("/org/freedesktop/login1/session/c8")
	sig := func(path dbus.ObjectPath, name string, body ...any) *dbus.Signal {
		return &dbus.Signal{Path: path, Name: name, Body: body}
	}
	for _, tc := range []struct {
		name    string
		sig     *dbus.Signal
		system  bool
		session dbus.ObjectPath
		want    SignalKind // 0: ignored
	}{
		{"sleep", sig(login1Path, login1Manager+".PrepareForSleep", true), true, ourSession, Sleep},
		{"wake", sig(login1Path, login1Manager+".PrepareForSleep", false), true, "", Wake},
		{"sleep_without_arg", sig(login1Path, login1Manager+".PrepareForSleep"), true, "", 0},
		{"sleep_wrong_arg", sig(login1Path, login1Manager+".PrepareForSleep", "yes"), true, "", 0},
		{"sleep_wrong_path", sig("/elsewhere", login1Manager+".PrepareForSleep", true), true, "", 0},
		{"sleep_on_session_bus", sig(login1Path, login1Manager+".PrepareForSleep", true), false, "", 0},
		{"our_lock", sig(ourSession, login1Session+".Lock"), true, ourSession, Lock},
		{"our_unlock", sig(ourSession, login1Session+".Unlock"), true, ourSession, Unlock},
		{"other_session_lock", sig(other, login1Session+".Lock"), true, ourSession, 0},
		{"other_session_unlock", sig(other, login1Session+".Unlock"), true, ourSession, 0},
		{"lock_unknown_session", sig(ourSession, login1Session+".Lock"), true, "", 0},
		{"lock_on_session_bus", sig(ourSession, login1Session+".Lock"), false, ourSession, 0},
		{"freedesktop_saver_on", sig("/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true), false, "", Lock},
		{"gnome_saver_off", sig("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", false), false, "", Unlock},
		{"saver_on_system_bus", sig("/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", true), true, "", 0},
		{"saver_bad_arg", sig("/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", uint32(1)), false, "", 0},
		{"name_acquired", sig("/org/freedesktop/DBus", "org.freedesktop.DBus.NameAcquired", ":1.4"), false, "", 0},
	} {
		got, ok := classify(tc.sig, tc.system, tc.session)
		if ok != (tc.want != 0) || got != tc.want {
			t.Errorf("%s: classify = %v, %v; want %v", tc.name, got, ok, tc.want)
		}
	}
}

// TestSessionPath finds our logind session by $XDG_SESSION_ID, by pid, and through the user's
// display session, in that order.
func TestSessionPath(t *testing.T) {
	const display = dbus.ObjectPath("/org/freedesktop/login1/session/_32")
	for _, tc := range []struct {
		name, env   string
		noPID, user bool
		want        dbus.ObjectPath // "": an error
	}{
		{"by_env", "c7", true, false, ourSession},
		{"bad_env_then_pid", "c9", false, false, ourSession},
		{"by_pid", "", false, true, ourSession},
		{"by_user_display", "", true, true, display},
		{"none", "", true, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("XDG_SESSION_ID", tc.env)
			bus := desktoptest.SessionBus(t)
			if err := bus.Export(fakeLogind{noPID: tc.noPID}, login1Path, login1Manager); err != nil {
				t.Fatal(err)
			}
			if tc.user {
				type session struct {
					ID   string
					Path dbus.ObjectPath
				}
				if _, err := prop.Export(bus, login1Path+"/user/self", prop.Map{
					login1User: {"Display": {Value: session{"32", display}}},
				}); err != nil {
					t.Fatal(err)
				}
			}
			takeName(t, bus, login1Name)
			got, err := sessionPath(context.Background(), client(t))
			if tc.want == "" {
				if err == nil {
					t.Fatalf("sessionPath = %s, want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("sessionPath = %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}
