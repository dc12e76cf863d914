//go:build !linux

package notify

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
)

// imageFile writes img as a PNG into the user's cache directory and returns its path, for a
// Windows toast's image or beeep's icon (a macOS notification's); "" when img is nil or
// cannot be written, in which case the notification goes without it. The file is overwritten
// by the next picture, so the cache holds one.
func imageFile(img *image.NRGBA) string {
	if img == nil {
		return ""
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, AppName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return ""
	}
	path := filepath.Join(dir, "exercise.png")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		return ""
	}
	return path
}
