package tray

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"os"
	"slices"
	"testing"

	"github.com/deskbreak/deskbreak/internal/tray/internal/art"
)

// The icons in icons/ are what go generate makes from internal/art: run it after changing
// the drawing.
func TestIconsAreGenerated(t *testing.T) {
	t.Parallel()
	if !slices.Equal(art.States, func() (s []string) {
		for _, n := range Icons {
			s = append(s, string(n))
		}
		return s
	}()) {
		t.Fatalf("art.States %v differ from tray.Icons %v", art.States, Icons)
	}
	decode := func(t *testing.T, b []byte) image.Image {
		t.Helper()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	nrgba := func(img image.Image) []byte {
		b := img.Bounds()
		out := image.NewNRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				out.Set(x, y, img.At(x, y))
			}
		}
		return out.Pix
	}
	for _, n := range Icons {
		t.Run(string(n), func(t *testing.T) {
			t.Parallel()
			want, err := art.Draw(string(n), art.TraySize)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile("icons/" + string(n) + ".png")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(nrgba(decode(t, b)), want.Pix) {
				t.Errorf("icons/%s.png is stale: run go generate", n)
			}

			// What a StatusNotifierItem host receives from fyne.io/systray: exact colours.
			b, err = os.ReadFile("icons/sni/" + string(n) + ".png")
			if err != nil {
				t.Fatal(err)
			}
			got := art.FyneARGB(decode(t, b))
			var argb []byte
			for i := 0; i < len(want.Pix); i += 4 {
				p := want.Pix[i : i+4]
				if p[3] == 0 {
					argb = append(argb, 0, 0, 0, 0)
					continue
				}
				argb = append(argb, p[3], p[0], p[1], p[2])
			}
			if !bytes.Equal(got, argb) {
				t.Errorf("icons/sni/%s.png does not give the drawn pixels through fyne's conversion: run go generate", n)
			}

			// The Windows icon holds every size, each as drawn.
			b, err = os.ReadFile("icons/" + string(n) + ".ico")
			if err != nil {
				t.Fatal(err)
			}
			le := binary.LittleEndian
			if len(b) < 6 || le.Uint16(b[2:]) != 1 || int(le.Uint16(b[4:])) != len(art.ICOSizes) {
				t.Fatalf("icons/%s.ico: bad header % x", n, b[:min(6, len(b))])
			}
			for i, size := range art.ICOSizes {
				e := b[6+16*i:]
				if int(e[0]) != size%256 || int(e[1]) != size%256 {
					t.Errorf("entry %d is %dx%d, want %d", i, e[0], e[1], size)
				}
				length, off := le.Uint32(e[8:]), le.Uint32(e[12:])
				img := decode(t, b[off:off+length])
				want, err := art.Draw(string(n), size)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(nrgba(img), want.Pix) {
					t.Errorf("icons/%s.ico size %d is stale: run go generate", n, size)
				}
			}

			if _, err := iconBytes(n); err != nil {
				t.Error(err)
			}
		})
	}
}
