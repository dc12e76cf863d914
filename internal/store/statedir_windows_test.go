package store

import (
	"testing"
)

// TestStateDirIgnoresXDGOnWindows: an XDG_STATE_HOME inherited from a Linux shell, even one
// that is an absolute Windows path, does not move the state on Windows.
func TestStateDirIgnoresXDGOnWindows(t *testing.T) {
	for _, xdg := range []string{"", "/home/ann/.local/state", `C:\xdg`, "relative"} {
		got, err := StateDir(func(k string) string {
			return map[string]string{"XDG_STATE_HOME": xdg, "AppData": `C:\Users\Ann\AppData\Roaming`}[k]
		})
		if want := `C:\Users\Ann\AppData\Roaming\deskbreak`; err != nil || got != want {
			t.Errorf("XDG_STATE_HOME=%q: %q, %v; want %q", xdg, got, err, want)
		}
	}
}
