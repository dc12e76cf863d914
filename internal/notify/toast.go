package notify

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// URLScheme is the scheme of the per-user URL protocol that "deskbreak install" registers on
// Windows (HKCU\Software\Classes\deskbreak). A toast's buttons are links such as
// "deskbreak:snooze": Windows starts deskbreak with the link, and that process sends the
// action to the running daemon over its pipe.
const URLScheme = "deskbreak"

// AppUserModelID is deskbreak's AppUserModelID: the name Windows files its toasts under. An
// unpackaged program may show toasts only under an ID that a Start-menu shortcut carries;
// "deskbreak install" creates that shortcut, and the key
// HKCU\Software\Classes\AppUserModelId\<ID> that names the toasts' sender.
const AppUserModelID = "deskbreak.deskbreak"

// ActionURL returns the link of the action key, e.g. "deskbreak:snooze".
func ActionURL(key string) string { return URLScheme + ":" + url.PathEscape(key) }

// ParseActionURL returns the action key of a link made by ActionURL. It accepts what Windows
// may make of one on the way: another case of the scheme, a "//" after the colon and a
// trailing slash.
func ParseActionURL(s string) (string, error) {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || !strings.EqualFold(scheme, URLScheme) {
		return "", fmt.Errorf("link %q: not a %s: link", s, URLScheme)
	}
	rest = strings.Trim(rest, "/")
	key, err := url.PathUnescape(rest)
	if err != nil || key == "" || strings.ContainsAny(key, "/?#") {
		return "", fmt.Errorf("link %q: want %s:ACTION, such as %s", s, URLScheme, ActionURL("snooze"))
	}
	return key, nil
}

// ToastXML renders m as the XML of a Windows toast
// (https://learn.microsoft.com/windows/apps/develop/notifications/app-notifications/toast-schema):
// the summary and the body as text, each action as a button whose link (ActionURL) starts
// deskbreak through its URL protocol, and the default action as the link of a click on the
// toast itself. A persistent message (a due break) stays on screen longer ("long", about 25
// s) and plays the default sound, as it asks for something, and so does a message with a cue
// (Message.Sound: the end of an exercise or of a break); other messages are silent. Every
// toast also lands in the Action Center, where its buttons still work: an action that no
// longer applies is refused by the daemon.
func ToastXML(m Message) (string, error) { return toastXML(m, "") }

// toastXML is ToastXML with the picture of m (its Image, written to the PNG file img) shown
// beside the text, in place of the app logo; img "" shows none.
func toastXML(m Message, img string) (string, error) {
	if err := m.validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	attr := func(name, value string) {
		b.WriteString(" " + name + `="`)
		xml.EscapeText(&b, []byte(value))
		b.WriteString(`"`)
	}
	b.WriteString("<toast")
	if m.DefaultAction != "" {
		attr("activationType", "protocol")
		attr("launch", ActionURL(m.DefaultAction))
	}
	duration := "short"
	if m.Persistent {
		duration = "long"
	}
	attr("duration", duration)
	b.WriteString(">\n  <visual>\n    <binding template=\"ToastGeneric\">\n")
	for _, text := range []string{m.Summary, m.Body} {
		if strings.TrimSpace(text) == "" {
			continue
		}
		b.WriteString("      <text>")
		xml.EscapeText(&b, []byte(text))
		b.WriteString("</text>\n")
	}
	if img != "" {
		b.WriteString("      <image placement=\"appLogoOverride\"")
		attr("src", (&url.URL{Scheme: "file", Path: "/" + strings.TrimPrefix(filepath.ToSlash(img), "/")}).String())
		b.WriteString("/>\n")
	}
	b.WriteString("    </binding>\n  </visual>\n")
	if len(m.Actions) > 0 {
		b.WriteString("  <actions>\n")
		for _, a := range m.Actions {
			b.WriteString("    <action")
			attr("content", a.Label)
			attr("activationType", "protocol")
			attr("arguments", ActionURL(a.Key))
			b.WriteString("/>\n")
		}
		b.WriteString("  </actions>\n")
	}
	if m.Persistent || m.Sound != "" {
		b.WriteString("  <audio src=\"ms-winsoundevent:Notification.Reminder\"/>\n")
	} else {
		b.WriteString("  <audio silent=\"true\"/>\n")
	}
	b.WriteString("</toast>\n")
	return b.String(), nil
}
