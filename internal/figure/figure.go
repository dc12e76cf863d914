// Package figure draws deskbreak's exercise pictures from data: one stick figure (head, neck,
// torso, upper and lower arms, hands, legs and feet) posed by joint angles, with a chair, a
// desk, a wall, a door frame or stairs where an exercise uses them.
//
// A Spec is one exercise's picture: a view (side or front), the props, the parts the exercise
// works (drawn in an accent colour), and a start and an end Pose. Decode reads specs from
// TOML; Validate checks every angle against a human range. The figure is laid out into a
// display list (shapes in a 200×200 box) that two renderers share: SVG (a still pose, or an
// animation between the two with CSS) and PNG (pure Go, golang.org/x/image/vector).
//
// Everything here is pure and allocates only while drawing, so a caller that renders on
// demand keeps nothing in memory between pictures.
package figure

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// View is the direction the figure is seen from.
type View string

// The views. In the side view the figure faces right, so its right side is the near one; in
// the front view it faces the viewer, so its right side is on the picture's left.
const (
	Side  View = "side"
	Front View = "front"
)

// Props a Spec may name.
var Props = []string{"chair", "chair-front", "desk", "desk-near", "screen", "wall", "side-wall", "doorway", "stairs"}

// Parts a Spec may list as worked (drawn in the accent colour).
var Parts = []string{"head", "eyes", "neck", "shoulders", "torso", "upper-arms", "forearms", "hands", "thighs", "shins", "feet"}

// Marks are the joints a Spec's Circles and Arrows may name.
var Marks = []string{"head", "eyes", "shoulder-r", "shoulder-l", "hand-r", "hand-l", "foot-r", "foot-l", "elbow-r", "elbow-l", "hip"}

// Hand shapes.
var Hands = []string{"", "fist", "fan", "cup"}

// Pose is one position of the figure. Angles are in degrees; what each means depends on the
// view (see the field comments: "side:" and "front:"). Suffix R is the figure's right side,
// L its left.
type Pose struct {
	// Seated puts the hips on a seat; otherwise the lowest foot stands on the floor.
	Seated bool
	// X moves the whole figure forward (side) or to the picture's right (front), in units of
	// the 200-unit box.
	X float64
	// Rise lifts a standing figure off the floor, onto a step, in units.
	Rise float64
	// Lean tilts the torso. side: forward (+) or back (−) from upright. front: toward the
	// figure's right (+) or left (−).
	Lean float64
	// Round curves the spine. side: +1 rounds the back into a C, −1 arches it.
	Round float64
	// Neck tilts the neck from the torso's line. side: forward (+) or back. front: toward
	// the figure's right (+) or left.
	Neck float64
	// Head tilts the head on the neck: side: chin down (+) or up; front: toward the right (+).
	Head float64
	// Turn turns the face, −1 (to the figure's left) … +1 (to its right). front only.
	Turn float64
	// Look moves the eyes alone, −1 (to the figure's left) … +1 (to its right). front only.
	Look float64
	// Twist turns the trunk toward the figure's right (+) or left (−), −1 … 1. front only.
	Twist float64
	// Blades moves the shoulders: side: −1 drawn back, +1 rolled forward.
	Blades float64
	// ShrugR and ShrugL raise a shoulder toward the ear, 0 … 1.
	ShrugR, ShrugL float64
	// ArmR and ArmL move the upper arm from hanging down. side: forward and up (+, 180 is
	// overhead) or back (−). front: out to the side (+, 180 is overhead) or across the body (−).
	ArmR, ArmL float64
	// ElbowR and ElbowL bend the elbow. side: 0 straight … 150. front: the forearm turns on
	// from the upper arm's direction the same way as a raised arm (+), or back (−).
	ElbowR, ElbowL float64
	// SpreadR and SpreadL turn the arm out of the picture, side only: 0 keeps it in the
	// picture's plane (ArmR swings it forward or back), 90 moves it straight out to the side,
	// past 90 the elbow goes behind the shoulders (a doorway stretch). Arm, elbow and wrist keep
	// their meaning in the arm's own plane, now turned out, so the elbow still bends one way
	// only; the arm is drawn as it is seen from the side, shortened.
	SpreadR, SpreadL float64
	// WristR and WristL bend the hand from the forearm's line (+ the same way as the elbow).
	WristR, WristL float64
	// HandR and HandL shape a hand: "" flat, "fist", "fan" (fingers spread), "cup" (holding a
	// glass).
	HandR, HandL string
	// HipR and HipL move the thigh. side: forward (+, 90 is sitting) or back (−) from
	// straight down, whatever the torso does (the hip joint's own angle, HipR+Lean, is what
	// Validate checks). front: out to the side.
	HipR, HipL float64
	// KneeR and KneeL bend the knee. side: 0 straight … 150. front: the shin turns outward (+).
	KneeR, KneeL float64
	// AnkleR and AnkleL point the foot: side: toes down (+) or up (−).
	AnkleR, AnkleL float64
	// Eyes is "" (open) or "closed".
	Eyes string
	// Gaze draws a dashed line of sight this long from the eyes, 0 for none.
	Gaze float64
	// Breath marks breathing at the mouth: "" none, "in" or "out".
	Breath string
}

// Spec is one exercise's picture.
type Spec struct {
	View View
	// Props are drawn behind or under the figure, placed from the start pose.
	Props []string
	// Worked lists the parts drawn in the accent colour.
	Worked []string
	// Circles marks joints of the end pose with a circular arrow: the movement goes round.
	Circles []string
	// Arrows mark straight movements on the end pose.
	Arrows []Arrow
	// Over lists far-side limbs drawn over the near side, in full colour, where they work in
	// front of the body: "arm-l" (side view only).
	Over  []string
	Start Pose
	End   Pose
}

// Arrow is a straight arrow drawn with the end pose: from where Joint is in the start pose
// to where it is in the end pose, or, when Length is set, a push of that length toward Angle
// ending at the joint (for a hold, where nothing moves). DX and DY move the arrow off the
// body, in units (x toward the picture's right, y up).
type Arrow struct {
	Joint  string  `toml:"joint"`
	DX     float64 `toml:"dx"`
	DY     float64 `toml:"dy"`
	Angle  float64 `toml:"angle"` // degrees counter-clockwise from the picture's right
	Length float64 `toml:"length"`
}

// limit is the allowed range of one pose field in one view.
type limit struct{ lo, hi float64 }

// fieldLimits lists, per view, the human range of every angle (and the range of the other
// numbers). Side-view elbows and knees bend one way only; front-view projections of a bent
// elbow can point either way.
var fieldLimits = map[View]map[string]limit{
	Side: {
		"x": {-70, 70}, "lean": {-35, 100}, "round": {-1, 1}, "neck": {-40, 60}, "head": {-35, 45},
		"turn": {0, 0}, "look": {0, 0}, "twist": {0, 0}, "blades": {-1, 1}, "shrug": {0, 1}, "rise": {0, 60},
		"arm": {-70, 185}, "spread": {0, 130}, "elbow": {0, 150}, "wrist": {-80, 80},
		"hip": {-35, 160}, "knee": {0, 150}, "ankle": {-30, 50}, "gaze": {0, 150},
	},
	Front: {
		"x": {-60, 60}, "lean": {-40, 40}, "round": {0, 0}, "neck": {-50, 50}, "head": {-30, 30},
		"turn": {-1, 1}, "look": {-1, 1}, "twist": {-1, 1}, "blades": {0, 0}, "shrug": {0, 1}, "rise": {0, 0},
		"arm": {-150, 185}, "spread": {0, 0}, "elbow": {-170, 170}, "wrist": {-90, 90},
		"hip": {-15, 60}, "knee": {-60, 60}, "ankle": {0, 0}, "gaze": {0, 150},
	},
}

// field is one number of a pose: its name in poses.toml, the name of its limit, its value.
type field struct {
	name, limit string
	v           float64
}

// fields returns the pose's numbers, for validation.
func (p Pose) fields() [27]field {
	return [27]field{{"twist", "twist", p.Twist},
		{"x", "x", p.X}, {"lean", "lean", p.Lean}, {"round", "round", p.Round}, {"neck", "neck", p.Neck},
		{"head", "head", p.Head}, {"turn", "turn", p.Turn}, {"look", "look", p.Look}, {"rise", "rise", p.Rise}, {"blades", "blades", p.Blades},
		{"shrug_r", "shrug", p.ShrugR}, {"shrug_l", "shrug", p.ShrugL},
		{"arm_r", "arm", p.ArmR}, {"arm_l", "arm", p.ArmL}, {"spread_r", "spread", p.SpreadR}, {"spread_l", "spread", p.SpreadL},
		{"elbow_r", "elbow", p.ElbowR}, {"elbow_l", "elbow", p.ElbowL},
		{"wrist_r", "wrist", p.WristR}, {"wrist_l", "wrist", p.WristL},
		{"hip_r", "hip", p.HipR}, {"hip_l", "hip", p.HipL}, {"knee_r", "knee", p.KneeR}, {"knee_l", "knee", p.KneeL},
		{"ankle_r", "ankle", p.AnkleR}, {"ankle_l", "ankle", p.AnkleL}, {"gaze", "gaze", p.Gaze},
	}
}

// Validate reports every value of s outside its range, every unknown name, and equal start
// and end poses, each naming the pose and the field: "end: elbow_r: 170 is outside 0..150
// (side view)". Whether the poses fit in the picture is Fits's business.
func (s Spec) Validate() error {
	var errs []error
	lim, ok := fieldLimits[s.View]
	if !ok {
		return fmt.Errorf("view: %q is not side or front", s.View)
	}
	for _, p := range s.Props {
		if !slices.Contains(Props, p) {
			errs = append(errs, fmt.Errorf("props: unknown prop %q (known: %s)", p, strings.Join(Props, ", ")))
		}
	}
	if len(s.Worked) == 0 {
		errs = append(errs, errors.New("worked: missing; name the parts the exercise works"))
	}
	for _, p := range s.Worked {
		if !slices.Contains(Parts, p) {
			errs = append(errs, fmt.Errorf("worked: unknown part %q (known: %s)", p, strings.Join(Parts, ", ")))
		}
	}
	for _, m := range s.Circles {
		if !slices.Contains(Marks, m) {
			errs = append(errs, fmt.Errorf("circles: unknown joint %q (known: %s)", m, strings.Join(Marks, ", ")))
		}
	}
	for _, o := range s.Over {
		if o != "arm-l" || s.View != Side {
			errs = append(errs, fmt.Errorf("over: %q is not arm-l in the side view", o))
		}
	}
	for i, a := range s.Arrows {
		switch {
		case !slices.Contains(Marks, a.Joint):
			errs = append(errs, fmt.Errorf("arrows[%d]: unknown joint %q (known: %s)", i, a.Joint, strings.Join(Marks, ", ")))
		case a.Length < 0 || a.Length > 60:
			errs = append(errs, fmt.Errorf("arrows[%d]: length %g is outside 0..60", i, a.Length))
		case math.Abs(a.DX) > 80 || math.Abs(a.DY) > 80:
			errs = append(errs, fmt.Errorf("arrows[%d]: offset (%g, %g) is more than 80 from the joint", i, a.DX, a.DY))
		}
	}
	for _, np := range []struct {
		name string
		p    Pose
	}{{"start", s.Start}, {"end", s.End}} {
		for _, f := range np.p.fields() {
			l := lim[f.limit]
			if f.v < l.lo || f.v > l.hi {
				if l.lo == 0 && l.hi == 0 {
					errs = append(errs, fmt.Errorf("%s: %s: not used in the %s view", np.name, f.name, s.View))
				} else {
					errs = append(errs, fmt.Errorf("%s: %s: %g is outside %g..%g (%s view)", np.name, f.name, f.v, l.lo, l.hi, s.View))
				}
			}
		}
		if s.View == Side {
			for _, h := range []struct {
				name string
				v    float64
			}{{"hip_r", np.p.HipR}, {"hip_l", np.p.HipL}} {
				if flex := h.v + np.p.Lean; flex < -35 || flex > 160 {
					errs = append(errs, fmt.Errorf("%s: %s: %g with lean %g bends the hip %g, outside -35..160", np.name, h.name, h.v, np.p.Lean, flex))
				}
			}
		}
		for _, h := range []string{np.p.HandR, np.p.HandL} {
			if !slices.Contains(Hands, h) {
				errs = append(errs, fmt.Errorf("%s: hand: unknown shape %q (known: fist, fan, cup)", np.name, h))
			}
		}
		if np.p.Eyes != "" && np.p.Eyes != "closed" {
			errs = append(errs, fmt.Errorf("%s: eyes: %q is not \"closed\"", np.name, np.p.Eyes))
		}
		if np.p.Breath != "" && np.p.Breath != "in" && np.p.Breath != "out" {
			errs = append(errs, fmt.Errorf("%s: breath: %q is not in or out", np.name, np.p.Breath))
		}
	}
	if s.Start == s.End {
		errs = append(errs, errors.New("end: the same as start; the picture must show a movement"))
	}
	return errors.Join(errs...)
}

// Fits reports a pose of s that reaches outside the picture. It lays both poses out, which
// Validate does not, so that decoding stays cheap; the catalog test calls it for every entry.
func (s Spec) Fits() error {
	_, from := s.raw(s.Start, true)
	_, to := s.raw(s.End, false)
	for i, a := range s.Arrows {
		if a.Length == 0 && from[a.Joint] == to[a.Joint] {
			return fmt.Errorf("arrows[%d]: %s does not move; give the arrow a length and an angle", i, a.Joint)
		}
	}
	for _, w := range []Which{StartPose, EndPose} {
		for _, sh := range s.Layout(w) {
			if sh.Class == ClassPropFill || sh.Key == "floor" {
				continue // walls and floors may run past the frame
			}
			for _, p := range sh.Pts {
				if p.X < -0.5 || p.X > Size+0.5 || p.Y < -0.5 || p.Y > Size+0.5 {
					return fmt.Errorf("%s: the %s reaches outside the picture at (%.0f, %.0f); move it with x or change the pose", w, sh.Key, p.X, p.Y)
				}
			}
		}
	}
	return nil
}
