package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// appBrowsers are the Chromium-family browsers that open a URL as a plain window
// (--app=URL), in the order tried.
var appBrowsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable", "brave-browser", "brave"}

// windowsAppBrowsers are where Edge (on every Windows 10/11) and Chrome usually live: an
// environment variable and the path under it.
var windowsAppBrowsers = [][2]string{
	{"ProgramFiles(x86)", `Microsoft\Edge\Application\msedge.exe`},
	{"ProgramFiles", `Microsoft\Edge\Application\msedge.exe`},
	{"ProgramFiles", `Google\Chrome\Application\chrome.exe`},
	{"LocalAppData", `Google\Chrome\Application\chrome.exe`},
}

// macAppBrowsers are the app bundles' executables on macOS.
var macAppBrowsers = []string{
	"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
	"/Applications/Chromium.app/Contents/MacOS/Chromium",
	"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
	"/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
}

// opener is how a URL is shown: the program and its arguments.
type opener struct {
	Path string
	Args []string
}

func (o opener) String() string { return strings.Join(append([]string{o.Path}, o.Args...), " ") }

// chooseOpener picks how to open url: override (the [ui] browser setting, a program and
// arguments, with {url} where the URL goes, else at the end) when set; else a
// Chromium-family browser in app mode with a window of w x h; else the desktop's default
// browser. root says the UI runs as root: on Linux and the like the chosen Chromium then
// gets --no-sandbox, without which it refuses to start as root (the window shows only this
// loopback UI); an override is run as it is written. lookPath is exec.LookPath in
// production.
func chooseOpener(url, override, goos string, w, h int, root bool, getenv func(string) string, lookPath func(string) (string, error)) (opener, error) {
	if override = strings.TrimSpace(override); override != "" {
		f := strings.Fields(override)
		args := f[1:]
		placed := false
		for i, a := range args {
			if strings.Contains(a, "{url}") {
				args[i] = strings.ReplaceAll(a, "{url}", url)
				placed = true
			}
		}
		if !placed {
			args = append(args, url)
		}
		p, err := lookPath(f[0])
		if err != nil {
			return opener{}, fmt.Errorf("[ui] browser %q: %w", override, err)
		}
		return opener{p, args}, nil
	}
	app := []string{"--app=" + url, fmt.Sprintf("--window-size=%d,%d", w, h)}
	var candidates []string
	switch goos {
	case "windows":
		for _, c := range windowsAppBrowsers {
			if dir := getenv(c[0]); dir != "" {
				candidates = append(candidates, dir+`\`+c[1])
			}
		}
	case "darwin":
		candidates = macAppBrowsers
	default:
		candidates = appBrowsers
		if root {
			app = append(app, "--no-sandbox")
		}
	}
	for _, c := range candidates {
		if p, err := lookPath(c); err == nil {
			return opener{p, app}, nil
		}
	}
	switch goos {
	case "windows":
		return opener{"rundll32", []string{"url.dll,FileProtocolHandler", url}}, nil
	case "darwin":
		return opener{"open", []string{url}}, nil
	}
	if p, err := lookPath("xdg-open"); err == nil {
		return opener{p, []string{url}}, nil
	}
	return opener{}, fmt.Errorf("no browser found: none of %s nor xdg-open is on PATH; set [ui] browser in the config, or open the URL yourself", strings.Join(appBrowsers, ", "))
}

// openWait is how long open watches the browser it started. One that exits with an error
// within it failed (Chromium run as root without --no-sandbox exits at once); one still
// running then, or gone with status 0 (it handed the URL to a running browser, as
// xdg-open and a second Chromium do), opened the page.
const openWait = 3 * time.Second

// open starts o and watches it for up to wait (or until ctx is done): a browser window
// lives on by itself, but one that exits with an error at once is an error naming the
// command and the last line it wrote to stderr.
func open(ctx context.Context, o opener, wait time.Duration) error {
	cmd := exec.Command(o.Path, o.Args...)
	stderr := &tail{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", o.Path, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }() // also reaps it
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err == nil {
			return nil
		}
		if line := stderr.lastLine(); line != "" {
			return fmt.Errorf("open %s: %w: %s", o.Path, err, line)
		}
		return fmt.Errorf("open %s: %w", o.Path, err)
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil
}

// tailMax is how much of a browser's stderr open keeps: its last lines.
const tailMax = 4096

// tail is an io.Writer that keeps the last tailMax bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailMax; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// lastLine returns the last line that is not blank.
func (t *tail) lastLine() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
