// Package art draws deskbreak's tray icons from code, one source for every size and format:
// a coloured disc per state with a white glyph, antialiased by supersampling.
//
// The tray embeds what the generator (./gen, run by go generate in package tray) writes.
package art

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Sizes are the pixel sizes drawn: 16, 22 and 32 for panels, more for HiDPI.
var Sizes = []int{16, 20, 22, 24, 32, 48, 64}

// TraySize is the size of the PNG the tray hands to systray on Linux and macOS (macOS shows
// it at 16 points, that is 32 pixels on a Retina screen; Linux hosts scale it to the panel).
const TraySize = 32

// ICOSizes are the sizes packed into each Windows .ico; Windows picks the one that fits.
var ICOSizes = []int{16, 20, 24, 32, 48, 64}

// States are the icons' names, as the tray's IconName values.
var States = []string{"working", "due", "in_break", "snoozed", "paused", "off_hours"}

// point is in unit space: (0,0) is the top left of the icon, (1,1) the bottom right.
type point struct{ x, y float64 }

// shape reports whether a unit-space point is inside.
type shape func(p point) bool

func disc(cx, cy, r float64) shape {
	return func(p point) bool { return (p.x-cx)*(p.x-cx)+(p.y-cy)*(p.y-cy) <= r*r }
}

// stroke is a line from a to b with round ends, w wide.
func stroke(ax, ay, bx, by, w float64) shape {
	return func(p point) bool {
		dx, dy := bx-ax, by-ay
		t := ((p.x-ax)*dx + (p.y-ay)*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		qx, qy := ax+t*dx-p.x, ay+t*dy-p.y
		return qx*qx+qy*qy <= w*w/4
	}
}

func union(ss ...shape) shape {
	return func(p point) bool {
		for _, s := range ss {
			if s(p) {
				return true
			}
		}
		return false
	}
}

func minus(a, b shape) shape { return func(p point) bool { return a(p) && !b(p) } }

// style is one state's look.
type style struct {
	fill  color.NRGBA
	glyph shape
}

// The glyph strokes get relatively wider at small sizes, where a thin line would blur away.
func styles(size int) map[string]style {
	w := 0.13 // stroke width in unit space
	if size <= 16 {
		w = 0.15
	}
	return map[string]style{
		// A clock: the hands at ten past.
		"working": {color.NRGBA{0x1f, 0x8a, 0x4c, 0xff}, union(
			stroke(0.5, 0.5, 0.5, 0.22, w),
			stroke(0.5, 0.5, 0.71, 0.62, w),
		)},
		// An exclamation mark.
		"due": {color.NRGBA{0xd9, 0x48, 0x0f, 0xff}, union(
			stroke(0.5, 0.2, 0.5, 0.56, w*1.25),
			disc(0.5, 0.76, w*0.75),
		)},
		// A person stretching, arms up.
		"in_break": {color.NRGBA{0x18, 0x64, 0xab, 0xff}, union(
			disc(0.5, 0.24, w*0.85),
			stroke(0.5, 0.44, 0.5, 0.62, w),
			stroke(0.5, 0.45, 0.27, 0.26, w*0.9),
			stroke(0.5, 0.45, 0.73, 0.26, w*0.9),
			stroke(0.5, 0.62, 0.34, 0.84, w*0.9),
			stroke(0.5, 0.62, 0.66, 0.84, w*0.9),
		)},
		// A Z, for sleep.
		"snoozed": {color.NRGBA{0x67, 0x41, 0xd9, 0xff}, union(
			stroke(0.32, 0.3, 0.68, 0.3, w),
			stroke(0.68, 0.3, 0.32, 0.7, w),
			stroke(0.32, 0.7, 0.68, 0.7, w),
		)},
		// Two bars.
		"paused": {color.NRGBA{0x5c, 0x64, 0x6e, 0xff}, union(
			stroke(0.38, 0.3, 0.38, 0.7, w*1.2),
			stroke(0.62, 0.3, 0.62, 0.7, w*1.2),
		)},
		// A crescent moon.
		"off_hours": {color.NRGBA{0x3b, 0x4a, 0x6b, 0xff},
			minus(disc(0.46, 0.54, 0.3), disc(0.63, 0.39, 0.25)),
		},
	}
}

// Draw returns the icon of state at size×size pixels.
func Draw(state string, size int) (*image.NRGBA, error) {
	st, ok := styles(size)[state]
	if !ok {
		return nil, fmt.Errorf("draw icon: unknown state %q", state)
	}
	const n = 8 // n×n samples a pixel
	// The disc fills the icon but for a margin; a thin light rim keeps it apart from dark
	// panels, and the disc's own colour from light ones.
	const r = 0.47
	body := disc(0.5, 0.5, r)
	rim := minus(disc(0.5, 0.5, r), disc(0.5, 0.5, r-math.Max(0.045, 1.0/float64(size))))
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			var cr, cg, cb, ca float64 // premultiplied sums
			for sy := range n {
				for sx := range n {
					p := point{(float64(x) + (float64(sx)+0.5)/n) / float64(size), (float64(y) + (float64(sy)+0.5)/n) / float64(size)}
					var c color.NRGBA
					switch {
					case !body(p):
						continue
					case st.glyph(p):
						c = color.NRGBA{0xff, 0xff, 0xff, 0xff}
					case rim(p):
						c = mix(st.fill, color.NRGBA{0xff, 0xff, 0xff, 0xff}, 0.45)
					default:
						c = st.fill
					}
					a := float64(c.A) / 255
					cr += float64(c.R) * a
					cg += float64(c.G) * a
					cb += float64(c.B) * a
					ca += a
				}
			}
			if ca == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{
				R: uint8(math.Round(cr / ca)), G: uint8(math.Round(cg / ca)), B: uint8(math.Round(cb / ca)),
				A: uint8(math.Round(ca / (n * n) * 255)),
			})
		}
	}
	return img, nil
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), f(a.A, b.A)}
}

// PNG encodes img as PNG.
func PNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return b.Bytes(), nil
}

// ICO packs images (each at most 256 px square) into a Windows .ico with PNG entries, which
// Windows reads since Vista.
func ICO(imgs []image.Image) ([]byte, error) {
	var head, body bytes.Buffer
	le := binary.LittleEndian
	_ = binary.Write(&head, le, [3]uint16{0, 1, uint16(len(imgs))}) // reserved, type icon, count
	offset := 6 + 16*len(imgs)
	for _, img := range imgs {
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if w > 256 || h > 256 || w < 1 || h < 1 {
			return nil, fmt.Errorf("encode ico: image is %dx%d, want 1 to 256 pixels square", w, h)
		}
		data, err := PNG(img)
		if err != nil {
			return nil, fmt.Errorf("encode ico: %w", err)
		}
		head.Write([]byte{byte(w % 256), byte(h % 256), 0, 0}) // 256 is written as 0
		_ = binary.Write(&head, le, [2]uint16{1, 32})          // planes, bits per pixel
		_ = binary.Write(&head, le, [2]uint32{uint32(len(data)), uint32(offset)})
		offset += len(data)
		body.Write(data)
	}
	return append(head.Bytes(), body.Bytes()...), nil
}

// SNIPNG encodes img as a 16-bit PNG made for fyne.io/systray's Linux tray, whose
// argbForImage (systray_unix.go, v1.12.2) builds the StatusNotifierItem pixmap from
// color.RGBA() by taking the low byte of each premultiplied 16-bit value: every partly
// transparent pixel, that is every antialiased edge, gets a wrong colour. The 16-bit values
// here are chosen so that those low bytes are exactly img's 8-bit, non-premultiplied values,
// which is what SNI hosts expect. It looks wrong in an image viewer; use PNG for that.
func SNIPNG(img *image.NRGBA) ([]byte, error) {
	b := img.Bounds()
	out := image.NewNRGBA64(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			if c.A == 0 {
				continue
			}
			a := uint32(c.A) * 0x101
			ch := func(v uint8) uint16 {
				if a == 0xffff {
					return uint16(v) * 0x101
				}
				// The least c16 with c16*a/0xffff == v (v <= 255 < a, so it exists).
				c16 := (uint32(v)*0xffff + a - 1) / a
				for c16*a/0xffff < uint32(v) {
					c16++
				}
				return uint16(c16)
			}
			out.SetNRGBA64(x, y, color.NRGBA64{R: ch(c.R), G: ch(c.G), B: ch(c.B), A: uint16(a)})
		}
	}
	return PNG(out)
}

// FyneARGB is what fyne.io/systray's Linux tray makes of an icon (see SNIPNG): the bytes
// of the StatusNotifierItem IconPixmap, A, R, G, B per pixel.
func FyneARGB(img image.Image) []byte {
	b := img.Bounds()
	data := make([]byte, 0, b.Dx()*b.Dy()*4)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			data = append(data, byte(a), byte(r), byte(g), byte(bl))
		}
	}
	return data
}
