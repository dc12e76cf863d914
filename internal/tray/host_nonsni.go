//go:build !((linux || freebsd || openbsd || netbsd) && !android) && (!darwin || cgo)

package tray

// presets says whether preset hands the first picture to systray.
const presets = false

// preset does nothing: these trays take the picture once they run (build sets it).
func preset(Menu) {}
