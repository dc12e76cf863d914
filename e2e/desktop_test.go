//go:build linux

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
)

// desktop is a private X display and session bus with dunst on it, and optionally a
// StatusNotifierItem watcher. dunst's dmenu is a stand-in script: `dunstctl context` pipes
// it the context menu (one line per action, such as "#Snooze 5 min (Break time: 3 min)
// [1,snooze]"); it saves the menu and prints the line whose action key is in the file
// "want", which makes dunst invoke that action.
type desktop struct {
	t    *testing.T
	conn *dbus.Conn // the test's own connection to the session bus
	dir  string
}

// startDesktop starts Xvfb, a session bus and dunst, and a watcher when asked. It skips the
// test (fails it under CI=true) when a program is missing.
func startDesktop(t *testing.T, watcher bool) *desktop {
	t.Helper()
	// dunstctl calls dbus-send, and busctl (Debian package systemd) for `dunstctl history`.
	desktoptest.Need(t, "Xvfb", "dbus-daemon", "dunst", "dunstctl", "dbus-send", "busctl")
	if watcher {
		desktoptest.Need(t, "status-notifier-watcher")
	}
	desktoptest.Xvfb(t)
	d := &desktop{t: t, conn: desktoptest.SessionBus(t), dir: t.TempDir()}
	script := filepath.Join(d.dir, "pick-menu")
	body := fmt.Sprintf(`#!/bin/sh
cat > %[1]s/menu.tmp
want=$(cat %[1]s/want 2>/dev/null)
[ -n "$want" ] && grep -F ",$want]" %[1]s/menu.tmp | head -n 1
mv %[1]s/menu.tmp %[1]s/menu.txt
exit 0
`, d.dir)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	desktoptest.Dunst(t, d.conn, "[global]\n    dmenu = "+script+"\n")
	if watcher {
		desktoptest.Watcher(t, d.conn)
	}
	return d
}

// dunstctl runs dunstctl with args and returns its trimmed output.
func (d *desktop) dunstctl(args ...string) string {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, "dunstctl", args...).CombinedOutput()
	if err != nil {
		d.t.Fatalf("dunstctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// displayed is `dunstctl count displayed`: the notifications on screen.
func (d *desktop) displayed() int {
	d.t.Helper()
	s := d.dunstctl("count", "displayed")
	n, err := strconv.Atoi(s)
	if err != nil {
		d.t.Fatalf("dunstctl count displayed printed %q", s)
	}
	return n
}

// waitDisplayed polls dunst until it displays n notifications.
func (d *desktop) waitDisplayed(what string, n int) {
	d.t.Helper()
	eventually(d.t, what, waitFor, func() (bool, string) {
		got := d.displayed()
		return got == n, fmt.Sprintf("dunst displays %d notifications, want %d", got, n)
	})
}

// action is one line of dunst's context menu: an action of a displayed notification.
type action struct {
	Label, Summary, Key string
	ID                  int
}

// menuLine is "#Label (Summary) [id,key]"; the summary may hold parentheses itself.
var menuLine = regexp.MustCompile(`^#(.+?) \((.*)\) \[(\d+),([^\]]*)\]$`)

// menu opens dunst's context menu, invokes the action with key want ("" invokes none), and
// returns the actions dunst offered. dunst ignores a request for its menu while the dmenu of
// the previous one has not quite finished, so an unanswered request is made again.
func (d *desktop) menu(want string) []action {
	d.t.Helper()
	file := filepath.Join(d.dir, "menu.txt")
	if err := os.WriteFile(filepath.Join(d.dir, "want"), []byte(want), 0o644); err != nil {
		d.t.Fatal(err)
	}
	var b []byte
	var asked time.Time
	eventually(d.t, "dunst runs the stand-in dmenu with its context menu", waitFor, func() (bool, string) {
		if time.Since(asked) > 2*time.Second {
			_ = os.Remove(file)
			d.dunstctl("context")
			asked = time.Now()
		}
		var err error
		b, err = os.ReadFile(file)
		return err == nil, fmt.Sprint(err)
	})
	var acts []action
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		m := menuLine.FindStringSubmatch(l)
		if m == nil {
			continue // a URL, or nothing
		}
		id, _ := strconv.Atoi(m[3])
		acts = append(acts, action{Label: m[1], Summary: m[2], ID: id, Key: m[4]})
	}
	return acts
}

// historyEntry is one closed notification from `dunstctl history`.
type historyEntry struct {
	ID                           int64
	Summary, Body, App, Category string
}

// history returns dunst's history (closed notifications), newest first.
func (d *desktop) history() []historyEntry {
	d.t.Helper()
	var raw struct {
		Data [][]map[string]struct {
			Data json.RawMessage `json:"data"`
		} `json:"data"`
	}
	out := d.dunstctl("history")
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw.Data) != 1 {
		d.t.Fatalf("parse dunstctl history: %v\n%s", err, out)
	}
	var h []historyEntry
	for _, n := range raw.Data[0] {
		var e historyEntry
		for key, dst := range map[string]any{"id": &e.ID, "summary": &e.Summary, "body": &e.Body,
			"appname": &e.App, "category": &e.Category} {
			if err := json.Unmarshal(n[key].Data, dst); err != nil {
				d.t.Fatalf("dunstctl history: field %q: %v\n%s", key, err, out)
			}
		}
		h = append(h, e)
	}
	return h
}

// call makes one D-Bus method call with a timeout: some peers never answer.
func (d *desktop) call(dest string, path dbus.ObjectPath, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.conn.Object(dest, path).CallWithContext(ctx, method, 0, args...)
}

// pidOf returns the process id of the bus name's owner.
func (d *desktop) pidOf(name string) (uint32, error) {
	var pid uint32
	err := d.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetConnectionUnixProcessID", name).Store(&pid)
	return pid, err
}

// hasOwner says whether name has an owner on the bus.
func (d *desktop) hasOwner(name string) bool {
	var has bool
	err := d.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", name).Store(&has)
	return err == nil && has
}

// registeredItems is the watcher's RegisteredStatusNotifierItems.
func (d *desktop) registeredItems() ([]string, error) {
	var v dbus.Variant
	err := d.call("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
		"org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems").Store(&v)
	if err != nil {
		return nil, err
	}
	items, ok := v.Value().([]string)
	if !ok {
		return nil, fmt.Errorf("RegisteredStatusNotifierItems is a %s, want as", v.Signature())
	}
	return items, nil
}

// trayItem is a StatusNotifierItem on the bus.
type trayItem struct {
	d    *desktop
	name string          // its bus name (the unique one, as the watcher lists it)
	path dbus.ObjectPath // the item's object
}

// waitItem waits until the watcher lists an item of the process pid, and returns it. The
// watcher lists an item as "NAME" or "NAME/PATH"; NAME is a unique or well-known bus name.
func (d *desktop) waitItem(pid int) *trayItem {
	d.t.Helper()
	var it *trayItem
	eventually(d.t, fmt.Sprintf("the watcher lists a tray item of pid %d", pid), waitFor, func() (bool, string) {
		items, err := d.registeredItems()
		if err != nil {
			return false, err.Error()
		}
		for _, s := range items {
			name, path, found := strings.Cut(s, "/")
			p := dbus.ObjectPath("/StatusNotifierItem")
			if found {
				p = dbus.ObjectPath("/" + path)
			}
			if owner, err := d.pidOf(name); err == nil && int(owner) == pid {
				it = &trayItem{d: d, name: name, path: p}
				return true, ""
			}
		}
		return false, fmt.Sprintf("registered items %q", items)
	})
	return it
}

// pixmap is one picture of an SNI icon: ARGB32, network byte order.
type pixmap struct {
	W, H int32
	Data []byte
}

// itemProps are the StatusNotifierItem properties the tests read.
type itemProps struct {
	Title, Status string
	Tooltip       string // the tooltip's title (fyne.io/systray puts the whole text there)
	Icon          []pixmap
}

// props reads the item's properties with GetAll.
func (it *trayItem) props() (itemProps, error) {
	var all map[string]dbus.Variant
	if err := it.d.call(it.name, it.path, "org.freedesktop.DBus.Properties.GetAll", "org.kde.StatusNotifierItem").Store(&all); err != nil {
		return itemProps{}, fmt.Errorf("GetAll org.kde.StatusNotifierItem: %w", err)
	}
	var p itemProps
	var tip struct {
		Icon    string
		Pixmaps []pixmap
		Title   string
		Text    string
	}
	for key, dst := range map[string]any{"Title": &p.Title, "Status": &p.Status, "IconPixmap": &p.Icon, "ToolTip": &tip} {
		v, ok := all[key]
		if !ok {
			return p, fmt.Errorf("the item has no %s property (it has %v)", key, keys(all))
		}
		if err := v.Store(dst); err != nil {
			return p, fmt.Errorf("property %s (%s): %w", key, v.Signature(), err)
		}
	}
	p.Tooltip = tip.Title
	if tip.Text != "" {
		p.Tooltip += "\n" + tip.Text
	}
	return p, nil
}

func keys(m map[string]dbus.Variant) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// waitProps polls the item's properties until cond holds, and returns them.
func (it *trayItem) waitProps(what string, cond func(itemProps) bool) itemProps {
	it.d.t.Helper()
	var p itemProps
	eventually(it.d.t, what, waitFor, func() (bool, string) {
		var err error
		p, err = it.props()
		if err != nil {
			return false, err.Error()
		}
		return cond(p), fmt.Sprintf("%+v", summarize(p))
	})
	return p
}

// summarize shortens the icon for messages.
func summarize(p itemProps) string {
	var icons []string
	for _, px := range p.Icon {
		icons = append(icons, fmt.Sprintf("%dx%d/%d bytes", px.W, px.H, len(px.Data)))
	}
	return fmt.Sprintf("Title %q Status %q Tooltip %q Icon %v", p.Title, p.Status, p.Tooltip, icons)
}

// menuNode is one item of the dbusmenu layout.
type menuNode struct {
	ID               int32
	Label            string
	Enabled, Visible bool
	Children         []menuNode
}

// layout reads the whole menu with com.canonical.dbusmenu.GetLayout(0, -1, []).
func (it *trayItem) layout() (menuNode, error) {
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := it.d.call(it.name, it.path+"/menu", "com.canonical.dbusmenu.GetLayout", int32(0), int32(-1), []string{}).Store(&rev, &root)
	if err != nil {
		return menuNode{}, fmt.Errorf("GetLayout: %w", err)
	}
	return toNode(root.ID, root.Props, root.Children)
}

// toNode converts one (ia{sv}av) layout entry, and its children, recursively.
func toNode(id int32, props map[string]dbus.Variant, children []dbus.Variant) (menuNode, error) {
	n := menuNode{ID: id, Enabled: true, Visible: true}
	if v, ok := props["label"]; ok {
		n.Label, _ = v.Value().(string)
	}
	if v, ok := props["enabled"]; ok {
		n.Enabled, _ = v.Value().(bool)
	}
	if v, ok := props["visible"]; ok {
		n.Visible, _ = v.Value().(bool)
	}
	for _, c := range children {
		f, ok := c.Value().([]any)
		if !ok || len(f) != 3 {
			return n, fmt.Errorf("menu item %d: a child is %s, want (ia{sv}av)", id, c.Signature())
		}
		cid, ok1 := f[0].(int32)
		cprops, ok2 := f[1].(map[string]dbus.Variant)
		ckids, ok3 := f[2].([]dbus.Variant)
		if !ok1 || !ok2 || !ok3 {
			return n, fmt.Errorf("menu item %d: a child is %s, want (ia{sv}av)", id, c.Signature())
		}
		cn, err := toNode(cid, cprops, ckids)
		if err != nil {
			return n, err
		}
		n.Children = append(n.Children, cn)
	}
	return n, nil
}

// find returns the first node, depth first, whose label satisfies match.
func (n menuNode) find(match func(string) bool) (menuNode, bool) {
	if match(n.Label) {
		return n, true
	}
	for _, c := range n.Children {
		if f, ok := c.find(match); ok {
			return f, true
		}
	}
	return menuNode{}, false
}

// String lists the visible menu, one item a line, indented by depth.
func (n menuNode) String() string {
	var b strings.Builder
	var walk func(menuNode, int)
	walk = func(n menuNode, depth int) {
		if depth > 0 && n.Visible {
			state := ""
			if !n.Enabled {
				state = " (greyed)"
			}
			fmt.Fprintf(&b, "%s[%d] %q%s\n", strings.Repeat("  ", depth-1), n.ID, n.Label, state)
		}
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// click sends com.canonical.dbusmenu.Event(id, "clicked", "", 0), as a host does.
func (it *trayItem) click(id int32) {
	it.d.t.Helper()
	if err := it.d.call(it.name, it.path+"/menu", "com.canonical.dbusmenu.Event", id, "clicked", dbus.MakeVariant(""), uint32(0)).Err; err != nil {
		it.d.t.Fatalf("dbusmenu Event(%d, clicked): %v", id, err)
	}
}
