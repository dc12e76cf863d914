package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestResolvePathIgnoresXDGOnWindows: an XDG_CONFIG_HOME inherited from a Linux shell, even
// one that is an absolute Windows path, does not move the config on Windows.
func TestResolvePathIgnoresXDGOnWindows(t *testing.T) {
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "deskbreak", "config.toml")
	for _, xdg := range []string{"", "/home/ann/.config", `C:\xdg`, "relative"} {
		got, err := ResolvePath("", func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				return xdg
			}
			return ""
		})
		if err != nil || got != want {
			t.Errorf("XDG_CONFIG_HOME=%q: %q, %v; want %q", xdg, got, err, want)
		}
	}
}
