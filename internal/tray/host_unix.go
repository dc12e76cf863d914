//go:build (linux || freebsd || openbsd || netbsd) && !android

package tray

import "fyne.io/systray"

// presets says whether preset hands the first picture to systray.
const presets = true

// preset hands m's icon and tooltip to systray before it starts: it reads them when it
// exports the item, so that the first picture a host sees is right. The title is "deskbreak"
// until the first render: fyne.io/systray exports the title it has then as the item's Id,
// which hosts use to remember the item, so it must not be a changing status text.
func preset(m Menu) {
	if b, err := iconBytes(m.Icon); err == nil {
		systray.SetIcon(b)
	}
	systray.SetTitle("deskbreak")
	systray.SetTooltip(m.Tooltip)
}
