package tray

import "embed"

// Windows tray icons must be ICO bytes: a PNG shows as a blank icon.
//
//go:embed icons/*.ico
var iconFS embed.FS

const iconExt = ".ico"

const iconDir = "icons/"
