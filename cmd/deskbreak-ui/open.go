package main

import (
	"fmt"
	"os/exec"
	"strings"
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
// browser. lookPath is exec.LookPath in production.
func chooseOpener(url, override, goos string, w, h int, getenv func(string) string, lookPath func(string) (string, error)) (opener, error) {
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

// open starts o and does not wait for it: a browser window lives on by itself.
func open(o opener) error {
	cmd := exec.Command(o.Path, o.Args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", o.Path, err)
	}
	go cmd.Wait() // reap it
	return nil
}
