//go:build !darwin

package tray

// showTitle says whether the item's title is set. Linux hosts show it as the item's name
// or beside the icon; Windows ignores it.
const showTitle = true
