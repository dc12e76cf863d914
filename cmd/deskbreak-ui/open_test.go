package main

import (
	"errors"
	"strings"
	"testing"
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
		look                 func(string) (string, error)
		want                 string // opener.String(), or the error's start
	}{
		{"chromium_app_mode", "", "linux", on("chromium", "xdg-open"), "/bin/chromium --app=" + url + " --window-size=800,600"},
		{"chrome_when_no_chromium", "", "linux", on("google-chrome", "xdg-open"), "/bin/google-chrome --app=" + url + " --window-size=800,600"},
		{"default_browser", "", "linux", on("xdg-open"), "/bin/xdg-open " + url},
		{"nothing", "", "linux", on(), "no browser found"},
		{"edge_on_windows", "", "windows", on(`msedge.exe`), "/bin/msedge.exe --app=" + url + " --window-size=800,600"},
		{"rundll32_on_windows", "", "windows", on(), "rundll32 url.dll,FileProtocolHandler " + url},
		{"open_on_mac", "", "darwin", on(), "open " + url},
		{"override_url_last", "firefox --new-window", "linux", on("firefox", "chromium"), "/bin/firefox --new-window " + url},
		{"override_url_placed", "chromium --app={url} --incognito", "linux", on("chromium"), "/bin/chromium --app=" + url + " --incognito"},
		{"override_missing", "nosuchbrowser", "linux", on("chromium"), `[ui] browser "nosuchbrowser"`},
	}
	for _, tc := range cases {
		o, err := chooseOpener(url, tc.override, tc.goos, 800, 600, env, tc.look)
		got := o.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
