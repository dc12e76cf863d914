package tray

import "embed"

// The macOS menu bar takes a plain PNG, shown at 16 points.
//
//go:embed icons/*.png
var iconFS embed.FS

const iconExt = ".png"

const iconDir = "icons/"
