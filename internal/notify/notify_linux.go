//go:build linux

package notify

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop notification service, https://specifications.freedesktop.org/notification-spec/.
const (
	busName   = "org.freedesktop.Notifications"
	busPath   = dbus.ObjectPath("/org/freedesktop/Notifications")
	busIface  = "org.freedesktop.Notifications"
	urgNormal = byte(1)
	// closedExpired is NotificationClosed's reason when the notification timed out.
	closedExpired = uint32(1)
)

// Notifier shows deskbreak's notifications through org.freedesktop.Notifications on its own
// private session-bus connection, keeping at most one of them on screen.
//
// Its methods are safe for concurrent use; they are serialised, and each one blocks for at most
// DefaultCallTimeout (or until its context is done). A failed D-Bus call drops the connection
// and everything learnt from the server; the next Show reconnects and asks again, so a
// notification server (or the bus) that restarts or vanishes is survived.
type Notifier struct {
	log      *slog.Logger
	onAction func(key string)

	// connect opens a ready connection to the session bus; tests replace it.
	connect func(ctx context.Context) (*dbus.Conn, error)
	// timeout bounds each public call.
	timeout time.Duration

	wg sync.WaitGroup // the signal goroutine of each connection

	mu        sync.Mutex
	shut      bool
	conn      *dbus.Conn
	owner     string // unique bus name of the server that the fields below describe
	capsKnown bool
	actions   bool // the server lists "actions"
	markup    bool // the server lists "body-markup"
	sound     bool // the server lists "sound"
	// menuDefault: the server lists the default action in its action menu beside the
	// buttons (dunst), so a default action that repeats a button is not sent.
	menuDefault bool
	live        uint32
	liveDef     string          // DefaultAction of the live notification
	liveKeys    map[string]bool // action keys of the live notification
	// liveNeverExpires: the live notification was sent with expire_timeout 0. A
	// NotificationClosed saying it expired is then about the notification it replaced, whose
	// expiry crossed our Notify (servers such as dunst give the new one the same id).
	liveNeverExpires bool
}

// New returns a Notifier that connects lazily, on the first Show or Actions call.
//
// onAction (may be nil) is called with an action's key when the person presses one of the
// live notification's buttons, and with Message.DefaultAction when they click its body. It is
// called from the Notifier's own goroutine, one call at a time and in order; it must return
// quickly (hand the key to the daemon's loop, do not wait for it), must not call Shutdown, and
// may call Show and Close. Actions on a notification that has since been replaced, closed, or
// shown by another program are not reported.
//
// Without a session bus, Show shows nothing and says so in its error. It never falls back to
// beeep here: beeep's D-Bus path, notify-send and kdialog all autolaunch a session bus with
// dbus-launch when there is none, and that bus outlives deskbreak.
func New(log *slog.Logger, onAction func(key string)) *Notifier {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{log: log, onAction: onAction, connect: connectSessionBus, timeout: DefaultCallTimeout}
}

// errNoBus marks a failure to reach the session bus at all: nothing is shown.
var errNoBus = errors.New("no session bus, so no notification is shown")

// connectSessionBus opens a private, authenticated connection to the session bus named by
// DBUS_SESSION_BUS_ADDRESS (or $XDG_RUNTIME_DIR/bus). Unlike dbus.ConnectSessionBus it never
// runs dbus-launch, and the handshake is bounded by ctx.
func connectSessionBus(ctx context.Context) (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoBus, err)
	}
	// godbus's Auth and Hello take no context: closing the connection unblocks them.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	err = conn.Auth(nil)
	if err == nil {
		err = conn.Hello()
	}
	if !stop() {
		err = fmt.Errorf("connect to the session bus: %w", context.Cause(ctx))
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %w", errNoBus, err)
	}
	return conn, nil
}

// Show displays m, replacing the live notification if there is one. An Update is dropped when
// there is none (closed by the person, or gone with its server). Without a notification
// server it returns an error wrapping ErrNoServer; the caller decides how often to log it.
func (n *Notifier) Show(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.shut {
		return fmt.Errorf("show notification %q: %w", m.Summary, ErrShutdown)
	}
	if m.Update && (n.live == 0 || n.conn == nil || !n.conn.Connected()) {
		return nil // closed by the person, or gone with the server: not shown again
	}
	if err := n.connectLocked(ctx); err != nil {
		return fmt.Errorf("show notification %q: %w", m.Summary, err)
	}
	if err := n.serverLocked(ctx); err != nil {
		n.dropLocked("server", err)
		return fmt.Errorf("show notification %q: %w", m.Summary, err)
	}

	body := m.Body
	if n.markup {
		body = escapeMarkup(body)
	}
	actions := []string{}
	if n.actions {
		actions = m.actionList(n.menuDefault)
	}
	hints := map[string]dbus.Variant{
		"urgency":       dbus.MakeVariant(urgNormal),
		"desktop-entry": dbus.MakeVariant(AppName),
	}
	if m.Category != "" {
		hints["category"] = dbus.MakeVariant(m.Category)
	}
	if m.Image != nil {
		hints["image-data"] = dbus.MakeVariant(imageData(m.Image))
	}
	if m.Sound != "" && n.sound {
		hints["sound-name"] = dbus.MakeVariant(m.Sound)
	} else {
		hints["suppress-sound"] = dbus.MakeVariant(true)
	}
	var id uint32
	err := n.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".Notify", 0,
		AppName, n.live, appIcon(os.Getenv, fileExists), m.Summary, body, actions, hints, m.expireTimeout()).Store(&id)
	if err != nil {
		err = classify(err)
		n.dropLocked("Notify", err)
		return fmt.Errorf("show notification %q: call %s.Notify: %w", m.Summary, busIface, err)
	}
	n.live = id
	n.liveDef = ""
	n.liveKeys = map[string]bool{}
	n.liveNeverExpires = m.expireTimeout() == 0
	if n.actions {
		n.liveDef = m.DefaultAction
		for _, a := range m.Actions {
			n.liveKeys[a.Key] = true
		}
	}
	return nil
}

// appIcon is the app_icon to send: the icon-theme name IconName when a package installed the
// icon system-wide, else the file "deskbreak install" wrote into the person's hicolor theme
// (servers such as dunst look names up only in the first hicolor directory that has an
// index.theme, never in ~/.local/share/icons), else the name.
func appIcon(getenv func(string) string, exists func(string) bool) string {
	const rel = "icons/hicolor/48x48/apps/" + IconName + ".png"
	dirs := getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share:/usr/share"
	}
	for _, d := range filepath.SplitList(dirs) {
		if filepath.IsAbs(d) && exists(filepath.Join(d, rel)) {
			return IconName
		}
	}
	home := getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(home) {
		if h := getenv("HOME"); filepath.IsAbs(h) {
			home = filepath.Join(h, ".local", "share")
		}
	}
	if filepath.IsAbs(home) {
		if p := filepath.Join(home, rel); exists(p) {
			return p
		}
	}
	return IconName
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Close closes the live notification, if any. A notification the server already closed, or
// that vanished with a restarted server, counts as closed.
func (n *Notifier) Close(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.shut {
		return fmt.Errorf("close notification: %w", ErrShutdown)
	}
	if n.live == 0 || n.conn == nil {
		return nil
	}
	id := n.live
	owner, err := n.nameOwnerLocked(ctx)
	if err == nil && owner != n.owner {
		// The server that showed it is gone, and its notifications with it.
		n.resetServerLocked(owner)
		return nil
	}
	if err == nil {
		err = n.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".CloseNotification", 0, id).Err
	}
	if err != nil {
		err = classify(err)
		n.dropLocked("CloseNotification", err)
		return fmt.Errorf("close notification %d: %w", id, err)
	}
	n.clearLiveLocked()
	return nil
}

// Actions reports whether the notification server shows action buttons (the "actions"
// capability). The answer is cached until the connection is dropped or the server changes;
// the first call (or the first after that) asks the server, which takes a D-Bus round trip.
// Without a bus or a server it reports false.
func (n *Notifier) Actions() bool {
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout)
	defer cancel()
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.shut {
		return false
	}
	if n.conn != nil && n.conn.Connected() && n.capsKnown {
		return n.actions
	}
	if err := n.connectLocked(ctx); err != nil {
		return false
	}
	if err := n.serverLocked(ctx); err != nil {
		n.dropLocked("server", err)
		return false
	}
	return n.actions
}

// Shutdown closes the connection and waits for the signal goroutine, so onAction is not
// called after it returns. It does not close the live notification (call Close first for
// that). Show, Close and Actions fail after it. Do not call it from onAction.
func (n *Notifier) Shutdown() {
	n.mu.Lock()
	n.shut = true
	n.dropLocked("", nil)
	n.mu.Unlock()
	n.wg.Wait()
}

// connectLocked makes sure n.conn is a live connection that delivers our signals.
func (n *Notifier) connectLocked(ctx context.Context) error {
	if n.conn != nil && n.conn.Connected() {
		return nil
	}
	n.dropLocked("", nil)
	conn, err := n.connect(ctx)
	if err != nil {
		return err
	}
	// dunst and GNOME send ActionInvoked to the caller of Notify only, but the spec's signals
	// are broadcasts: subscribe to those from the server's well-known name.
	err = conn.AddMatchSignalContext(ctx,
		dbus.WithMatchSender(busName), dbus.WithMatchObjectPath(busPath), dbus.WithMatchInterface(busIface))
	if err != nil {
		conn.Close()
		return fmt.Errorf("subscribe to %s signals: %w", busIface, err)
	}
	// A roomy buffer keeps godbus from handing signals to goroutines that may reorder them.
	ch := make(chan *dbus.Signal, 64)
	conn.Signal(ch)
	n.conn = conn
	n.wg.Add(1)
	go n.watch(conn, ch)
	n.log.Debug("notify: connected to the session bus")
	return nil
}

// serverLocked finds the notification server that owns busName, forgets what was learnt from a
// previous one, and reads its capabilities if they are not known yet.
func (n *Notifier) serverLocked(ctx context.Context) error {
	owner, err := n.nameOwnerLocked(ctx)
	if err != nil {
		return err
	}
	if owner == "" {
		// Nobody owns the name: a method call lets the bus start a server by D-Bus
		// activation (dunst and others ship a .service file), as Notify itself would.
		if _, err := n.capabilitiesLocked(ctx); err != nil {
			return err
		}
		if owner, err = n.nameOwnerLocked(ctx); err != nil {
			return err
		}
		if owner == "" {
			return ErrNoServer
		}
	}
	if owner != n.owner {
		n.resetServerLocked(owner)
	}
	if !n.capsKnown {
		caps, err := n.capabilitiesLocked(ctx)
		if err != nil {
			return err
		}
		n.capsKnown = true
		n.actions = slices.Contains(caps, "actions")
		n.markup = slices.Contains(caps, "body-markup")
		n.sound = slices.Contains(caps, "sound")
		name := n.serverNameLocked(ctx)
		n.menuDefault = name == "dunst"
		n.log.Debug("notify: notification server", "owner", owner, "name", name, "capabilities", caps)
	}
	return nil
}

// nameOwnerLocked returns the unique name owning busName, or "" when nobody does.
func (n *Notifier) nameOwnerLocked(ctx context.Context) (string, error) {
	var owner string
	err := n.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, busName).Store(&owner)
	var derr dbus.Error
	if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.NameHasNoOwner" {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("ask the bus who owns %s: %w", busName, err)
	}
	return owner, nil
}

// capabilitiesLocked calls GetCapabilities.
func (n *Notifier) capabilitiesLocked(ctx context.Context) ([]string, error) {
	var caps []string
	err := n.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".GetCapabilities", 0).Store(&caps)
	if err != nil {
		return nil, fmt.Errorf("call %s.GetCapabilities: %w", busIface, classify(err))
	}
	return caps, nil
}

// serverNameLocked returns the server's name from GetServerInformation ("dunst"), or "" when
// it does not say.
func (n *Notifier) serverNameLocked(ctx context.Context) string {
	var name, vendor, version, spec string
	err := n.conn.Object(busName, busPath).CallWithContext(ctx, busIface+".GetServerInformation", 0).
		Store(&name, &vendor, &version, &spec)
	if err != nil {
		n.log.Debug("notify: GetServerInformation", "err", err)
		return ""
	}
	return name
}

// classify wraps ErrNoServer around the bus's errors for "nobody serves that name".
func classify(err error) error {
	var derr dbus.Error
	if errors.As(err, &derr) {
		switch {
		case derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown",
			derr.Name == "org.freedesktop.DBus.Error.NameHasNoOwner":
			return fmt.Errorf("%w: %w", ErrNoServer, err)
		case strings.HasPrefix(derr.Name, "org.freedesktop.DBus.Error.Spawn."):
			return fmt.Errorf("%w, and starting one by D-Bus activation failed: %w", ErrNoServer, err)
		}
	}
	return err
}

// resetServerLocked forgets everything learnt from the previous server.
func (n *Notifier) resetServerLocked(owner string) {
	n.owner = owner
	n.capsKnown, n.actions, n.markup, n.sound, n.menuDefault = false, false, false, false, false
	n.clearLiveLocked()
}

func (n *Notifier) clearLiveLocked() {
	n.live, n.liveDef, n.liveKeys, n.liveNeverExpires = 0, "", nil, false
}

// dropLocked closes the connection and forgets the server; the next call reconnects. The
// connection's signal goroutine ends by itself when godbus closes its channel.
func (n *Notifier) dropLocked(during string, err error) {
	if n.conn != nil {
		n.conn.Close()
		n.conn = nil
		if err != nil {
			n.log.Debug("notify: dropped the session bus connection", "during", during, "err", err)
		}
	}
	n.resetServerLocked("")
}

// watch reports the actions invoked on our live notification until conn is closed.
func (n *Notifier) watch(conn *dbus.Conn, ch <-chan *dbus.Signal) {
	defer n.wg.Done()
	for sig := range ch {
		if key, ok := n.match(conn, sig); ok && n.onAction != nil {
			n.onAction(key)
		}
	}
	n.mu.Lock()
	if n.conn == conn { // the bus went away under us
		n.dropLocked("", nil)
	}
	n.mu.Unlock()
}

// match returns the key to report for sig, if it is an action on our live notification; a
// NotificationClosed for it forgets it.
func (n *Notifier) match(conn *dbus.Conn, sig *dbus.Signal) (key string, ok bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.conn != conn || n.live == 0 || sig.Sender != n.owner || sig.Path != busPath || len(sig.Body) != 2 {
		return "", false
	}
	id, _ := sig.Body[0].(uint32)
	if id != n.live {
		return "", false
	}
	switch sig.Name {
	case busIface + ".ActionInvoked":
		key, _ := sig.Body[1].(string)
		if key == freedesktopDefault {
			return n.liveDef, n.liveDef != ""
		}
		return key, n.liveKeys[key]
	case busIface + ".NotificationClosed":
		if reason, _ := sig.Body[1].(uint32); reason == closedExpired && n.liveNeverExpires {
			return "", false // the replaced notification's expiry, late: ours never expires
		}
		n.clearLiveLocked()
	}
	return "", false
}

// liveID returns the id of the live notification (0: none), for tests.
func (n *Notifier) liveID() uint32 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.live
}

// imageHint is the freedesktop "image-data" hint, signature (iiibiiay): width, height,
// rowstride, has alpha, bits per sample, channels, and the RGBA bytes row by row.
type imageHint struct {
	Width, Height, Rowstride int32
	HasAlpha                 bool
	Bits, Channels           int32
	Data                     []byte
}

// imageData packs img as an image-data hint. NRGBA is what the spec wants: straight,
// not premultiplied, alpha.
func imageData(img *image.NRGBA) imageHint {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	data := img.Pix[img.PixOffset(b.Min.X, b.Min.Y):]
	if img.Stride != 4*w {
		// A sub-image: copy its rows together.
		data = make([]byte, 0, 4*w*h)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			i := img.PixOffset(b.Min.X, y)
			data = append(data, img.Pix[i:i+4*w]...)
		}
	}
	data = data[:4*w*h]
	return imageHint{Width: int32(w), Height: int32(h), Rowstride: int32(4 * w), HasAlpha: true, Bits: 8, Channels: 4, Data: data}
}
