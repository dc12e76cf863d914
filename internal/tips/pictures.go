package tips

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/png"
	"sync"

	"github.com/deskbreak/deskbreak/internal/figure"
)

//go:embed poses.toml
var posesData []byte

// posesOnce decodes poses.toml on the first picture, not at start-up: an idle daemon that has
// shown no break holds none of it.
var posesOnce = sync.OnceValues(func() (map[string]figure.Spec, error) {
	specs, err := figure.Decode(posesData)
	if err != nil {
		return nil, fmt.Errorf("embedded poses.toml: %w", err)
	}
	return specs, nil
})

// Pose returns the picture of the exercise with the given id: its view, props, worked parts
// and start and end poses, from poses.toml. Every desk-friendly exercise has one (the catalog
// test checks); ok is false for others.
func Pose(id string) (figure.Spec, bool) {
	specs, err := posesOnce()
	if err != nil {
		return figure.Spec{}, false
	}
	s, ok := specs[id]
	return s, ok
}

// PosesError reports a broken poses.toml (nil when it is fine); the tests catch it before a
// release.
func PosesError() error { _, err := posesOnce(); return err }

func poseOf(id string) (figure.Spec, error) {
	if err := PosesError(); err != nil {
		return figure.Spec{}, err
	}
	s, ok := Pose(id)
	if !ok {
		return figure.Spec{}, fmt.Errorf("picture of exercise %q: no pose in poses.toml", id)
	}
	return s, nil
}

// AnimatedSVG returns the picture of the exercise with the given id as an SVG document, px
// pixels square, that moves between the start and end poses with CSS (still, on the end pose,
// where the page prefers reduced motion) and follows the page's light or dark scheme. The
// worked parts are drawn in the accent colour. title is the picture's accessible name.
func AnimatedSVG(id string, px int, title string) ([]byte, error) {
	s, err := poseOf(id)
	if err != nil {
		return nil, err
	}
	return s.AnimatedSVG(px, title), nil
}

// StillImage renders the end pose of the exercise with the given id, px pixels square, on a
// light plate. It is drawn on each call and not kept.
func StillImage(id string, px int) (*image.NRGBA, error) {
	s, err := poseOf(id)
	if err != nil {
		return nil, err
	}
	return s.Image(figure.EndPose, px, figure.Light), nil
}

// StillPNG is StillImage encoded as PNG.
func StillPNG(id string, px int) ([]byte, error) {
	img, err := StillImage(id, px)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("picture of exercise %q: encode png: %w", id, err)
	}
	return b.Bytes(), nil
}
