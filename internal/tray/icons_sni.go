//go:build !windows && !darwin

package tray

import "embed"

// The Linux and BSD tray (StatusNotifierItem) takes a PNG made for fyne.io/systray's pixel
// conversion (see internal/art.SNIPNG).
//
//go:embed icons/sni/*.png
var iconFS embed.FS

const iconExt = ".png"

const iconDir = "icons/sni/"
