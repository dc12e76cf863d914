//go:build darwin && cgo

package tray

// showTitle says whether the item's title is set. On macOS it would be drawn as text beside
// the icon in the menu bar, where space is scarce; the tooltip carries it instead.
const showTitle = false
