package activity

// The states SHQueryUserNotificationState reports on Windows (QUERY_USER_NOTIFICATION_STATE).
const (
	qunsNotPresent           = 1 // a screen saver runs, the machine is locked, or fast user switching is on
	qunsBusy                 = 2 // a full-screen application runs
	qunsRunningD3DFullScreen = 3 // a full-screen Direct3D application (a game) runs
	qunsPresentationMode     = 4 // presentation settings are on
	qunsAcceptsNotifications = 5 // nothing stops notifications
	qunsQuietTime            = 6 // quiet hours / Focus Assist
	qunsApp                  = 7 // a Windows Store app runs full screen
)

// qunsBusyState maps a QUERY_USER_NOTIFICATION_STATE to do-not-disturb: presentation mode
// and quiet time (Focus Assist) always count; a full-screen application, game or Store app
// only when fullscreen ([dnd] fullscreen) is on. A locked machine or a screen saver is not
// do-not-disturb but time away, which the idle time and lock signals tell. source names the
// reason for "deskbreak status".
func qunsBusyState(state int32, fullscreen bool) (busy bool, source string) {
	switch state {
	case qunsPresentationMode:
		return true, "windows: presentation mode"
	case qunsQuietTime:
		return true, "windows: focus assist (quiet hours)"
	case qunsBusy:
		return fullscreen, "windows: a full-screen application"
	case qunsRunningD3DFullScreen:
		return fullscreen, "windows: a full-screen game (Direct3D)"
	case qunsApp:
		return fullscreen, "windows: a full-screen Store app"
	}
	return false, ""
}
