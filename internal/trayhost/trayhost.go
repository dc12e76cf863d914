// Package trayhost checks for the desktop's tray host on the session D-Bus and keeps
// deskbreak's item registered with one that starts later: the D-Bus half of the tray, kept
// out of internal/tray so that the tray reaches godbus only through fyne.io/systray.
//
// The daemon hands an SNI to tray.Run through tray.Options.Host.
package trayhost

// SNI is the StatusNotifierItem host check. Its methods do nothing on Windows and macOS,
// whose trays need no bus and always have a host. The zero value is ready to use.
type SNI struct{}
