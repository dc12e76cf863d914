package activity

import "testing"

func TestQunsBusyState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		state      int32
		fullscreen bool
		busy       bool
		source     string
	}{
		{qunsAcceptsNotifications, true, false, ""},
		{qunsNotPresent, true, false, ""},
		{qunsPresentationMode, false, true, "windows: presentation mode"},
		{qunsQuietTime, false, true, "windows: focus assist (quiet hours)"},
		{qunsBusy, true, true, "windows: a full-screen application"},
		{qunsBusy, false, false, "windows: a full-screen application"},
		{qunsRunningD3DFullScreen, true, true, "windows: a full-screen game (Direct3D)"},
		{qunsApp, true, true, "windows: a full-screen Store app"},
		{99, true, false, ""},
	}
	for _, tt := range tests {
		busy, source := qunsBusyState(tt.state, tt.fullscreen)
		if busy != tt.busy || (tt.busy && source != tt.source) {
			t.Errorf("state %d, fullscreen %v: %v %q, want %v %q", tt.state, tt.fullscreen, busy, source, tt.busy, tt.source)
		}
	}
}
