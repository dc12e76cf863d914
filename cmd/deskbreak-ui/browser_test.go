package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// These tests run the real programs: a deskbreak daemon and deskbreak-ui, each with a
// private XDG environment, and drive the pages in Debian's chromium, headless.

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds deskbreak and deskbreak-ui once per test run.
func binaries(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "deskbreak-ui-test-")
		if buildErr != nil {
			return
		}
		for _, pkg := range []string{"../deskbreak", "."} {
			out, err := exec.Command("go", "build", "-o", binDir, pkg).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// session is a running daemon and UI, and a browser logged in to the UI.
type session struct {
	t       *testing.T
	env     []string
	bin     string
	cfgPath string
	base    string // http://127.0.0.1:PORT
	url     string // the one-time URL the UI printed
	ctx     context.Context
}

// testConfig has work hours all day every day, so that the plan has something in it.
const testConfig = `[work_hours]
mon = ["00:00-24:00"]
tue = ["00:00-24:00"]
wed = ["00:00-24:00"]
thu = ["00:00-24:00"]
fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = ["00:00-24:00"]

[breaks.exercise]
every = "1h"
duration = "2m"

[ui]
break_window = false
`

// start runs a daemon (with cfg as its config file) and a UI, and opens a headless
// chromium on page.
func start(t *testing.T, cfg, page string) *session {
	t.Helper()
	return startWith(t, cfg, "", page)
}

// dueState is a daemon state file in which the exercise break has been due for 10 s.
func dueState(now time.Time) string {
	due := now.Add(-10 * time.Second).UTC().Format(time.RFC3339)
	return fmt.Sprintf(`{"version": 1, "scheduler": {"rules": {"exercise": {"since": %q}}, "pending": {"rule": "exercise", "due_at": %q, "shown": %q}, "last_seen": %q}}`,
		due, due, due, now.UTC().Format(time.RFC3339))
}

// startWith is start with state (when not "") as the daemon's state file.
func startWith(t *testing.T, cfg, state, page string) *session {
	t.Helper()
	desktoptest.Need(t, "chromium")
	bin := binaries(t)
	root := t.TempDir()
	s := &session{t: t, bin: bin}
	dirs := map[string]string{}
	for _, k := range []string{"XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"} {
		dirs[k] = filepath.Join(root, strings.ToLower(k))
		os.MkdirAll(dirs[k], 0o700)
		s.env = append(s.env, k+"="+dirs[k])
	}
	s.env = append(s.env, "PATH="+os.Getenv("PATH"), "TZ=UTC")
	s.cfgPath = filepath.Join(dirs["XDG_CONFIG_HOME"], "deskbreak", "config.toml")
	os.MkdirAll(filepath.Dir(s.cfgPath), 0o755)
	if err := os.WriteFile(s.cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if state != "" {
		dir := filepath.Join(dirs["XDG_STATE_HOME"], "deskbreak")
		os.MkdirAll(dir, 0o700)
		if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(state), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.background(exec.Command(filepath.Join(bin, "deskbreak"), "run"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := s.cli("status"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the daemon did not answer within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	ui := exec.Command(filepath.Join(bin, "deskbreak-ui"), "--no-open", page)
	out, err := ui.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.background(ui)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read the UI's URL: %v", err)
	}
	s.url = strings.TrimSpace(line)
	s.base = s.url[:strings.Index(s.url, "/auth")]

	s.ctx = browser(t, filepath.Join(root, "chromium"))
	s.run(chromedp.Navigate(s.url), chromedp.WaitVisible(chromedp.CSS("#main")))
	return s
}

// browser starts a headless chromium with its profile in dir, for the rest of the test.
func browser(t *testing.T, dir string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()), chromedp.NoSandbox, chromedp.Headless,
		chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 800))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

func chromiumPath() string {
	p, _ := exec.LookPath("chromium")
	return p
}

// background starts cmd in the session's environment and stops it when the test ends.
func (s *session) background(cmd *exec.Cmd) {
	s.t.Helper()
	cmd.Env = s.env
	cmd.Stderr = &logWriter{t: s.t, prefix: filepath.Base(cmd.Path)}
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
}

// logWriter passes a program's log to the test's, while the test runs.
type logWriter struct {
	t      *testing.T
	prefix string
}

func (w *logWriter) Write(p []byte) (int, error) {
	if testing.Verbose() {
		w.t.Logf("%s: %s", w.prefix, strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// cli runs "deskbreak ARGS" in the session's environment.
func (s *session) cli(args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(s.bin, "deskbreak"), args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// status is "deskbreak status --json".
func (s *session) status() map[string]any {
	s.t.Helper()
	out, err := s.cli("status", "--json")
	if err != nil {
		s.t.Fatalf("status: %v\n%s", err, out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		s.t.Fatalf("status --json: %v\n%s", err, out)
	}
	return m
}

func (s *session) run(actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, actions...); err != nil {
		s.t.Fatal(err)
	}
}

// text returns the text of the element sel (a CSS selector).
func (s *session) text(sel string) string {
	s.t.Helper()
	out, err := chromedp.Run(s.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", sel, err)
	}
	return out
}

// scheme emulates prefers-color-scheme: dark or light.
func scheme(dark bool) chromedp.Action[chromedp.Void] {
	v := "light"
	if dark {
		v = "dark"
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}})
		return err
	})
}

// shoot saves a screenshot of the page as it is, when DESKBREAK_SHOTS names a directory.
func (s *session) shoot(name string, w, h int64, dark bool) { s.capture(name, "", w, h, dark, false) }

// shootAt saves a screenshot of the page w by h, scrolled to the element sel, as shoot does.
func (s *session) shootAt(name, sel string, w, h int64, dark bool) {
	s.capture(name, sel, w, h, dark, false)
}

// shootFull saves a screenshot of the whole page, w wide, as shoot does.
func (s *session) shootFull(name string, w, h int64, dark bool) {
	s.capture(name, "", w, h, dark, true)
}

// capture is shoot, shootAt and shootFull: a viewport of w by h in the light or dark
// scheme, scrolled to sel when it is not "", and the viewport or the whole page.
func (s *session) capture(name, sel string, w, h int64, dark, full bool) {
	s.t.Helper()
	dir := os.Getenv("DESKBREAK_SHOTS")
	if dir == "" {
		return
	}
	mode, suffix := "light", ""
	if dark {
		mode = "dark"
	}
	s.run(chromedp.EmulateViewport(w, h), scheme(dark), chromedp.Sleep(300*time.Millisecond))
	if sel != "" {
		s.run(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView()`, sel)), chromedp.Sleep(100*time.Millisecond))
	}
	var png []byte
	var err error
	if full {
		png, err = chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
		suffix = "-full"
	} else {
		png, err = chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%dx%d%s.png", name, mode, w, h, suffix)), png, 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func TestBrowserBreak(t *testing.T) {
	s := start(t, testConfig, "break")
	// Nothing is due: the page says so and offers a break now.
	s.run(chromedp.WaitVisible(chromedp.ID("b-startnow")))
	s.shoot("break-idle", 1280, 800, false)
	s.run(chromedp.Click(chromedp.ID("b-startnow")), chromedp.WaitVisible(chromedp.ID("buttons-run")))
	started := time.Now()
	if st := s.status(); st["state"] != "in_break" {
		t.Fatalf("after Take a break now: state %v, want in_break", st["state"])
	}
	// The countdown runs.
	first := s.text("#break-left")
	s.run(chromedp.Sleep(2200 * time.Millisecond))
	second := s.text("#break-left")
	if first == second || !strings.Contains(second, ":") {
		t.Errorf("the countdown did not move: %q then %q", first, second)
	}
	if s.text("#ex-title") == "" || s.text("#ex-steps") == "" {
		t.Error("no exercise shown during the break")
	}
	for _, dark := range []bool{false, true} {
		s.shoot("break-running", 1280, 800, dark)
		s.shoot("break-running", 800, 600, dark)
	}
	s.run(scheme(false), chromedp.EmulateViewport(1280, 800))
	// Enter is Done, once the break has run for 5 s.
	time.Sleep(time.Until(started.Add(5500 * time.Millisecond)))
	s.run(chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.ID("finished")))
	if got := s.text("#finished h1"); got != "Break done" {
		t.Errorf("after Done the page says %q, want Break done", got)
	}
	// Under it what the daemon said, not the stale "Break started".
	if got := s.waitText("#done-line", "Break done after"); strings.Contains(s.text("#msg"), "started") {
		t.Errorf("after Done the page says %q and %q", got, s.text("#msg"))
	}
	for _, dark := range []bool{false, true} {
		s.shoot("break-done", 1280, 800, dark)
		s.shoot("break-done", 800, 600, dark)
	}
	if st := s.status(); st["state"] == "in_break" {
		t.Errorf("after Done: state %v, want the break over", st["state"])
	}
}

func TestBrowserReplayedTokenRefused(t *testing.T) {
	s := start(t, testConfig, "break")
	// A second browser (another user) with the same link, which the first one used.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()), chromedp.NoSandbox, chromedp.Headless, chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	defer cancel3()
	text := func(url string) string {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		out, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	replay, direct := text(s.url), text(s.base+"/settings")
	if !strings.Contains(replay, "used already") {
		t.Errorf("a replayed link shows %q, want a refusal", replay)
	}
	if !strings.Contains(direct, "not logged in") {
		t.Errorf("a page without the cookie shows %q, want a refusal", direct)
	}
	// A cross-origin page's POST: the browser sends its own Origin.
	js := fmt.Sprintf(`fetch(%q, {method: "POST", mode: "no-cors", body: new URLSearchParams({action: "start"}), credentials: "include"}).then(r => 0).catch(() => -1)`, s.base+"/action")
	s.run(chromedp.Navigate("data:text/html,<p>elsewhere</p>"))
	status, err := chromedp.Run(s.ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if st := s.status(); st["state"] == "in_break" {
		t.Errorf("a cross-origin POST started a break (fetch status %d)", status)
	}
}

// setValue replaces the value of the input sel and tells the page, as typing would.
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q; el.dispatchEvent(new Event("input", {bubbles: true})); })()`, sel, value)
	return chromedp.Evaluate[chromedp.Void](js)
}

// count returns how many elements match sel.
func (s *session) count(sel string) int {
	s.t.Helper()
	n, err := chromedp.Run(s.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		s.t.Fatalf("count of %s: %v", sel, err)
	}
	return n
}

// value returns the value of the input sel.
func (s *session) value(sel string) string {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).value`, sel)))
	if err != nil {
		s.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// waitText waits until the text of sel contains want, and returns it.
func (s *session) waitText(sel, want string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel)))
		if err == nil && strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s says %q, want %q in it", sel, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserSettings(t *testing.T) {
	s := start(t, testConfig, "settings")
	s.run(chromedp.WaitVisible(chromedp.ID("wh-mon-1-start")))
	s.waitText("#preview", "planned in")
	// The script drops the spare empty rows of days that have hours: one row per range.
	if n := s.count(`.day[data-day="mon"] li.range`); n != 1 {
		t.Errorf("Monday shows %d rows, want 1 (00:00-24:00)", n)
	}
	for _, dark := range []bool{false, true} {
		s.shoot("settings", 1280, 800, dark)
		s.shoot("settings", 800, 600, dark)
		s.shootFull("settings", 800, 600, dark)
		s.shootAt("settings-snooze", "#dnd-enabled", 800, 600, dark)
		s.shootAt("settings-exclude", "#ui-browser", 1280, 800, dark)
	}
	s.run(scheme(false), chromedp.EmulateViewport(1280, 800))
	orig, err := os.ReadFile(s.cfgPath)
	if err != nil {
		t.Fatal(err)
	}

	// An invalid range: its message at its field, in the checker's words; Save writes nothing.
	s.run(setValue("#wh-mon-1-start", "13:00"), setValue("#wh-mon-1-end", "12:00"))
	msg := s.waitText(".field .err", "end")
	if !strings.Contains(msg, "13:00-12:00") {
		t.Errorf("the message at Monday is %q, want it to name the bad range", msg)
	}
	// The preview does not pass for the plan of the form as it stands: it says so and
	// greys the last good plan.
	if !s.visible("#preview-stale") || s.visible("#preview-note") || s.count("#preview.stale") != 1 {
		t.Error("with a problem in the form the preview does not say it shows older settings")
	}
	s.shoot("settings-error", 1280, 800, false)
	s.shoot("settings-error", 800, 600, true)
	s.run(scheme(false), chromedp.EmulateViewport(1280, 800))
	s.run(chromedp.Click(chromedp.ID("save")))
	s.waitText("#save-msg", "Nothing was saved")
	if now, _ := os.ReadFile(s.cfgPath); string(now) != string(orig) {
		t.Errorf("an invalid form changed the file:\n%s", now)
	}
	if _, err := os.Stat(s.cfgPath + ".bak"); err == nil {
		t.Error("an invalid form wrote config.toml.bak")
	}

	// Overlapping ranges: the checker's words at Monday, nothing written.
	s.run(setValue("#wh-mon-1-start", "08:00"), setValue("#wh-mon-1-end", "12:00"))
	s.run(chromedp.Click(chromedp.CSS(`.day[data-day="mon"] .add-range`)))
	s.run(setValue("#wh-mon-2-start", "11:00"), setValue("#wh-mon-2-end", "13:00"))
	msg = s.waitText(`.day[data-day="mon"] .err`, "overlap")
	if !strings.Contains(msg, "11:00-13:00") {
		t.Errorf("the overlap message at Monday is %q, want it to name the range", msg)
	}
	s.run(chromedp.Click(chromedp.ID("save")))
	s.waitText("#save-msg", "Nothing was saved")
	if now, _ := os.ReadFile(s.cfgPath); string(now) != string(orig) {
		t.Errorf("overlapping ranges changed the file:\n%s", now)
	}

	// Monday's hours through the grid: fix the second range, add a third, remove it again;
	// copy Monday to the weekdays; a holiday (today, so that the daemon's status shows it);
	// then Save.
	s.run(setValue("#wh-mon-2-start", "13:00"), setValue("#wh-mon-2-end", "17:30"))
	s.run(chromedp.Click(chromedp.CSS(`.day[data-day="mon"] .add-range`)))
	s.run(setValue("#wh-mon-3-start", "19:00"), setValue("#wh-mon-3-end", "20:00"))
	if n := s.count(`.day[data-day="mon"] li.range`); n != 3 {
		t.Errorf("after Add range twice Monday shows %d rows, want 3", n)
	}
	s.run(chromedp.Click(chromedp.CSS(`.day[data-day="mon"] li.range:nth-child(3) .remove-range`)))
	if n := s.count(`.day[data-day="mon"] li.range`); n != 2 {
		t.Errorf("after Remove Monday shows %d rows, want 2", n)
	}
	s.run(chromedp.Click(chromedp.ID("copy-monday")))
	if got := s.value("#wh-fri-2-end"); got != "17:30" {
		t.Errorf("after Copy Monday to weekdays Friday's second range ends at %q, want 17:30", got)
	}
	today := time.Now().UTC().Format("2006-01-02")
	s.run(setValue("#holidays", today))
	s.waitText("#preview", "planned in")
	if n := s.count(".field .err"); n != 0 {
		t.Errorf("a valid form shows %d problems", n)
	}
	if s.visible("#preview-stale") || s.count("#preview.stale") != 0 {
		t.Error("with the problems fixed the preview still says it shows older settings")
	}
	s.run(chromedp.Click(chromedp.ID("save")))
	s.waitText("#save-msg", "Saved")
	data, err := os.ReadFile(s.cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`mon = ["08:00-12:00", "13:00-17:30"]`, `fri = ["08:00-12:00", "13:00-17:30"]`, `sat = ["00:00-24:00"]`, `holidays = ["` + today + `"]`, "# deskbreak settings."} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the saved file lacks %q:\n%s", want, data)
		}
	}
	if bak, _ := os.ReadFile(s.cfgPath + ".bak"); string(bak) != string(orig) {
		t.Errorf("config.toml.bak is not the previous file:\n%s", bak)
	}
	if out, err := s.cli("config", "check"); err != nil {
		t.Errorf("config check of the saved file: %v\n%s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.status()["today_hours"] != "holiday" {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon's status says today_hours %v, want holiday", s.status()["today_hours"])
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The file changes on disk behind the page's back: Save refuses and offers to reload.
	changed := strings.Replace(string(data), "13:00-17:30", "13:00-18:00", 1)
	if err := os.WriteFile(s.cfgPath, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	s.run(setValue("#snooze-limit", "2"))
	s.run(chromedp.Click(chromedp.ID("save")))
	s.waitText("#save-msg", "changed on disk")
	s.run(chromedp.WaitVisible(chromedp.ID("reload")))
	if now, _ := os.ReadFile(s.cfgPath); string(now) != changed {
		t.Error("Save overwrote a file that changed on disk")
	}
}

// stateDir is the session's history directory.
func (s *session) stateDir() string {
	for _, kv := range s.env {
		if v, ok := strings.CutPrefix(kv, "XDG_STATE_HOME="); ok {
			return filepath.Join(v, "deskbreak")
		}
	}
	s.t.Fatal("no XDG_STATE_HOME")
	return ""
}

func TestBrowserEveryPage(t *testing.T) {
	s := start(t, testConfig, "break")
	writeHistory(t, s.stateDir(), time.Now(), 95, 7)
	pages := []struct{ path, ready, says string }{
		{"/break", "#b-startnow", "Take a break now"},
		{"/settings", "#wh-mon-1-start", "Work hours"},
		{"/stats", "ol.top", "Breaks taken"},
		{"/stats?days=30", "svg.chart", "Breaks taken"},
		{"/stats?days=90", "svg.chart", "Breaks taken"},
		{"/exercises", "#search", "Never suggest this one"},
	}
	for _, p := range pages {
		s.run(chromedp.Navigate(s.base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		if got := s.text("main"); !strings.Contains(got, p.says) {
			t.Errorf("%s says %.300q, want %q", p.path, got, p.says)
		}
		// Every input has a label.
		unlabelled, err := chromedp.Run(s.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map(e => e.name || e.id)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(unlabelled) > 0 {
			t.Errorf("%s: inputs without a label: %v", p.path, unlabelled)
		}
		// At 800x600 the page fits the window: no sideways scrolling.
		s.run(chromedp.EmulateViewport(800, 600), chromedp.Sleep(100*time.Millisecond))
		widths, err := chromedp.Run(s.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if err != nil {
			t.Fatal(err)
		}
		if widths[0] > widths[1] {
			t.Errorf("%s at 800x600 is %d px wide in a %d px window", p.path, widths[0], widths[1])
		}
		s.run(chromedp.EmulateViewport(1280, 800))
		name := strings.NewReplacer("/", "", "?days=", "-").Replace(p.path)
		if strings.HasPrefix(p.path, "/stats") || p.path == "/exercises" {
			for _, dark := range []bool{false, true} {
				s.shoot(name, 1280, 800, dark)
				s.shoot(name, 800, 600, dark)
			}
			if strings.HasPrefix(p.path, "/stats") {
				s.shootFull(name, 800, 600, true)
			}
			s.run(scheme(false), chromedp.EmulateViewport(1280, 800))
		}
		if p.path == "/stats" {
			s.run(chromedp.ScrollIntoView("ol.top"))
			if got := s.text("ol.top"); !strings.Contains(got, "Chin tuck") {
				t.Errorf("the exercises done most are %q, want Chin tuck among them", got)
			}
			s.shoot("stats-top", 1280, 800, false)
		}
	}

	// The exercises: search narrows the list; a toggle writes tips.exclude.
	s.run(setValue("#search", "chin tuck"))
	s.waitText("#search-count", "match")
	visible, err := chromedp.Run(s.ctx, chromedp.Evaluate[int](`document.querySelectorAll("article.ex:not([hidden])").length`))
	if err != nil || visible < 1 || visible > 3 {
		t.Errorf("searching chin tuck shows %d exercises (%v), want 1 to 3", visible, err)
	}
	id, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.querySelector("article.ex:not([hidden]) input.exclude").value`))
	if err != nil {
		t.Fatal(err)
	}
	s.run(chromedp.Click(chromedp.CSS("article.ex:not([hidden]) input.exclude")))
	s.waitText("#ex-msg", "Excluded "+id)
	data, _ := os.ReadFile(s.cfgPath)
	if !strings.Contains(string(data), `exclude = ["`+id+`"]`) {
		t.Errorf("the config does not exclude %s:\n%s", id, data)
	}
	s.run(chromedp.Click(chromedp.CSS("article.ex:not([hidden]) input.exclude")))
	s.waitText("#ex-msg", "Included "+id)
	data, _ = os.ReadFile(s.cfgPath)
	if !strings.Contains(string(data), "exclude = []") {
		t.Errorf("the config still excludes %s:\n%s", id, data)
	}
	if out, err := s.cli("config", "check"); err != nil {
		t.Errorf("config check: %v\n%s", err, out)
	}

	// "Do this now" starts a break with that exercise and shows the break page.
	s.run(chromedp.Click(chromedp.CSS("article.ex:not([hidden]) button.do-now")), chromedp.WaitVisible(chromedp.ID("buttons-run")))
	if got := s.text("#ex-title"); got == "" {
		t.Error("the break page shows no exercise after Do this now")
	}
	st := s.status()
	exs, _ := st["exercises"].([]any)
	if st["state"] != "in_break" || len(exs) != 1 || !strings.Contains(fmt.Sprint(exs[0]), id) {
		t.Errorf("after Do this now: state %v, exercises %v; want in_break with %s", st["state"], exs, id)
	}
}

func TestBrowserDueEnterTwice(t *testing.T) {
	s := startWith(t, testConfig, dueState(time.Now()), "break")
	s.run(chromedp.WaitVisible(chromedp.ID("buttons-due")))
	// The whole break is the break's 2 min, however much of it the exercises fill.
	if got := s.text("#break-left"); got != "2:00" {
		t.Errorf("the due page's whole break is %q, want 2:00 as the notification says", got)
	}
	if got, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById("ring-text").textContent`)); got != "2:00" {
		t.Errorf("the due page's ring says %q, want 2:00", got)
	}
	for _, dark := range []bool{false, true} {
		s.shoot("break-due", 1280, 800, dark)
		s.shoot("break-due", 800, 600, dark)
	}
	s.run(scheme(false), chromedp.EmulateViewport(1280, 800))
	// Enter is Start; a second Enter straight after must not end the break (Enter is Done
	// on a running break), nor a held one.
	s.run(chromedp.KeyEvent("\r"), chromedp.KeyEvent("\r"))
	s.run(chromedp.WaitVisible(chromedp.ID("buttons-run")))
	s.run(chromedp.KeyEvent("\r"), chromedp.Sleep(500*time.Millisecond))
	if st := s.status(); st["state"] != "in_break" {
		t.Fatalf("after Enter, Enter: state %v, want in_break", st["state"])
	}
	s.waitText("#msg", "just started")
	s.shoot("break-enter-ignored", 800, 600, false)
	if !s.visible("#active") || s.visible("#finished") {
		t.Error("after Enter, Enter the page does not show the running break")
	}
}

// visible tells whether the element sel is shown.
func (s *session) visible(sel string) bool {
	s.t.Helper()
	ok, err := chromedp.Run(s.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && !e.closest("[hidden]") && e.getClientRects().length > 0; })()`, sel)))
	if err != nil {
		s.t.Fatalf("visible %s: %v", sel, err)
	}
	return ok
}

func TestBrowserExercisesDone(t *testing.T) {
	desktoptest.Need(t, "chromium")
	// A 2 min break that started 1:48 ago, whose two exercises filled 1:30 of it.
	now := time.Now()
	ex := func(id, title string) api.Exercise {
		return api.Exercise{ID: id, Title: title, Duration: 45 * time.Second, Steps: []string{"Do " + title + "."}}
	}
	f := &fakeDaemon{snap: snapshot{
		Now: now,
		Status: scheduler.Status{State: scheduler.StateInBreak,
			Active: &scheduler.Active{Rule: "exercise", Start: now.Add(-108 * time.Second), End: now.Add(12 * time.Second)}},
		Exercises: []api.Exercise{ex("chin-tuck", "Chin tuck"), ex("shoulder-rolls", "Shoulder rolls")},
	}}
	u, _ := testServer(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go u.watch(ctx, time.Second)
	s := &session{t: t, ctx: browser(t, t.TempDir())}
	s.run(chromedp.Navigate(u.g.URL("/break")), chromedp.WaitVisible(chromedp.ID("buttons-run")))
	s.waitText("#ex-title", "Exercises done")
	// What the notification says for the rest of the break, the time left of it, and no
	// exercise's countdown nor Next.
	if got := s.text("#ex-next"); got != exercisesDoneHint {
		t.Errorf("the page says %q, want the notification's %q", got, exercisesDoneHint)
	}
	if got := s.text("#break-left"); got < "0:08" || got > "0:14" {
		t.Errorf("the break has %q left, want about 0:12", got)
	}
	if got := s.text("#ex-count"); got != "2 exercises done" {
		t.Errorf("the count says %q, want 2 exercises done", got)
	}
	if s.visible("#ex-left-line") || s.visible("#b-next") || !s.visible("#b-done") || !s.visible("#b-skip") {
		t.Errorf("after the exercises: this exercise %v, Next %v, Done %v, Skip %v; want only Done and Skip",
			s.visible("#ex-left-line"), s.visible("#b-next"), s.visible("#b-done"), s.visible("#b-skip"))
	}
	for _, dark := range []bool{false, true} {
		s.shoot("break-exercises-done", 1280, 800, dark)
		s.shoot("break-exercises-done", 800, 600, dark)
	}
	s.run(scheme(false), chromedp.EmulateViewport(800, 600))
	// The break ends (here: the daemon says it is over): the page says how long it was,
	// under the heading.
	u.publish(viewOf(snapshot{Now: time.Now(), Status: scheduler.Status{State: scheduler.StateWorking}}))
	s.run(chromedp.WaitVisible(chromedp.ID("finished")))
	if got := s.waitText("#done-line", "Break done after 1 min "); s.text("#msg") != "" {
		t.Errorf("the finished page says %q and %q under it", got, s.text("#msg"))
	}
	s.shoot("break-over", 800, 600, false)
}
