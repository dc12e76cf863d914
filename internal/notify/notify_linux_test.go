//go:build linux

package notify

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/godbus/dbus/v5"
)

// These tests set environment variables (the private bus) and so do not run in parallel.

// waitFor is how long a test waits for something that should happen at once; it only bounds a
// failing test, nothing is timed.
const waitFor = 10 * time.Second

// breakMessage is a due break, as the daemon sends it.
func breakMessage() Message {
	return Message{
		Summary:       "Break time: 3 min",
		Body:          "Shoulder rolls, 10x\nNeck tilts, 5x each side\nLook far away, 20 s",
		Actions:       []Action{{"start", "Start"}, {"snooze", "Snooze 5 min"}, {"skip", "Skip"}},
		DefaultAction: "start",
		Persistent:    true,
		Category:      "x-deskbreak.break",
	}
}

// notifyCall is one Notify call received by a fakeServer.
type notifyCall struct {
	sender              string
	app                 string
	replaces            uint32
	icon, summary, body string
	actions             []string
	hints               map[string]dbus.Variant
	expire              int32
}

// fakeServer is a stand-in org.freedesktop.Notifications exported on its own connection.
type fakeServer struct {
	conn *dbus.Conn
	caps []string

	mu       sync.Mutex
	notifies []notifyCall
	closes   []uint32
	capCalls int
	failNext bool          // the next Notify answers with a D-Bus error
	hang     chan struct{} // if not nil, Notify waits until it is closed, then fails
	nextID   uint32
}

func (f *fakeServer) GetCapabilities() ([]string, *dbus.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.capCalls++
	return f.caps, nil
}

func (f *fakeServer) Notify(sender dbus.Sender, app string, replaces uint32, icon, summary, body string,
	actions []string, hints map[string]dbus.Variant, expire int32) (uint32, *dbus.Error) {
	f.mu.Lock()
	if hang := f.hang; hang != nil {
		f.hang = nil
		f.mu.Unlock()
		<-hang
		return 0, dbus.MakeFailedError(errors.New("answered too late"))
	}
	defer f.mu.Unlock()
	if f.failNext {
		f.failNext = false
		return 0, dbus.MakeFailedError(errors.New("stand-in failure"))
	}
	f.notifies = append(f.notifies, notifyCall{string(sender), app, replaces, icon, summary, body, actions, hints, expire})
	if replaces != 0 {
		return replaces, nil
	}
	f.nextID++
	return f.nextID, nil
}

func (f *fakeServer) CloseNotification(id uint32) *dbus.Error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closes = append(f.closes, id)
	return nil
}

func (f *fakeServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fake", "deskbreak", "1", "1.2", nil
}

// calls returns copies of what f received.
func (f *fakeServer) calls() (notifies []notifyCall, closes []uint32, capCalls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.notifies), slices.Clone(f.closes), f.capCalls
}

// signal sends a Notifications signal from f to dest only, as dunst and GNOME do.
func (f *fakeServer) signal(t *testing.T, dest, member string, body ...any) {
	t.Helper()
	sendSignal(t, f.conn, dest, member, body...)
}

func sendSignal(t *testing.T, conn *dbus.Conn, dest, member string, body ...any) {
	t.Helper()
	msg := &dbus.Message{
		Type: dbus.TypeSignal,
		Headers: map[dbus.HeaderField]dbus.Variant{
			dbus.FieldPath:        dbus.MakeVariant(busPath),
			dbus.FieldInterface:   dbus.MakeVariant(busIface),
			dbus.FieldMember:      dbus.MakeVariant(member),
			dbus.FieldDestination: dbus.MakeVariant(dest),
			dbus.FieldSignature:   dbus.MakeVariant(dbus.SignatureOf(body...)),
		},
		Body: body,
	}
	if call := conn.Send(msg, nil); call.Err != nil {
		t.Fatalf("send %s to %s: %v", member, dest, call.Err)
	}
}

// connectBus opens another connection to the test's private bus.
func connectBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	if err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// startFake exports a fakeServer with caps on a new connection and makes it the owner of
// org.freedesktop.Notifications.
func startFake(t *testing.T, caps ...string) *fakeServer {
	t.Helper()
	f := &fakeServer{conn: connectBus(t), caps: caps}
	if err := f.conn.Export(f, busPath, busIface); err != nil {
		t.Fatalf("export the stand-in server: %v", err)
	}
	reply, err := f.conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("request %s: reply %v, %v", busName, reply, err)
	}
	return f
}

// isolatedBus starts a private session bus with no display, so that D-Bus activation of a
// real notification server (dunst ships a .service file) fails instead of starting one.
func isolatedBus(t *testing.T) *dbus.Conn {
	t.Helper()
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir()) // no wayland-0 socket to fall back on either
	return desktoptest.SessionBus(t)
}

// recorder collects onAction keys.
type recorder chan string

func newRecorder() recorder { return make(recorder, 16) }

func (r recorder) onAction(key string) { r <- key }

// next returns the next key reported, failing the test if none comes.
func (r recorder) next(t *testing.T) string {
	t.Helper()
	select {
	case k := <-r:
		return k
	case <-time.After(waitFor):
		t.Fatalf("onAction was not called within %v", waitFor)
		return ""
	}
}

// newNotifier returns a Notifier that is shut down when the test ends.
func newNotifier(t *testing.T, onAction func(string)) *Notifier {
	t.Helper()
	n := New(nil, onAction)
	t.Cleanup(n.Shutdown)
	return n
}

// eventually polls cond until it holds, failing the test after waitFor.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, waitFor)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStandInWithoutActionsCapability(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "body", "body-markup")
	n := newNotifier(t, func(key string) { t.Errorf("onAction(%q) without an actions capability", key) })
	ctx := t.Context()

	m := breakMessage()
	m.Body = "Stretch <arms> & breathe"
	if err := n.Show(ctx, m); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if n.Actions() {
		t.Error("Actions() = true for a server without the actions capability")
	}
	notifies, _, _ := f.calls()
	if len(notifies) != 1 {
		t.Fatalf("the server received %d Notify calls, want 1", len(notifies))
	}
	got := notifies[0]
	if len(got.actions) != 0 {
		t.Errorf("actions sent = %q, want none", got.actions)
	}
	if got.app != "deskbreak" || got.icon != "deskbreak" || got.summary != m.Summary || got.replaces != 0 || got.expire != 0 {
		t.Errorf("Notify(app %q, replaces %d, icon %q, summary %q, expire %d), want (deskbreak, 0, deskbreak, %q, 0)",
			got.app, got.replaces, got.icon, got.summary, got.expire, m.Summary)
	}
	if want := "Stretch &lt;arms&gt; &amp; breathe"; got.body != want {
		t.Errorf("body = %q, want %q (escaped for a body-markup server)", got.body, want)
	}
	wantHints := map[string]any{"urgency": byte(1), "category": "x-deskbreak.break", "desktop-entry": "deskbreak"}
	for k, want := range wantHints {
		if v, ok := got.hints[k]; !ok || v.Value() != want {
			t.Errorf("hint %q = %v (present %v), want %v", k, v, ok, want)
		}
	}

	// Even a signal for our id with a key we never sent is not reported.
	f.signal(t, got.sender, "ActionInvoked", uint32(1), "default")
	f.signal(t, got.sender, "ActionInvoked", uint32(1), "start")

	// A prompt times out: its expire_timeout is sent in ms, and it replaces the break.
	if err := n.Show(ctx, Message{Summary: "Sit up straight", Timeout: 8 * time.Second}); err != nil {
		t.Fatalf("Show prompt: %v", err)
	}
	notifies, _, _ = f.calls()
	if p := notifies[len(notifies)-1]; p.expire != 8000 || p.replaces != 1 || p.body != "" || p.hints["category"].Value() != nil {
		t.Errorf("prompt Notify(replaces %d, expire %d, body %q, category %v), want (1, 8000, \"\", none)",
			p.replaces, p.expire, p.body, p.hints["category"])
	}

	// Signals are handled in order: once this one has been, so have the ActionInvoked above.
	f.signal(t, got.sender, "NotificationClosed", uint32(1), uint32(1))
	eventually(t, "the NotificationClosed signal is handled", func() bool { return n.liveID() == 0 })
}

func TestStandInNeverAnswers(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions", "body")
	n := newNotifier(t, nil)
	n.timeout = 200 * time.Millisecond
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	hang := make(chan struct{})
	f.mu.Lock()
	f.hang = hang
	f.mu.Unlock()
	err := n.Show(t.Context(), breakMessage())
	close(hang)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Show to a server that never answers = %v, want context.DeadlineExceeded", err)
	}
	t.Logf("Show to a server that never answers: %v", err)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show after the timeout: %v", err)
	}
}

func TestStandInActionsMatchOurNotificationOnly(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions", "body")
	rec := newRecorder()
	n := newNotifier(t, rec.onAction)
	ctx := t.Context()

	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if !n.Actions() {
		t.Error("Actions() = false for a server with the actions capability")
	}
	notifies, _, _ := f.calls()
	if len(notifies) != 1 {
		t.Fatalf("the server received %d Notify calls, want 1", len(notifies))
	}
	me := notifies[0].sender
	wantActions := []string{"default", "Start", "start", "Start", "snooze", "Snooze 5 min", "skip", "Skip"}
	if !slices.Equal(notifies[0].actions, wantActions) {
		t.Errorf("actions sent = %q, want %q", notifies[0].actions, wantActions)
	}
	if notifies[0].body != breakMessage().Body {
		t.Errorf("body = %q, want it unescaped for a server without body-markup", notifies[0].body)
	}

	// Signals are handled in order, so the first key reported shows which were ignored.
	impostor := connectBus(t)
	sendSignal(t, impostor, me, "ActionInvoked", uint32(1), "skip") // not from the server
	f.signal(t, me, "ActionInvoked", uint32(99), "skip")            // another program's notification
	f.signal(t, me, "ActionInvoked", uint32(1), "launch")           // a key we did not send
	f.signal(t, me, "ActionInvoked", uint32(1), "default")          // the body: our DefaultAction
	if got := rec.next(t); got != "start" {
		t.Fatalf("first onAction key = %q, want %q (the default action's key)", got, "start")
	}
	f.signal(t, me, "ActionInvoked", uint32(1), "snooze")
	if got := rec.next(t); got != "snooze" {
		t.Fatalf("onAction key = %q, want snooze", got)
	}

	// The server closes it (the person dismissed it): Close then has nothing to close, and
	// later actions on that id are not reported.
	f.signal(t, me, "NotificationClosed", uint32(99), uint32(2))
	f.signal(t, me, "NotificationClosed", uint32(1), uint32(2))
	eventually(t, "the live notification is forgotten after NotificationClosed", func() bool { return n.liveID() == 0 })
	if err := n.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, closes, _ := f.calls(); len(closes) != 0 {
		t.Errorf("CloseNotification%v called for a notification the server had closed", closes)
	}
	f.signal(t, me, "ActionInvoked", uint32(1), "skip")
	if err := n.Show(ctx, Message{Summary: "Break started", Actions: []Action{{"done", "Done"}}}); err != nil {
		t.Fatalf("Show: %v", err)
	}
	f.signal(t, me, "ActionInvoked", uint32(2), "done")
	if got := rec.next(t); got != "done" {
		t.Fatalf("onAction key = %q, want done (skip was on a closed notification)", got)
	}

	if err := n.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, closes, _ := f.calls(); !slices.Equal(closes, []uint32{2}) {
		t.Errorf("CloseNotification calls = %v, want [2]", closes)
	}
}

func TestStandInFailedCallReconnects(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions", "body")
	n := newNotifier(t, nil)
	ctx := t.Context()

	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	f.mu.Lock()
	f.failNext = true
	f.mu.Unlock()
	err := n.Show(ctx, breakMessage())
	if err == nil || !strings.Contains(err.Error(), "stand-in failure") || !strings.Contains(err.Error(), "Notify") {
		t.Fatalf("Show with a failing server = %v, want the server's error from Notify", err)
	}
	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show after a failed call: %v", err)
	}
	notifies, _, capCalls := f.calls()
	if capCalls != 2 {
		t.Errorf("GetCapabilities called %d times, want 2 (read again after the failure)", capCalls)
	}
	if len(notifies) != 2 || notifies[0].sender == notifies[1].sender {
		t.Errorf("Notify senders %v, want two calls from two connections", notifies)
	}
	if notifies[1].replaces != 0 {
		t.Errorf("replaces_id after reconnecting = %d, want 0 (state dropped)", notifies[1].replaces)
	}
}

func TestStandInServerReplaced(t *testing.T) {
	isolatedBus(t)
	a := startFake(t, "actions", "body")
	n := newNotifier(t, nil)
	ctx := t.Context()

	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	if !n.Actions() {
		t.Fatal("Actions() = false with the first server")
	}
	if _, err := a.conn.ReleaseName(busName); err != nil {
		t.Fatal(err)
	}
	b := startFake(t, "body")

	// The notification went with its server: nothing to close, and no stray call to the new one.
	if err := n.Close(ctx); err != nil {
		t.Fatalf("Close after the server changed: %v", err)
	}
	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show with the new server: %v", err)
	}
	if n.Actions() {
		t.Error("Actions() = true, want the new server's capabilities (no actions)")
	}
	nb, cb, _ := b.calls()
	if len(cb) != 0 || len(nb) != 1 || nb[0].replaces != 0 || len(nb[0].actions) != 0 {
		t.Errorf("new server got closes %v, notifies %+v; want no close and one Notify with replaces 0 and no actions", cb, nb)
	}
	if na, ca, _ := a.calls(); len(na) != 1 || len(ca) != 0 {
		t.Errorf("old server got %d Notify and %v CloseNotification calls after it left, want 1 and none", len(na), ca)
	}
}

func TestNoNotificationServer(t *testing.T) {
	isolatedBus(t)
	n := newNotifier(t, nil)
	err := n.Show(t.Context(), breakMessage())
	if !errors.Is(err, ErrNoServer) {
		t.Fatalf("Show without a server = %v, want an error wrapping ErrNoServer", err)
	}
	t.Logf("Show without a server: %v", err)
	for _, want := range []string{`show notification "Break time: 3 min"`, "no notification server", busName} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if n.Actions() {
		t.Error("Actions() = true without a server")
	}
	if err := n.Close(t.Context()); err != nil {
		t.Errorf("Close with nothing shown = %v, want nil", err)
	}
	// A server that turns up later is used by the next Show.
	startFake(t, "body")
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Errorf("Show once a server is there: %v", err)
	}
}

func TestNoSessionBus(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+dir+"/no-bus-here")
	t.Setenv("XDG_RUNTIME_DIR", dir)
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	n := newNotifier(t, nil)
	err := n.Show(t.Context(), breakMessage())
	if err == nil {
		t.Fatal("Show without a session bus = nil, want an error")
	}
	t.Logf("Show without a session bus: %v", err)
	for _, want := range []string{"no session bus", "no-bus-here", "no notification is shown"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestShutdown(t *testing.T) {
	isolatedBus(t)
	startFake(t, "actions")
	n := New(nil, nil)
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	n.Shutdown()
	if err := n.Show(t.Context(), breakMessage()); !errors.Is(err, ErrShutdown) {
		t.Errorf("Show after Shutdown = %v, want ErrShutdown", err)
	}
	if n.Actions() {
		t.Error("Actions() after Shutdown = true")
	}
	n.Shutdown() // twice is fine
}

func TestShowRejectsInvalidMessage(t *testing.T) {
	n := New(nil, nil)
	defer n.Shutdown()
	err := n.Show(context.Background(), Message{Summary: "x", Actions: []Action{{"default", "Go"}}})
	if err == nil || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("Show(invalid) = %v, want the validation error", err)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		noServer bool
	}{
		{"service_unknown", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, true},
		{"name_has_no_owner", dbus.Error{Name: "org.freedesktop.DBus.Error.NameHasNoOwner"}, true},
		{"activation_failed", dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildSignaled"}, true},
		{"server_failed", dbus.Error{Name: "org.freedesktop.DBus.Error.Failed"}, false},
		{"timeout", context.DeadlineExceeded, false},
	}
	for _, tt := range tests {
		err := classify(tt.err)
		if errors.Is(err, ErrNoServer) != tt.noServer {
			t.Errorf("%s: classify(%v) = %v, ErrNoServer %v, want %v", tt.name, tt.err, err, !tt.noServer, tt.noServer)
		}
		if !strings.Contains(err.Error(), tt.err.Error()) {
			t.Errorf("%s: classify(%v) = %v, which does not name the original", tt.name, tt.err, err)
		}
	}
}

func TestOnActionMayCallClose(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions", "body")
	closed := make(chan error, 1)
	var n *Notifier
	n = newNotifier(t, func(key string) { closed <- n.Close(context.Background()) })
	if err := n.Show(t.Context(), breakMessage()); err != nil {
		t.Fatalf("Show: %v", err)
	}
	notifies, _, _ := f.calls()
	f.signal(t, notifies[0].sender, "ActionInvoked", uint32(1), "skip")
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close from onAction: %v", err)
		}
	case <-time.After(waitFor):
		t.Fatalf("Close called from onAction did not return within %v", waitFor)
	}
	if _, closes, _ := f.calls(); !slices.Equal(closes, []uint32{1}) {
		t.Errorf("CloseNotification calls = %v, want [1]", closes)
	}
}

// TestStandInSendsImageData checks that a message's picture reaches the server as the
// freedesktop image-data hint, (iiibiiay), row by row with straight alpha.
func TestStandInSendsImageData(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "body", "actions")
	n := newNotifier(t, nil)
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	m := breakMessage()
	m.Image = img
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatalf("Show: %v", err)
	}
	notifies, _, _ := f.calls()
	if len(notifies) != 1 {
		t.Fatalf("the server received %d Notify calls, want 1", len(notifies))
	}
	v, ok := notifies[0].hints["image-data"]
	if !ok {
		t.Fatal("no image-data hint")
	}
	// The struct arrives as its fields; their Go types are the wire types i, i, i, b, i, i, ay.
	got, _ := v.Value().([]any)
	want := []any{int32(3), int32(2), int32(12), true, int32(8), int32(4), img.Pix}
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Errorf("image-data = %v, want %v", got, want)
	}

	// A message without a picture sends no image hint.
	if err := n.Show(t.Context(), Message{Summary: "Sit up straight"}); err != nil {
		t.Fatalf("Show: %v", err)
	}
	notifies, _, _ = f.calls()
	if _, ok := notifies[1].hints["image-data"]; ok {
		t.Error("image-data hint sent for a message without an image")
	}
}

// TestStandInSoundHint: a cue is sent as "sound-name" only to a server that lists "sound";
// everything else, and every message without a cue, asks for silence with "suppress-sound".
func TestStandInSoundHint(t *testing.T) {
	isolatedBus(t)
	for _, tt := range []struct {
		name      string
		caps      []string
		sound     string
		wantSound any // the sound-name hint, nil: none
		wantQuiet any // the suppress-sound hint, nil: none
	}{
		{"cue_with_sound_capability", []string{"actions", "sound"}, SoundComplete, SoundComplete, nil},
		{"no_cue_with_sound_capability", []string{"actions", "sound"}, "", nil, true},
		{"cue_without_sound_capability", []string{"actions"}, SoundBell, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := startFake(t, tt.caps...)
			t.Cleanup(func() { f.conn.ReleaseName(busName) })
			n := newNotifier(t, nil)
			m := breakMessage()
			m.Sound = tt.sound
			if err := n.Show(t.Context(), m); err != nil {
				t.Fatalf("Show: %v", err)
			}
			notifies, _, _ := f.calls()
			if len(notifies) != 1 {
				t.Fatalf("%d Notify calls, want 1", len(notifies))
			}
			h := notifies[0].hints
			for key, want := range map[string]any{"sound-name": tt.wantSound, "suppress-sound": tt.wantQuiet} {
				v, ok := h[key]
				switch {
				case want == nil && ok:
					t.Errorf("hint %s = %v, want none", key, v.Value())
				case want != nil && (!ok || v.Value() != want):
					t.Errorf("hint %s = %v (sent: %v), want %v", key, v, ok, want)
				}
			}
		})
	}
}

// TestAppIcon: the theme name when a package installed the icon, else the file install wrote
// into the person's theme, else the name.
func TestAppIcon(t *testing.T) {
	have := map[string]bool{}
	exists := func(p string) bool { return have[p] }
	env := map[string]string{"HOME": "/home/ann"}
	getenv := func(k string) string { return env[k] }
	if got := appIcon(getenv, exists); got != "deskbreak" {
		t.Errorf("nothing installed: %q", got)
	}
	user := "/home/ann/.local/share/icons/hicolor/48x48/apps/deskbreak.png"
	have[user] = true
	if got := appIcon(getenv, exists); got != user {
		t.Errorf("installed by deskbreak install: %q, want %q", got, user)
	}
	env["XDG_DATA_HOME"] = "/data"
	have["/data/icons/hicolor/48x48/apps/deskbreak.png"] = true
	if got := appIcon(getenv, exists); got != "/data/icons/hicolor/48x48/apps/deskbreak.png" {
		t.Errorf("with XDG_DATA_HOME: %q", got)
	}
	have["/usr/share/icons/hicolor/48x48/apps/deskbreak.png"] = true
	if got := appIcon(getenv, exists); got != "deskbreak" {
		t.Errorf("installed by a package: %q, want the theme name", got)
	}
}

// TestStandInUpdateAfterClose: a countdown update replaces the live notification, and is
// dropped once the person closed it, so a dismissed break does not pop up every 15 s; a
// message that is not an update shows again.
func TestStandInUpdateAfterClose(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions")
	n := newNotifier(t, nil)
	m := breakMessage()
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	m.Update, m.Body = true, "0:45 left"
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	notifies, _, _ := f.calls()
	if len(notifies) != 2 || notifies[1].replaces != 1 || notifies[1].body != "0:45 left" {
		t.Fatalf("the update did not replace the live notification: %+v", notifies)
	}
	f.signal(t, notifies[0].sender, "NotificationClosed", uint32(1), uint32(2)) // dismissed
	eventually(t, "the close is seen", func() bool { return n.liveID() == 0 })
	m.Body = "0:30 left"
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	if notifies, _, _ = f.calls(); len(notifies) != 2 {
		t.Fatalf("an update after the person closed the notification was shown: %+v", notifies[2:])
	}
	m.Update = false
	if err := n.Show(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	if notifies, _, _ = f.calls(); len(notifies) != 3 {
		t.Fatalf("%d Notify calls, want the next exercise shown again", len(notifies))
	}
}

// Seen on a desktop under dunst: the break-over note (2 min) expired just as the next due
// break was shown in its place, dunst gave the new notification the same id, and its
// NotificationClosed (expired) for the old note arrived after Notify had returned. The
// late signal made deskbreak forget the due break's notification: its Snooze did nothing,
// and it was never replaced or closed again. A notification sent to never expire cannot have
// expired, so such a signal is about the one it replaced.
func TestStandInLateExpiryOfTheReplacedNote(t *testing.T) {
	isolatedBus(t)
	f := startFake(t, "actions", "body")
	rec := newRecorder()
	n := newNotifier(t, rec.onAction)
	ctx := t.Context()

	if err := n.Show(ctx, Message{Summary: "Break over: time to come back", Timeout: 2 * time.Minute}); err != nil {
		t.Fatalf("Show the note: %v", err)
	}
	if err := n.Show(ctx, breakMessage()); err != nil {
		t.Fatalf("Show the due break: %v", err)
	}
	notifies, _, _ := f.calls()
	me, id := notifies[len(notifies)-1].sender, n.liveID()
	if notifies[len(notifies)-1].replaces != id {
		t.Fatalf("the due break replaced %d and got id %d; the stand-in should reuse the id", notifies[len(notifies)-1].replaces, id)
	}
	f.signal(t, me, "NotificationClosed", id, uint32(1)) // the old note's expiry, late
	f.signal(t, me, "ActionInvoked", id, "snooze")
	if got := rec.next(t); got != "snooze" {
		t.Fatalf("onAction key = %q, want snooze", got)
	}
	if n.liveID() != id {
		t.Errorf("live id = %d after the late expiry, want %d", n.liveID(), id)
	}

	// Dismissed by the person (reason 2), it is forgotten as before.
	f.signal(t, me, "NotificationClosed", id, uint32(2))
	eventually(t, "the dismissed notification is forgotten", func() bool { return n.liveID() == 0 })
}
