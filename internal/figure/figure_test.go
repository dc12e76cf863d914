package figure

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
)

func sample() Spec {
	s := Spec{View: Side, Props: []string{"chair"}, Worked: []string{"neck"}}
	s.Start = Defaults(Side, true)
	s.End = s.Start
	s.End.Neck = 30
	return s
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := sample().Validate(); err != nil {
		t.Fatalf("a good spec: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Spec)
		want string
	}{
		{"elbow_backwards", func(s *Spec) { s.End.ElbowR = -20 }, "end: elbow_r: -20 is outside 0..150 (side view)"},
		{"knee_backwards", func(s *Spec) { s.Start.KneeL = -10 }, "start: knee_l: -10 is outside 0..150"},
		{"neck_too_far", func(s *Spec) { s.End.Neck = 90 }, "end: neck: 90 is outside -40..60"},
		{"hip_with_lean", func(s *Spec) { s.End.Lean = 90 }, "end: hip_r: 90 with lean 90 bends the hip 180"},
		{"same_poses", func(s *Spec) { s.End = s.Start }, "end: the same as start"},
		{"unknown_prop", func(s *Spec) { s.Props = []string{"sofa"} }, `props: unknown prop "sofa"`},
		{"no_worked", func(s *Spec) { s.Worked = nil }, "worked: missing"},
		{"turn_in_side_view", func(s *Spec) { s.End.Turn = 1 }, "end: turn: not used in the side view"},
		{"bad_view", func(s *Spec) { s.View = "top" }, `view: "top" is not side or front`},
		{"bad_hand", func(s *Spec) { s.End.HandR = "claw" }, `end: hand: unknown shape "claw"`},
		{"over_leg", func(s *Spec) { s.Over = []string{"leg-l"} }, `over: "leg-l" is not arm-l in the side view`},
		{"arrow_unknown_joint", func(s *Spec) { s.Arrows = []Arrow{{Joint: "knee"}} }, `arrows[0]: unknown joint "knee"`},
		{"arrow_of_a_still_joint", func(s *Spec) { s.Arrows = []Arrow{{Joint: "hand-r"}} }, "arrows[0]: hand-r does not move"},
		{"outside_the_box", func(s *Spec) { s.End.X = 70; s.Start.X = -70 }, "reaches outside the picture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := sample()
			tc.edit(&s)
			err := errors.Join(s.Validate(), s.Fits())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	t.Parallel()
	specs, err := Decode([]byte(`
[nod]
view = "side"
props = ["chair"]
worked = ["neck"]
start = { seated = true }
end = { neck = 30, head = 10 }
`))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	s := specs["nod"]
	want := Defaults(Side, true)
	if s.Start != want {
		t.Errorf("start = %+v, want the seated defaults %+v", s.Start, want)
	}
	want.Neck, want.Head = 30, 10
	if s.End != want {
		t.Errorf("end = %+v, want the start with neck 30 and head 10", s.End)
	}

	_, err = Decode([]byte(`
[a]
view = "side"
worked = ["neck"]
start = { elbw_r = 3 }
end = { neck = "far" }
[b]
view = "front"
worked = ["neck"]
start = {}
end = { elbow_r = 400 }
`))
	for _, w := range []string{`a: start: unknown field "elbw_r"`, "a: end: neck: far is not a number", "b: end: elbow_r: 400 is outside -170..170"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Decode error %v does not contain %q", err, w)
		}
	}
	if _, err := Decode([]byte("[a]\nvieww = 1\n")); err == nil || !strings.Contains(err.Error(), "line 2: unknown field a.vieww") {
		t.Errorf("unknown table field: %v", err)
	}
}

func TestImage(t *testing.T) {
	t.Parallel()
	s := sample()
	for _, th := range []Theme{Light, Dark} {
		img := s.Image(EndPose, 128, th)
		if b := img.Bounds(); b.Dx() != 128 || b.Dy() != 128 {
			t.Fatalf("%s: size %v, want 128×128", th.Name, b)
		}
		body, accent := 0, 0
		for y := range 128 {
			for x := range 128 {
				c := img.NRGBAAt(x, y)
				switch c {
				case th.Colors[ClassBody]:
					body++
				case th.Colors[ClassAccent]:
					accent++
				}
			}
		}
		// The figure covers a good part of the picture, and the worked neck shows.
		if body < 600 || accent < 15 {
			t.Errorf("%s: %d body and %d accent pixels; the figure is missing or tiny", th.Name, body, accent)
		}
		if c := img.NRGBAAt(64, 64); c.A == 0 {
			t.Errorf("%s: the plate is transparent in the middle", th.Name)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil || b.Len() < 500 {
			t.Errorf("%s: png %d bytes, err %v", th.Name, b.Len(), err)
		}
	}
}

func TestAnimatedSVG(t *testing.T) {
	t.Parallel()
	svg := string(sample().AnimatedSVG(256, `Nod <slowly>`))
	for _, w := range []string{
		`width="256"`, "<title>Nod &lt;slowly&gt;</title>", "@keyframes fig", "prefers-reduced-motion: reduce",
		"prefers-color-scheme: dark", `class="fig fig-accent`, "infinite",
	} {
		if !strings.Contains(svg, w) {
			t.Errorf("animated SVG lacks %q", w)
		}
	}
	// The props stand still: no keyframe moves them, and they are drawn once.
	frames := strings.Count(svg, "@keyframes")
	moving := 0
	for _, sh := range sample().Layout(EndPose) {
		if !sh.Static {
			moving++
		}
	}
	if frames != moving {
		t.Errorf("%d keyframes for %d moving shapes", frames, moving)
	}
}

// BenchmarkImage measures one notification picture.
func BenchmarkImage(b *testing.B) {
	s := sample()
	b.ReportAllocs()
	for b.Loop() {
		s.Image(EndPose, 128, Light)
	}
}

// TestEveryFieldDecodes keeps the validated fields and the names poses.toml may use together.
func TestEveryFieldDecodes(t *testing.T) {
	t.Parallel()
	var p Pose
	for _, f := range p.fields() {
		if p.number(f.name) == nil {
			t.Errorf("field %q is validated but cannot be set from poses.toml", f.name)
		}
	}
}
