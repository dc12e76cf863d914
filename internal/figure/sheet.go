package figure

import (
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// SheetEntry is one exercise on a contact sheet.
type SheetEntry struct {
	Label string
	Spec  Spec
}

// Sheet geometry, in pixels.
const (
	sheetPx    = 128 // each picture
	sheetGap   = 6
	sheetLabel = 16
	sheetCols  = 2 // exercises per row
)

// Sheet renders every entry's start and end poses, in the light theme and then the dark one,
// at 128 px each (the notification's size), labelled, into one image for review.
func Sheet(entries []SheetEntry) *image.RGBA {
	tileW := 4*sheetPx + 3*sheetGap
	tileH := sheetLabel + sheetPx
	rows := (len(entries) + sheetCols - 1) / sheetCols
	w := sheetCols*tileW + (sheetCols+1)*3*sheetGap
	h := rows*(tileH+2*sheetGap) + 2*sheetGap
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0x8d, 0x94, 0x9e, 255}), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: basicfont.Face7x13}
	for i, e := range entries {
		x := 3*sheetGap + (i%sheetCols)*(tileW+3*sheetGap)
		y := 2*sheetGap + (i/sheetCols)*(tileH+2*sheetGap)
		d.Dot = fixed.P(x, y+sheetLabel-4)
		d.DrawString(e.Label)
		for j, v := range []struct {
			w Which
			t Theme
		}{{StartPose, Light}, {EndPose, Light}, {StartPose, Dark}, {EndPose, Dark}} {
			e.Spec.Draw(img, image.Pt(x+j*(sheetPx+sheetGap), y+sheetLabel), v.w, sheetPx, v.t, true)
		}
	}
	return img
}
