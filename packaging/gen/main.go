// Command gen renders deskbreak's packaged files into the current directory (packaging/):
// the systemd user unit and application launcher, from the same functions "deskbreak
// install" uses, and the application icon in the hicolor sizes, as PNG and SVG.
//
// Run it with "go generate ./packaging". A test checks that the committed files match.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"github.com/deskbreak/deskbreak/internal/autostart"
)

// iconSizes are the hicolor sizes the icon is drawn at.
var iconSizes = []int{16, 22, 24, 32, 48, 64, 128, 256}

func main() {
	files, err := render()
	if err == nil {
		err = write(".", files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// render returns every generated file by its path under packaging/.
func render() (map[string][]byte, error) {
	p := autostart.Daemon("/usr/bin/deskbreak")
	unit, err := autostart.SystemdUnit(p, autostart.GraphicalSessionTarget, autostart.ByPackage)
	if err != nil {
		return nil, err
	}
	launcher, err := autostart.LauncherEntry(p)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"linux/deskbreak.service":                   []byte(unit),
		"linux/deskbreak.desktop":                   []byte(launcher),
		"icons/hicolor/scalable/apps/deskbreak.svg": []byte(iconSVG),
	}
	for _, n := range iconSizes {
		var b bytes.Buffer
		if err := png.Encode(&b, drawIcon(n)); err != nil {
			return nil, fmt.Errorf("icon %dx%[1]d: %w", n, err)
		}
		files[fmt.Sprintf("icons/hicolor/%dx%[1]d/apps/deskbreak.png", n)] = b.Bytes()
	}
	return files, nil
}

func write(dir string, files map[string][]byte) error {
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// The icon, in units of its side: a teal rounded square with a white ring and a white pause
// sign, legible down to 16 pixels.
var (
	teal  = color.NRGBA{0x1f, 0x7a, 0x70, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

const (
	margin, corner       = 0.04, 0.22
	ringOuter, ringInner = 0.38, 0.27
	barTop, barBottom    = 0.36, 0.64
	bar1L, bar1R         = 0.385, 0.465
	bar2L, bar2R         = 0.535, 0.615
)

// iconSVG is the same drawing at 256 units.
var iconSVG = fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="%[1]g" y="%[1]g" width="%[2]g" height="%[2]g" rx="%[3]g" fill="#1f7a70"/>
  <circle cx="128" cy="128" r="%[4]g" fill="none" stroke="#fff" stroke-width="%[5]g"/>
  <rect x="%[6]g" y="%[8]g" width="%[7]g" height="%[9]g" fill="#fff"/>
  <rect x="%[10]g" y="%[8]g" width="%[7]g" height="%[9]g" fill="#fff"/>
</svg>
`, 256*margin, 256*(1-2*margin), 256*corner, 256*(ringOuter+ringInner)/2, 256*(ringOuter-ringInner),
	256*bar1L, 256*(bar1R-bar1L), 256*barTop, 256*(barBottom-barTop), 256*bar2L)

// paint returns the color at (x, y) in units of the side, and whether anything is there.
func paint(x, y float64) (color.NRGBA, bool) {
	// Rounded square: distance outside the inner rectangle, against the corner radius.
	lo, hi := margin+corner, 1-margin-corner
	dx := math.Max(0, math.Max(lo-x, x-hi))
	dy := math.Max(0, math.Max(lo-y, y-hi))
	if dx*dx+dy*dy > corner*corner {
		return color.NRGBA{}, false
	}
	r := math.Hypot(x-0.5, y-0.5)
	inBars := y >= barTop && y <= barBottom && ((x >= bar1L && x <= bar1R) || (x >= bar2L && x <= bar2R))
	if (r <= ringOuter && r >= ringInner) || inBars {
		return white, true
	}
	return teal, true
}

// drawIcon draws the icon at n×n pixels, averaging 8×8 samples a pixel for smooth edges.
func drawIcon(n int) *image.NRGBA {
	const ss = 8
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for py := 0; py < n; py++ {
		for px := 0; px < n; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(n)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(n)
					if c, ok := paint(x, y); ok {
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a++
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)), G: uint8(math.Round(g / a)), B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / (ss * ss) * 255)),
			})
		}
	}
	return img
}
