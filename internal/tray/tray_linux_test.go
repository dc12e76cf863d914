package tray_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image/png"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/deskbreak/deskbreak/internal/tray"
	"github.com/deskbreak/deskbreak/internal/tray/internal/art"
	"github.com/deskbreak/deskbreak/internal/tray/internal/fakectl"
	"github.com/deskbreak/deskbreak/internal/trayhost"
)

// systray.Run works once per process, so each test runs the tray in a child process: this
// test binary again, with DESKBREAK_TRAY_CHILD set to the fake controller's first state.
func TestMain(m *testing.M) {
	if st := os.Getenv("DESKBREAK_TRAY_CHILD"); st != "" {
		os.Exit(child(st))
	}
	os.Exit(m.Run())
}

// child runs the tray on the main goroutine against the fake controller. Lines on stdin:
// "state NAME" moves the fake, "quit" (or EOF) ends the run. Stdout gets "CALL ..." for each
// controller action, "QUIT" from OnQuit, and "RETURNED" when Run returns.
func child(state string) int {
	c, err := fakectl.New(state, time.Now, func(call string) { fmt.Println("CALL " + call) })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			line := sc.Text()
			if st, ok := strings.CutPrefix(line, "state "); ok {
				if err := c.Set(st); err != nil {
					fmt.Fprintln(os.Stderr, err)
				}
			}
			if line == "quit" {
				break
			}
		}
		cancel()
	}()
	tray.Run(ctx, c, tray.Options{
		Host:    trayhost.SNI{},
		Log:     slog.New(slog.NewTextHandler(os.Stderr, nil)),
		OnQuit:  func() { fmt.Println("QUIT") },
		Version: "test",
	})
	fmt.Println("RETURNED")
	return 0
}

// trayProc is a child running the tray.
type trayProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin *os.File
	name  string // its StatusNotifierItem bus name
	lines chan string
	done  chan struct{} // closed when the child has exited, with its error in err
	err   error

	mu     sync.Mutex
	stderr bytes.Buffer
}

func startTray(t *testing.T, state string, env ...string) *trayProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	// Under -race, the child reports races without failing by itself; checkRaces fails the
	// test for those that are not inside fyne.io/systray and godbus alone.
	cmd.Env = append(append(os.Environ(), "DESKBREAK_TRAY_CHILD="+state, "GORACE=exitcode=0"), env...)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = r
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &trayProc{t: t, cmd: cmd, stdin: w, lines: make(chan string, 100), done: make(chan struct{})}
	cmd.Stderr = writerFunc(func(b []byte) (int, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.stderr.Write(b)
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	p.name = fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", cmd.Process.Pid)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		w.Close()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-p.done
		}
		checkRaces(t, p.log())
		if t.Failed() {
			t.Logf("tray stderr:\n%s", p.log())
		}
	})
	return p
}

// checkRaces fails t for each data race in the child's log, but for races between two
// accesses both inside fyne.io/systray or godbus (known upstream races: the pixmap stored in
// place by prop.SetMust while a reply is encoded, and the delayed refresh of the first
// GetLayout), which it logs.
func checkRaces(t *testing.T, log string) {
	t.Helper()
	blocks := strings.Split(log, "WARNING: DATA RACE")
	for _, b := range blocks[1:] {
		upstream := true
		tops := 0
		lines := strings.Split(b, "\n")
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if (strings.HasPrefix(l, "Read at") || strings.HasPrefix(l, "Write at") || strings.HasPrefix(l, "Previous ")) && i+1 < len(lines) {
				tops++
				top := strings.TrimSpace(lines[i+1])
				if !strings.HasPrefix(top, "fyne.io/systray.") && !strings.HasPrefix(top, "github.com/godbus/dbus/") {
					upstream = false
				}
			}
		}
		if upstream && tops >= 2 {
			t.Logf("a data race inside fyne.io/systray or godbus (not ours):%s", b[:min(len(b), 600)])
			continue
		}
		t.Errorf("data race:%s", b)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

func (p *trayProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func (p *trayProc) send(line string) {
	p.t.Helper()
	if _, err := fmt.Fprintln(p.stdin, line); err != nil {
		p.t.Fatal(err)
	}
}

// expect waits for the child to print want.
func (p *trayProc) expect(want string) {
	p.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case l := <-p.lines:
			if l == want {
				return
			}
		case <-timeout:
			p.t.Fatalf("the tray did not print %q within 10s", want)
		}
	}
}

// eventually polls cond until it returns "" or 10 s pass; it reports the last complaint.
func eventually(t *testing.T, what string, cond func() string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msg := cond()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 10s: %s", what, msg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func call(conn *dbus.Conn, dest, path, method string, args ...any) *dbus.Call {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return conn.Object(dest, dbus.ObjectPath(path)).CallWithContext(ctx, method, 0, args...)
}

// item reads the StatusNotifierItem properties.
func item(t *testing.T, conn *dbus.Conn, name string) map[string]dbus.Variant {
	t.Helper()
	var props map[string]dbus.Variant
	if err := call(conn, name, "/StatusNotifierItem", "org.freedesktop.DBus.Properties.GetAll", "org.kde.StatusNotifierItem").Store(&props); err != nil {
		t.Fatalf("GetAll on %s: %v", name, err)
	}
	return props
}

func str(v dbus.Variant) string { s, _ := v.Value().(string); return s }

// tooltip is the ToolTip property's title.
func tooltip(v dbus.Variant) string {
	var tt struct {
		Icon    string
		Pixmaps []struct {
			W, H int32
			Pix  []byte
		}
		Title, Text string
	}
	if err := dbus.Store([]any{v.Value()}, &tt); err != nil {
		return "bad tooltip: " + err.Error()
	}
	return tt.Title
}

func pixmaps(t *testing.T, v dbus.Variant) []struct {
	W, H int32
	Pix  []byte
} {
	t.Helper()
	var px []struct {
		W, H int32
		Pix  []byte
	}
	if err := v.Store(&px); err != nil {
		t.Fatalf("IconPixmap %v: %v", v, err)
	}
	return px
}

// wantIcon is the IconPixmap the tray must send for state: the drawn icon, exactly.
func wantIcon(t *testing.T, state string) []byte {
	t.Helper()
	b, err := os.ReadFile("icons/sni/" + state + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return art.FyneARGB(img)
}

// node is one dbusmenu entry.
type node struct {
	ID       int32
	Props    map[string]dbus.Variant
	Children []node
}

func (n node) label() string { return str(n.Props["label"]) }

func (n node) enabled() bool {
	v, ok := n.Props["enabled"]
	if !ok {
		return true
	}
	b, _ := v.Value().(bool)
	return b
}

func (n node) find(label string) (node, bool) {
	for _, c := range n.Children {
		if c.label() == label {
			return c, true
		}
		if f, ok := c.find(label); ok {
			return f, true
		}
	}
	return node{}, false
}

func toNode(v []any) node {
	n := node{ID: v[0].(int32), Props: v[1].(map[string]dbus.Variant)}
	for _, c := range v[2].([]dbus.Variant) {
		n.Children = append(n.Children, toNode(c.Value().([]any)))
	}
	return n
}

// layout reads the whole menu with com.canonical.dbusmenu.GetLayout.
func layout(t *testing.T, conn *dbus.Conn, name string) node {
	t.Helper()
	c := call(conn, name, "/StatusNotifierItem/menu", "com.canonical.dbusmenu.GetLayout", int32(0), int32(-1), []string{})
	if c.Err != nil {
		t.Fatalf("GetLayout: %v", c.Err)
	}
	if len(c.Body) != 2 {
		t.Fatalf("GetLayout returned %d values", len(c.Body))
	}
	return toNode(c.Body[1].([]any))
}

func registered(t *testing.T, conn *dbus.Conn, name string) string {
	t.Helper()
	var owner string
	if err := call(conn, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetNameOwner", name).Store(&owner); err != nil {
		return err.Error()
	}
	v, err := conn.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").GetProperty("org.kde.StatusNotifierWatcher.RegisteredStatusNotifierItems")
	if err != nil {
		return err.Error()
	}
	items, _ := v.Value().([]string)
	for _, it := range items {
		if it == owner || it == name || strings.HasPrefix(it, owner+"/") || strings.HasPrefix(it, name+"/") {
			return ""
		}
	}
	return fmt.Sprintf("watcher lists %q, not %s (%s)", items, name, owner)
}

// itemSignals delivers the item's change signals (NewIcon, NewTitle, NewToolTip) by member.
// Reading the item's properties while the tray sets one is a data race inside
// fyne.io/systray and godbus (see run.go), so the tests read only after the signal of the
// last change.
func itemSignals(t *testing.T, conn *dbus.Conn) <-chan string {
	t.Helper()
	for _, iface := range []string{"org.kde.StatusNotifierItem", "com.canonical.dbusmenu"} {
		if err := conn.AddMatchSignal(dbus.WithMatchInterface(iface)); err != nil {
			t.Fatal(err)
		}
	}
	ch := make(chan *dbus.Signal, 50)
	conn.Signal(ch)
	out := make(chan string, 50)
	go func() {
		for sig := range ch {
			if i := strings.LastIndex(sig.Name, "."); i >= 0 {
				out <- sig.Name[i+1:]
			}
		}
	}()
	t.Cleanup(func() { conn.RemoveSignal(ch); close(ch) })
	return out
}

func waitSignal(t *testing.T, sigs <-chan string, member string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-sigs:
			if m == member {
				return
			}
		case <-timeout:
			t.Fatalf("no %s signal within 10s", member)
		}
	}
}

func TestTrayOverDBus(t *testing.T) {
	conn := desktoptest.SessionBus(t)
	desktoptest.Watcher(t, conn)
	sigs := itemSignals(t, conn)
	p := startTray(t, "working")
	desktoptest.WaitName(t, conn, p.name, 10*time.Second)
	waitSignal(t, sigs, "NewTitle") // the title is set a second after start
	eventually(t, "the item is registered with the watcher", func() string { return registered(t, conn, p.name) })

	// The item: title and tooltip say when the next break is, the icon is the working one.
	eventually(t, "title and tooltip show the countdown", func() string {
		props := item(t, conn, p.name)
		title, tip := str(props["Title"]), tooltip(props["ToolTip"])
		if !strings.HasPrefix(title, "Next break ") || !strings.HasSuffix(title, " (in about 25 min)") || tip != title {
			return fmt.Sprintf("title %q, tooltip %q", title, tip)
		}
		return ""
	})
	props := item(t, conn, p.name)
	if got := str(props["Id"]); got != "deskbreak" {
		t.Errorf("Id = %q, want deskbreak", got)
	}
	if got := str(props["Status"]); got != "Active" {
		t.Errorf("Status = %q, want Active", got)
	}
	px := pixmaps(t, props["IconPixmap"])
	if len(px) != 1 || px[0].W != art.TraySize || px[0].H != art.TraySize || !bytes.Equal(px[0].Pix, wantIcon(t, "working")) {
		t.Errorf("IconPixmap is not the working icon (%d pixmaps)", len(px))
	}

	// The menu: the first GetLayout of fyne.io/systray stops at depth 1 and sends
	// LayoutUpdated 150 ms later, from a goroutine that races with a GetLayout then (a data
	// race inside fyne.io/systray), so read again after that signal.
	layout(t, conn, p.name)
	waitSignal(t, sigs, "LayoutUpdated")
	var menu node
	eventually(t, "the menu has its snooze choices", func() string {
		menu = layout(t, conn, p.name)
		if _, ok := menu.find("15 min"); !ok {
			return "no 15 min item"
		}
		return ""
	})
	for label, enabled := range map[string]bool{"Start break now": true, "Snooze": false, "Skip this break": false, "Quit deskbreak": true} {
		n, ok := menu.find(label)
		if !ok {
			t.Errorf("menu lacks %q", label)
		} else if n.enabled() != enabled {
			t.Errorf("%q enabled = %v, want %v", label, n.enabled(), enabled)
		}
	}

	// A new snapshot changes the item at once.
	p.send("state due")
	waitSignal(t, sigs, "NewToolTip")
	eventually(t, "the tooltip shows the due break", func() string {
		props := item(t, conn, p.name)
		tip := tooltip(props["ToolTip"])
		if tip != "Break due (2 min)\nNeck (1 min)\nShoulders (1 min)" || str(props["Title"]) != "Break due (2 min)" {
			return fmt.Sprintf("tooltip %q", tip)
		}
		if px := pixmaps(t, props["IconPixmap"]); len(px) != 1 || !bytes.Equal(px[0].Pix, wantIcon(t, "due")) {
			return "the icon is not the due one"
		}
		return ""
	})
	var snooze15 node
	eventually(t, "Snooze is enabled and says how many are left", func() string {
		menu = layout(t, conn, p.name)
		s, ok := menu.find("Snooze (2 left)")
		if !ok || !s.enabled() {
			return fmt.Sprintf("snooze item %v (found %v)", s.Props, ok)
		}
		if snooze15, ok = s.find("15 min"); !ok {
			return "no 15 min under Snooze"
		}
		return ""
	})

	// Click Snooze > 15 min as a host does.
	if c := call(conn, p.name, "/StatusNotifierItem/menu", "com.canonical.dbusmenu.Event", snooze15.ID, "clicked", dbus.MakeVariant(""), uint32(0)); c.Err != nil {
		t.Fatalf("Event clicked: %v", c.Err)
	}
	p.expect("CALL Snooze 15m0s")
	waitSignal(t, sigs, "NewToolTip")
	eventually(t, "the title shows the snooze", func() string {
		if title := str(item(t, conn, p.name)["Title"]); !strings.HasPrefix(title, "Snoozed until ") {
			return fmt.Sprintf("title %q", title)
		}
		return ""
	})

	// A click on a disabled item does nothing.
	menu = layout(t, conn, p.name)
	if done, ok := menu.find("Done"); !ok {
		t.Error("menu lacks Done")
	} else {
		_ = call(conn, p.name, "/StatusNotifierItem/menu", "com.canonical.dbusmenu.Event", done.ID, "clicked", dbus.MakeVariant(""), uint32(0))
	}

	// Quit calls OnQuit and ends Run.
	quit, ok := menu.find("Quit deskbreak")
	if !ok {
		t.Fatal("menu lacks Quit deskbreak")
	}
	// The tray may leave the bus before its reply to this click is out: both are fine.
	if c := call(conn, p.name, "/StatusNotifierItem/menu", "com.canonical.dbusmenu.Event", quit.ID, "clicked", dbus.MakeVariant(""), uint32(0)); c.Err != nil && !strings.Contains(c.Err.Error(), "disconnected") {
		t.Fatalf("Event clicked: %v", c.Err)
	}
	for _, want := range []string{"QUIT", "RETURNED"} {
		select {
		case l := <-p.lines:
			if l != want {
				t.Errorf("the tray printed %q, want %q (a disabled Done must not call the controller)", l, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the tray did not print %q", want)
		}
	}
	select {
	case <-p.done:
		if p.err != nil {
			t.Errorf("the tray exited with %v", p.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the tray did not exit after Quit")
	}
}

func TestTrayHostStartsLate(t *testing.T) {
	conn := desktoptest.SessionBus(t)
	sigs := itemSignals(t, conn)
	p := startTray(t, "paused")
	desktoptest.WaitName(t, conn, p.name, 10*time.Second)
	waitSignal(t, sigs, "NewTitle")
	eventually(t, "the tray logs one hint", func() string {
		if !strings.Contains(p.log(), "no tray host is running") {
			return "no hint in its log"
		}
		return ""
	})
	desktoptest.Watcher(t, conn)
	eventually(t, "the item registers with the late watcher", func() string { return registered(t, conn, p.name) })
	if n := strings.Count(p.log(), "no tray host is running"); n != 1 {
		t.Errorf("the hint was logged %d times, want once", n)
	}
	if title := str(item(t, conn, p.name)["Title"]); !strings.HasPrefix(title, "Paused until tomorrow ") {
		t.Errorf("title = %q", title)
	}
	p.send("quit")
	p.expect("RETURNED")
}

func TestTrayWithoutSessionBus(t *testing.T) {
	desktoptest.Need(t, "dbus-daemon") // a machine without D-Bus cannot start one either
	p := startTray(t, "working", "DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/nobus", "XDG_RUNTIME_DIR="+t.TempDir())
	eventually(t, "the tray logs why there is no icon", func() string {
		if !strings.Contains(p.log(), "no tray icon: no session D-Bus") {
			return "log: " + p.log()
		}
		return ""
	})
	// It keeps running until told to stop, then returns cleanly.
	select {
	case <-p.done:
		t.Fatalf("the tray exited without a bus: %v", p.err)
	case <-time.After(300 * time.Millisecond):
	}
	p.send("quit")
	p.expect("RETURNED")
	if slices.Contains(strings.Split(p.log(), "\n"), "panic") {
		t.Errorf("log has a panic:\n%s", p.log())
	}
}
