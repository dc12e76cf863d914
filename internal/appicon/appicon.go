// Package appicon draws deskbreak's application icon: a person stretching, arms raised, on a
// teal rounded square. It reads as a break at 16 pixels, unlike the tray's state glyphs (a
// pause sign would read as "paused"). The packages ship it (packaging/gen renders it into
// packaging/icons) and "deskbreak install" writes it into the person's hicolor icon theme,
// so that the launcher and every notification (app_icon "deskbreak") show it.
package appicon

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Name is the icon-theme name of the icon (freedesktop Icon= and app_icon).
const Name = "deskbreak"

// Sizes are the hicolor pixel sizes the icon is drawn at.
var Sizes = []int{16, 22, 24, 32, 48, 64, 128, 256}

// The colours.
var (
	Teal  = color.NRGBA{0x1f, 0x7a, 0x70, 0xff}
	White = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// The drawing, in units of the side.
const (
	margin, corner = 0.04, 0.22
	headX, headY   = 0.5, 0.25
	headR          = 0.095
	stroke         = 0.085 // width of the limbs and body
)

// segment is a limb or the body: a line from (x1, y1) to (x2, y2), stroke wide, round caps.
type segment struct{ x1, y1, x2, y2 float64 }

var figure = []segment{
	{0.5, 0.42, 0.5, 0.64},  // body
	{0.5, 0.45, 0.29, 0.22}, // left arm, raised
	{0.5, 0.45, 0.71, 0.22}, // right arm, raised
	{0.5, 0.64, 0.37, 0.84}, // left leg
	{0.5, 0.64, 0.63, 0.84}, // right leg
}

// SVG is the icon as a scalable drawing, 256 units a side.
var SVG = func() string {
	var b bytes.Buffer
	u := func(v float64) float64 { return math.Round(v*256*100) / 100 }
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="%g" y="%g" width="%g" height="%g" rx="%g" fill="#1f7a70"/>
  <circle cx="%g" cy="%g" r="%g" fill="#fff"/>
  <g stroke="#fff" stroke-width="%g" stroke-linecap="round">
`, u(margin), u(margin), u(1-2*margin), u(1-2*margin), u(corner), u(headX), u(headY), u(headR), u(stroke))
	for _, s := range figure {
		fmt.Fprintf(&b, "    <line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n", u(s.x1), u(s.y1), u(s.x2), u(s.y2))
	}
	b.WriteString("  </g>\n</svg>\n")
	return b.String()
}()

// paint returns the colour at (x, y), in units of the side, and whether anything is there.
func paint(x, y float64) (color.NRGBA, bool) {
	lo, hi := margin+corner, 1-margin-corner
	dx := math.Max(0, math.Max(lo-x, x-hi))
	dy := math.Max(0, math.Max(lo-y, y-hi))
	if dx*dx+dy*dy > corner*corner {
		return color.NRGBA{}, false
	}
	if math.Hypot(x-headX, y-headY) <= headR {
		return White, true
	}
	for _, s := range figure {
		if distToSegment(x, y, s) <= stroke/2 {
			return White, true
		}
	}
	return Teal, true
}

func distToSegment(x, y float64, s segment) float64 {
	vx, vy := s.x2-s.x1, s.y2-s.y1
	t := ((x-s.x1)*vx + (y-s.y1)*vy) / (vx*vx + vy*vy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-(s.x1+t*vx), y-(s.y1+t*vy))
}

// Draw draws the icon at n×n pixels, averaging 8×8 samples a pixel for smooth edges.
func Draw(n int) *image.NRGBA {
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

// Files returns the icon's hicolor files by their path under an icons directory
// ("hicolor/48x48/apps/deskbreak.png", "hicolor/scalable/apps/deskbreak.svg").
func Files() (map[string][]byte, error) {
	files := map[string][]byte{"hicolor/scalable/apps/" + Name + ".svg": []byte(SVG)}
	for _, n := range Sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, Draw(n)); err != nil {
			return nil, fmt.Errorf("icon %dx%[1]d: %w", n, err)
		}
		files[fmt.Sprintf("hicolor/%dx%[1]d/apps/%s.png", n, Name)] = b.Bytes()
	}
	return files, nil
}
