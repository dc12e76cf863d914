package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestChooseOpener(t *testing.T) {
	t.Parallel()
	const url = "http://127.0.0.1:1/auth?token=t"
	on := func(have ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, h := range have {
				if h == name || strings.HasSuffix(name, h) {
					return "/bin/" + h, nil
				}
			}
			return "", errors.New("not found")
		}
	}
	env := func(k string) string {
		return map[string]string{"ProgramFiles(x86)": `C:\Program Files (x86)`, "ProgramFiles": `C:\Program Files`}[k]
	}
	cases := []struct {
		name, override, goos string
		root                 bool
		look                 func(string) (string, error)
		want                 string // opener.String(), or the error's start
	}{
		{"chromium_app_mode", "", "linux", false, on("chromium", "xdg-open"), "/bin/chromium --app=" + url + " --window-size=800,600"},
		{"chrome_when_no_chromium", "", "linux", false, on("google-chrome", "xdg-open"), "/bin/google-chrome --app=" + url + " --window-size=800,600"},
		{"default_browser", "", "linux", false, on("xdg-open"), "/bin/xdg-open " + url},
		{"nothing", "", "linux", false, on(), "no browser found"},
		{"edge_on_windows", "", "windows", false, on(`msedge.exe`), "/bin/msedge.exe --app=" + url + " --window-size=800,600"},
		{"rundll32_on_windows", "", "windows", false, on(), "rundll32 url.dll,FileProtocolHandler " + url},
		{"open_on_mac", "", "darwin", false, on(), "open " + url},
		{"override_url_last", "firefox --new-window", "linux", false, on("firefox", "chromium"), "/bin/firefox --new-window " + url},
		{"override_url_placed", "chromium --app={url} --incognito", "linux", false, on("chromium"), "/bin/chromium --app=" + url + " --incognito"},
		{"override_missing", "nosuchbrowser", "linux", false, on("chromium"), `[ui] browser "nosuchbrowser"`},
		{"root_chromium_no_sandbox", "", "linux", true, on("chromium", "xdg-open"), "/bin/chromium --app=" + url + " --window-size=800,600 --no-sandbox"},
		{"root_xdg_open_as_is", "", "linux", true, on("xdg-open"), "/bin/xdg-open " + url},
		{"root_override_as_is", "chromium --app={url}", "linux", true, on("chromium"), "/bin/chromium --app=" + url},
		{"root_edge_on_windows", "", "windows", true, on(`msedge.exe`), "/bin/msedge.exe --app=" + url + " --window-size=800,600"},
	}
	for _, tc := range cases {
		o, err := chooseOpener(url, tc.override, tc.goos, 800, 600, tc.root, env, tc.look)
		got := o.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) || (err == nil && got != tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// fakeBrowser writes a shell script that stands in for a browser.
func fakeBrowser(t *testing.T, script string) opener {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake browsers are shell scripts")
	}
	p := filepath.Join(t.TempDir(), "browser")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return opener{p, []string{"http://127.0.0.1:1/auth?token=t"}}
}

func TestOpenBrowserFailsAtOnce(t *testing.T) {
	t.Parallel()
	// As chromium does when run as root without --no-sandbox.
	o := fakeBrowser(t, `echo "[1:1:ERROR:zygote_host_impl_linux.cc(101)] starting" >&2
echo "Running as root without --no-sandbox is not supported." >&2
exit 1`)
	start := time.Now()
	err := open(context.Background(), o, 5*time.Second)
	if err == nil {
		t.Fatal("open of a browser that exits 1 at once: no error")
	}
	for _, want := range []string{o.Path, "exit status 1", "Running as root without --no-sandbox is not supported."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("open's error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "starting") {
		t.Errorf("open's error %q has more than the last line of stderr", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("open took %v to notice the browser failed", d)
	}
}

func TestOpenBrowserHandsOver(t *testing.T) {
	t.Parallel()
	// As chromium does when another one runs already, and xdg-open always.
	o := fakeBrowser(t, `echo "Opening in existing browser session." >&2; exit 0`)
	start := time.Now()
	if err := open(context.Background(), o, 5*time.Second); err != nil {
		t.Errorf("open of a browser that exits 0: %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("open waited %v for a browser that was done", d)
	}
}

func TestOpenBrowserRuns(t *testing.T) {
	t.Parallel()
	o := fakeBrowser(t, `echo "a long log line" >&2; sleep 3; exit 1`)
	if err := open(context.Background(), o, 500*time.Millisecond); err != nil {
		t.Errorf("open of a browser still running after the wait: %v", err)
	}
}

func TestOpenNoSuchBrowser(t *testing.T) {
	t.Parallel()
	err := open(context.Background(), opener{Path: filepath.Join(t.TempDir(), "nosuch")}, time.Second)
	if err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("open of a missing program: %v, want an error naming it", err)
	}
}

func TestTailLine(t *testing.T) {
	t.Parallel()
	var tl tail
	fmt.Fprintf(&tl, "%s\nfirst\n", strings.Repeat("x", 10000))
	fmt.Fprintf(&tl, "second line\n\n")
	if got := tl.lastLine(); got != "second line" {
		t.Errorf("lastLine = %q, want %q", got, "second line")
	}
	if len(tl.buf) > tailMax {
		t.Errorf("the tail holds %d bytes, more than %d", len(tl.buf), tailMax)
	}
}
