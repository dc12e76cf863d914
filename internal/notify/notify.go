// Package notify shows deskbreak's desktop notifications: one live notification at a time,
// with buttons where the notification server supports them.
//
// On Linux it speaks org.freedesktop.Notifications over a private session D-Bus connection
// (actions, replaces_id, CloseNotification, and the ActionInvoked signal); without a session
// bus it shows nothing, and never starts a bus. On macOS and Windows it uses beeep: plain
// notifications without buttons, where the tray and the CLI are the way to act.
package notify

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"time"
)

// AppName is the application name every notification carries (and beeep.AppName on every OS).
const AppName = "deskbreak"

// IconName is the freedesktop icon-theme name sent as the notification's app_icon: the
// application icon (internal/appicon), which the packages install into the hicolor theme and
// "deskbreak install" into the person's.
const IconName = "deskbreak"

// DefaultCallTimeout bounds a whole Show, Close or Actions call (connecting and every D-Bus
// round trip in it) when the caller's context has no earlier deadline.
const DefaultCallTimeout = 5 * time.Second

// ErrNoServer is wrapped by the error Show returns when the session bus has no notification
// server (nothing owns org.freedesktop.Notifications and none could be activated).
var ErrNoServer = errors.New("no notification server (org.freedesktop.Notifications) on the session bus")

// ErrShutdown is returned by Show, Close and Actions after Shutdown.
var ErrShutdown = errors.New("notifier is shut down")

// Action is a button on a notification.
type Action struct {
	// Key is what onAction receives when the button is pressed, e.g. "snooze". It must not
	// be empty or "default" (the freedesktop key for clicking the body; see DefaultAction).
	Key string
	// Label is the button's text, e.g. "Snooze 5 min".
	Label string
}

// Message is one notification.
type Message struct {
	// Summary is the one-line title; it must not be empty.
	Summary string
	// Body is the text below the summary, sent as plain text (escaped where the server
	// interprets markup).
	Body string
	// Actions are the buttons, in order. They are sent only when the server lists the
	// "actions" capability (see Notifier.Actions).
	Actions []Action
	// DefaultAction is the key onAction receives when the body is clicked; "" means none.
	// It may equal one of Actions' keys (e.g. clicking the body starts the break).
	DefaultAction string
	// Persistent messages stay until acted on or closed (a due break); others time out.
	Persistent bool
	// Timeout is how long a non-persistent message stays; 0 means the server's default.
	Timeout time.Duration
	// Category is the freedesktop "category" hint, e.g. "x-deskbreak.break"; "" sends none.
	Category string
	// Image is a picture shown with the message (the exercise's pose), or nil. On Linux it
	// is sent as the freedesktop "image-data" hint; elsewhere it is written to a PNG file in
	// the user's cache directory and shown as the notification's icon. It is not kept after
	// Show returns.
	Image *image.NRGBA
	// Sound is a cue to play with the message: a freedesktop sound-theme name such as
	// SoundComplete, sent as the "sound-name" hint where the server lists the "sound"
	// capability (the default sound on macOS, the toast's audio on Windows). "" asks for
	// silence: the "suppress-sound" hint, and no sound elsewhere.
	Sound string
	// Update marks a refresh of what the live notification shows (a countdown): it replaces
	// the live notification in place while that is still on screen, and is dropped when there
	// is none (the person closed it) or nothing can be replaced (beeep, which would show a new
	// notification each time).
	Update bool
}

// Sound-theme names (freedesktop sound naming specification) for Message.Sound.
const (
	// SoundComplete cues the end of a break: time to come back.
	SoundComplete = "complete"
	// SoundBell cues the end of one exercise of a break and the start of the next.
	SoundBell = "bell"
	// SoundMessage cues a prompt, when [notify] prompt_sound asks for one.
	SoundMessage = "message-new-instant"
)

// validate reports what is wrong with m, naming the bad value.
func (m Message) validate() error {
	var errs []error
	if strings.TrimSpace(m.Summary) == "" {
		errs = append(errs, errors.New("empty summary"))
	}
	if m.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout %v is negative", m.Timeout))
	}
	seen := make(map[string]bool, len(m.Actions))
	for i, a := range m.Actions {
		switch {
		case a.Key == "":
			errs = append(errs, fmt.Errorf("action %d (%q): empty key", i, a.Label))
		case a.Key == freedesktopDefault:
			errs = append(errs, fmt.Errorf("action %d: key %q is reserved for the body click; set DefaultAction instead", i, a.Key))
		case seen[a.Key]:
			errs = append(errs, fmt.Errorf("action %d: duplicate key %q", i, a.Key))
		}
		seen[a.Key] = true
		if strings.TrimSpace(a.Label) == "" {
			errs = append(errs, fmt.Errorf("action %d (%q): empty label", i, a.Key))
		}
	}
	if m.DefaultAction == freedesktopDefault {
		errs = append(errs, fmt.Errorf("default action key %q is reserved; use the key onAction should receive", m.DefaultAction))
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid message %q: %w", m.Summary, errors.Join(errs...))
	}
	return nil
}

// freedesktopDefault is the action key the freedesktop spec reserves for clicking the body.
const freedesktopDefault = "default"

// expireTimeout is the Notify expire_timeout for m in milliseconds: 0 never expires, -1 is
// the server's default.
func (m Message) expireTimeout() int32 {
	switch {
	case m.Persistent:
		return 0
	case m.Timeout <= 0:
		return -1
	case m.Timeout >= time.Duration(1<<31-1)*time.Millisecond:
		return 1<<31 - 1
	}
	ms := m.Timeout.Milliseconds()
	if ms == 0 {
		ms = 1 // a sub-millisecond timeout still expires rather than meaning "never"
	}
	return int32(ms)
}

// actionList is the flat freedesktop actions array [key, label, key, label, ...], with the
// "default" action first when m has a DefaultAction. Labels for "default" are not shown by
// most servers; the matching button's label is used so that servers which do show it read
// sensibly. menuDefault is set for servers that list the default action in one menu with the
// buttons (dunst's context menu): there a default action that repeats a button would show
// twice ("Start", "Start"), so it is left out and the button alone remains.
func (m Message) actionList(menuDefault bool) []string {
	list := make([]string, 0, 2*len(m.Actions)+2)
	if m.DefaultAction != "" {
		label, repeats := "Open", false
		for _, a := range m.Actions {
			if a.Key == m.DefaultAction {
				label, repeats = a.Label, true
			}
		}
		if !menuDefault || !repeats {
			list = append(list, freedesktopDefault, label)
		}
	}
	for _, a := range m.Actions {
		list = append(list, a.Key, a.Label)
	}
	return list
}

// escapeMarkup escapes the characters the freedesktop body markup interprets, for servers
// that list the "body-markup" capability.
var escapeMarkup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
