package figure

import (
	"bytes"
	"errors"
	"image/png"
	"math"
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

// TestSpreadArm checks the side view's arm turned out of the picture (a doorway stretch):
// the upper arm out to the side is drawn shortened, the elbow behind the shoulder when it goes
// past 90, the forearm still bends one way in its own plane, and the door post stands where
// the start pose's forearm is.
func TestSpreadArm(t *testing.T) {
	t.Parallel()
	s := Spec{View: Side, Props: []string{"doorway"}, Worked: []string{"torso"}}
	s.Start = Defaults(Side, false)
	s.Start.ArmR, s.Start.SpreadR, s.Start.ElbowR = 90, 90, 90
	s.End = s.Start
	s.End.SpreadR = 120
	if err := errors.Join(s.Validate(), s.Fits()); err != nil {
		t.Fatal(err)
	}
	seg := func(sh []Shape, key string) (Pt, Pt) {
		for _, x := range sh {
			if x.Key == key {
				return x.Pts[0], x.Pts[len(x.Pts)-1]
			}
		}
		t.Fatalf("no shape %q", key)
		return Pt{}, Pt{}
	}
	start, end := s.Layout(StartPose), s.Layout(EndPose)
	// Straight out to the side: the elbow is seen at the shoulder, the forearm stands up.
	sh, el := seg(start, "arm-r-upper")
	if d := math.Hypot(el.X-sh.X, el.Y-sh.Y); d > 1 {
		t.Errorf("start: upper arm out to the side drawn %.1f long, want about 0", d)
	}
	e, w := seg(start, "arm-r-fore")
	zoom := (e.Y - w.Y) / foreArm // Layout draws small poses larger
	if math.Abs(w.X-e.X) > 1 || zoom < 1 {
		t.Errorf("start: forearm from %v to %v, want it upright", e, w)
	}
	post, _ := seg(start, "door-post")
	if math.Abs(post.X-e.X) > 6 {
		t.Errorf("door post at x %.1f, want it at the forearm, x %.1f", post.X, e.X)
	}
	// Past 90 the elbow goes behind the shoulder, upper arm shortened by cos 120.
	sh, el = seg(end, "arm-r-upper")
	if d := (sh.X - el.X) / zoom; math.Abs(d-upperArm/2) > 0.5 {
		t.Errorf("end: elbow %.1f behind the shoulder, want %.1f", d, upperArm/2.0)
	}
	for _, tc := range []struct {
		edit func(*Spec)
		want string
	}{
		{func(s *Spec) { s.End.SpreadR = 150 }, "end: spread_r: 150 is outside 0..130 (side view)"},
		{func(s *Spec) { s.End.ElbowR = -30 }, "end: elbow_r: -30 is outside 0..150"},
		{func(s *Spec) { s.View = Front; s.Props = nil }, "spread_r: not used in the front view"},
	} {
		c := s
		tc.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want an error containing %q", err, tc.want)
		}
	}
}

// The screen prop stands as the screen check asks: its top edge level with the eyes of a
// figure sitting tall (the check's end pose), not a head's height above them.
func TestScreenTopAtSeatedEyeHeight(t *testing.T) {
	t.Parallel()
	s := Spec{View: Side, Props: []string{"chair", "desk", "screen"}, Worked: []string{"eyes"}}
	s.Start = Defaults(Side, true)
	s.End = s.Start
	s.End.Neck = 10 // start and end must differ; the end is the one looked at
	var eye, top float64
	found := 0
	for _, sh := range s.Layout(StartPose) {
		switch sh.Key {
		case "eye":
			for _, p := range sh.Pts {
				eye += p.Y / float64(len(sh.Pts))
			}
			found++
		case "screen":
			top = math.Min(sh.Pts[0].Y, sh.Pts[len(sh.Pts)-1].Y)
			found++
		}
	}
	if found != 2 {
		t.Fatalf("found %d of the eye and the screen", found)
	}
	if d := math.Abs(eye - top); d > 3 {
		t.Errorf("the screen's top edge is %.1f units from the eyes (eye y %.1f, top y %.1f), want level", d, eye, top)
	}
}
