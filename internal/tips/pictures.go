package tips

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/png"

	"github.com/deskbreak/deskbreak/internal/figure"
)

//go:embed poses.toml
var posesData []byte

// Poses decodes poses.toml: the picture of every exercise that has one (every desk-friendly
// exercise does; the catalog test checks), by id. It decodes on each call and keeps nothing,
// so that a daemon that draws a picture for a break holds none of it afterwards; a caller
// that needs many pictures calls it once. An error means the binary was built with a broken
// poses.toml.
func Poses() (map[string]figure.Spec, error) {
	specs, err := figure.Decode(posesData)
	if err != nil {
		return nil, fmt.Errorf("embedded poses.toml: %w", err)
	}
	return specs, nil
}

// Pose returns the picture of the exercise with the given id: its view, props, worked parts
// and start and end poses.
func Pose(id string) (figure.Spec, error) {
	specs, err := Poses()
	if err != nil {
		return figure.Spec{}, err
	}
	s, ok := specs[id]
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
	s, err := Pose(id)
	if err != nil {
		return nil, err
	}
	return s.AnimatedSVG(px, title), nil
}

// StillImage renders the end pose of the exercise with the given id, px pixels square, on a
// light plate. It is drawn on each call and not kept.
func StillImage(id string, px int) (*image.NRGBA, error) {
	s, err := Pose(id)
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
