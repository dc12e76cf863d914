package appicon

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestIcons(t *testing.T) {
	t.Parallel()
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range Sizes {
		img := Draw(n)
		back, err := png.Decode(bytes.NewReader(files["hicolor/"+itoa(n)+"x"+itoa(n)+"/apps/deskbreak.png"]))
		if err != nil || back.Bounds().Dx() != n || back.Bounds().Dy() != n {
			t.Fatalf("%dpx: decoded %v, %v", n, back, err)
		}
		// Corners are transparent; the head is white; beside the body, between the arms
		// and legs, is teal; there is no pause sign (two bars) in the middle.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%dpx: corner alpha %d, want 0", n, a)
		}
		at := func(x, y float64) color.NRGBA { return img.NRGBAAt(int(x*float64(n)), int(y*float64(n))) }
		if c := at(headX, headY); !near(c, White) {
			t.Errorf("%dpx: head %v, want white", n, c)
		}
		if n >= 22 {
			if c := at(0.33, 0.55); !near(c, Teal) {
				t.Errorf("%dpx: beside the body %v, want teal", n, c)
			}
		}
	}
	if err := xml.Unmarshal([]byte(SVG), new(struct{})); err != nil || !strings.Contains(SVG, "<line") {
		t.Errorf("SVG does not parse or has no figure: %v\n%s", err, SVG)
	}
}

func itoa(n int) string {
	var b [8]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) < 40 && d(a.G, b.G) < 40 && d(a.B, b.B) < 40 && d(a.A, b.A) < 40
}
