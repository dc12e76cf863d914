package main

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFilesAreCurrent fails when a packaged file differs from what the code renders:
// run "go generate ./packaging".
func TestCommittedFilesAreCurrent(t *testing.T) {
	t.Parallel()
	files, err := render()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%v (run go generate ./packaging)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("packaging/%s is stale: run go generate ./packaging", name)
		}
	}
}

func TestIcons(t *testing.T) {
	t.Parallel()
	for _, n := range iconSizes {
		img := drawIcon(n)
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		back, err := png.Decode(&b)
		if err != nil || back.Bounds().Dx() != n || back.Bounds().Dy() != n {
			t.Fatalf("%dpx: decoded %v, %v", n, back.Bounds(), err)
		}
		// Corners are transparent, the inside of the ring above the pause sign is teal, the ring
		// is white.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%dpx: corner alpha %d, want 0", n, a)
		}
		if c := img.NRGBAAt(n/2, int(float64(n)*0.29)); !near(c, teal) {
			t.Errorf("%dpx: inside the ring %v, want teal %v", n, c, teal)
		}
		if c := img.NRGBAAt(n/2, int(float64(n)*(0.5-(ringOuter+ringInner)/2))); !near(c, white) {
			t.Errorf("%dpx: top of the ring %v, want near white", n, c)
		}
	}
}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40 && d(a.A, b.A) < 40
}
