package figure

import (
	"math"
	"slices"
	"strings"
)

// Size is the width and height of the picture box, in units; renderers scale it.
const Size = 200

// floorY is the floor's height in the box (units from the top).
const floorY = 192

// Body proportions, in units (the standing figure is about 150 tall).
const (
	torsoLen   = 46
	neckLen    = 9
	headR      = 10.5
	upperArm   = 27
	foreArm    = 23
	handLen    = 9
	thighLen   = 38
	shinLen    = 36
	footLen    = 13
	heelLen    = 3
	limbW      = 8    // stroke width of arms and legs
	torsoW     = 13   // stroke width of the torso seen from the side
	neckW      = 7    // stroke width of the neck
	propW      = 4    // stroke width of furniture
	markW      = 2.6  // stroke width of arrows, sight lines and breath
	seatTop    = 36   // a chair's seat above the floor (side view)
	doorTop    = 172  // a door frame's height (side view)
	frontSeat  = 44   // the same in the front view, where the thighs point at the viewer
	hipHalf    = 7.5  // half the hip width, front view
	shoulderHW = 15   // half the shoulder width, front view
	waistHW    = 10.5 // half the waist width, front view
)

// maxZoom is how much larger than standing height a small pose may be drawn; margin is the
// space kept free around the figure, in units.
const (
	maxZoom = 1.35
	margin  = 6
)

// Which selects a pose of a Spec.
type Which int

// The two poses.
const (
	StartPose Which = iota
	EndPose
)

func (w Which) String() string {
	if w == StartPose {
		return "start"
	}
	return "end"
}

// Class is the role of a shape; each renderer maps it to a colour of its Theme.
type Class string

// The shape classes.
const (
	ClassBody      Class = "body"       // the near side and the trunk
	ClassFar       Class = "far"        // limbs on the far side
	ClassAccent    Class = "accent"     // worked parts, near side
	ClassAccentFar Class = "accent-far" // worked parts, far side
	ClassProp      Class = "prop"       // furniture lines
	ClassPropFill  Class = "prop-fill"  // wall and backrest areas
	ClassFace      Class = "face"       // eyes, drawn in the background colour
	ClassMark      Class = "mark"       // arrows, sight lines, breath
)

// Pt is a point in the box, y down.
type Pt struct{ X, Y float64 }

// Shape is one element of a picture: a polyline stroked with round caps and joins, or (Width
// 0) a filled polygon. Key names it; the same key in the start and end pictures is the same
// element in another position, which the animation moves.
type Shape struct {
	Key    string
	Class  Class
	Width  float64
	Pts    []Pt
	Closed bool
	// Static shapes (props) do not move between the poses.
	Static bool
}

// Layout returns the display list of one pose of s, in the Size×Size box: the same scale for
// every exercise, the floor at the bottom, centred across from both poses together.
func (s Spec) Layout(w Which) []Shape {
	a, ja := s.raw(s.Start, true)
	b, jb := s.raw(s.End, false)
	b = append(b, s.arrows(ja, jb)...)
	minX, maxX, maxY := math.Inf(1), math.Inf(-1), 0.0
	for _, set := range [][]Shape{a, b} {
		for _, sh := range set {
			if sh.Class == ClassPropFill || sh.Key == "floor" {
				continue // walls and floors may be cut by the frame
			}
			for _, p := range sh.Pts {
				minX = min(minX, p.X-sh.Width/2)
				maxX = max(maxX, p.X+sh.Width/2)
				maxY = max(maxY, p.Y+sh.Width/2)
			}
		}
	}
	// Small poses (sitting, arms low) are drawn larger, up to maxZoom; line widths stay the
	// same across every picture.
	zoom := min(maxZoom, (floorY-margin)/maxY, (Size-2*margin)/(maxX-minX))
	zoom = max(zoom, 1)
	cx := (minX + maxX) / 2
	out := a
	if w == EndPose {
		out = b
	}
	for i := range out {
		clip := out[i].Class == ClassPropFill || out[i].Key == "floor"
		for j, p := range out[i].Pts {
			q := Pt{Size/2 + (p.X-cx)*zoom, floorY - p.Y*zoom}
			if clip { // walls and floors end inside the picture's rounded plate
				q = Pt{min(max(q.X, 10), Size-10), min(max(q.Y, 10), Size-4)}
			}
			out[i].Pts[j] = Pt{round2(q.X), round2(q.Y)}
		}
	}
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// vec is a point or direction in figure coordinates: y up, the floor at 0.
type vec struct{ x, y float64 }

func (a vec) add(b vec) vec         { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec         { return vec{a.x - b.x, a.y - b.y} }
func (a vec) mul(k float64) vec     { return vec{a.x * k, a.y * k} }
func (a vec) at(deg, l float64) vec { return a.add(dir(deg).mul(l)) }

// dir is the unit vector at deg degrees counter-clockwise from +x.
func dir(deg float64) vec {
	r := deg * math.Pi / 180
	return vec{math.Cos(r), math.Sin(r)}
}

// drawing collects the shapes of one pose in figure coordinates.
type drawing struct {
	s      Spec
	end    bool // drawing the end pose: circular arrows are shown on it
	shapes []Shape
	joints []vec // front view: elbow and wrist of the right, then the left arm
	feet   []vec // front view: the right, then the left ankle
	// at holds the pose's joints by Marks name, for circles and arrows.
	at map[string]vec
}

func (d *drawing) worked(part string) bool { return slices.Contains(d.s.Worked, part) }

// class picks the colour class of a part on the near or far side.
func (d *drawing) class(part string, far bool) Class {
	switch {
	case d.worked(part) && far:
		return ClassAccentFar
	case d.worked(part):
		return ClassAccent
	case far:
		return ClassFar
	}
	return ClassBody
}

func (d *drawing) line(key string, c Class, w float64, pts ...vec) {
	sh := Shape{Key: key, Class: c, Width: w}
	for _, p := range pts {
		sh.Pts = append(sh.Pts, Pt{p.x, p.y})
	}
	d.shapes = append(d.shapes, sh)
}

// halo draws a line in the background colour, a little wider than the limb drawn over it
// next, so that a near limb stays apart from the trunk behind it.
func (d *drawing) halo(key string, w float64, pts ...vec) {
	d.line(key+"-halo", ClassFace, w+3.2, pts...)
}

func (d *drawing) fill(key string, c Class, pts ...vec) {
	d.line(key, c, 0, pts...)
	d.shapes[len(d.shapes)-1].Closed = true
}

func (d *drawing) static(key string, c Class, w float64, pts ...vec) {
	d.line(key, c, w, pts...)
	d.shapes[len(d.shapes)-1].Static = true
}

// circle returns n points on a circle.
func circle(c vec, r float64, n int) []vec {
	pts := make([]vec, n)
	for i := range pts {
		pts[i] = c.at(float64(i)*360/float64(n), r)
	}
	return pts
}

// bezier returns points on the quadratic curve a-c-b.
func bezier(a, c, b vec, n int) []vec {
	pts := make([]vec, 0, n+1)
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		pts = append(pts, vec{u*u*a.x + 2*u*t*c.x + t*t*b.x, u*u*a.y + 2*u*t*c.y + t*t*b.y})
	}
	return pts
}

// raw lays out one pose in figure coordinates. The props come from the start pose, so that
// they stand still while the figure moves.
func (s Spec) raw(p Pose, start bool) ([]Shape, map[string]vec) {
	d := &drawing{s: s, end: !start}
	propsFrom := s.Start
	if s.View == Front {
		d.front(p, propsFrom)
	} else {
		d.side(p, propsFrom)
	}
	return d.shapes, d.at
}

// arrows draws the Spec's arrows for the end pose: each from where its joint starts to
// where it ends, or, for a hold, a fixed push.
func (s Spec) arrows(from, to map[string]vec) []Shape {
	d := &drawing{s: s}
	for _, a := range s.Arrows {
		off := vec{a.DX, a.DY}
		p, q := from[a.Joint].add(off), to[a.Joint].add(off)
		if a.Length > 0 {
			q = to[a.Joint].add(off)
			p = q.at(a.Angle+180, a.Length)
		}
		v := q.sub(p)
		l := math.Hypot(v.x, v.y)
		if l < 1e-6 {
			continue // Validate reports an arrow of a joint that does not move
		}
		u := v.mul(1 / l)
		if l < minArrow { // a short move still gets a readable arrow
			mid := p.add(q).mul(0.5)
			p, q = mid.add(u.mul(-minArrow/2)), mid.add(u.mul(minArrow/2))
		}
		ang := math.Atan2(u.y, u.x) * 180 / math.Pi
		key := "arrow-" + a.Joint
		d.line(key, ClassMark, markW, p, q.add(u.mul(-3)))
		d.fill(key+"-head", ClassMark, q.at(ang, 1), q.at(ang+150, 7), q.at(ang-150, 7))
	}
	return d.shapes
}

// minArrow is the shortest arrow drawn, in units.
const minArrow = 12

// limb is one arm or leg laid out: its joints from the root.
type limb struct{ root, mid, end, tip vec }

// sideArm lays out an arm in the side view from the shoulder. With spread the arm's plane is
// turned out of the picture by that many degrees: each segment keeps its angle in that plane
// and is drawn as seen from the side, its forward part shortened by cos(spread).
func sideArm(sh vec, lean, arm, spread, elbow, wrist float64) (limb, float64) {
	if spread != 0 {
		c := math.Cos(spread * math.Pi / 180)
		// seg is a segment at deg from hanging in the arm's plane, seen from the side: its
		// angle in the picture and its drawn length.
		seg := func(deg, l float64) (float64, float64) {
			r := deg * math.Pi / 180
			fwd, up := math.Sin(r)*c, -math.Cos(r)
			return math.Atan2(up, fwd)*180/math.Pi - lean, l * math.Hypot(fwd, up)
		}
		ua, ul := seg(arm, upperArm)
		fa, fl := seg(arm+elbow, foreArm)
		ha, _ := seg(arm+elbow+wrist, handLen)
		e := sh.at(ua, ul)
		w := e.at(fa, fl)
		return limb{sh, e, w, w.at(ha, handLen)}, ha
	}
	up := -90 - lean + arm
	fore := up + elbow
	hand := fore + wrist
	e := sh.at(up, upperArm)
	w := e.at(fore, foreArm)
	return limb{sh, e, w, w.at(hand, handLen)}, hand
}

// sideLeg lays out a leg in the side view from the hip; the tip is the toe, heel the heel.
// The thigh's angle is from straight down, whatever the torso does.
func sideLeg(h vec, hip, knee, ankle float64) (l limb, heel vec) {
	thigh := -90 + hip
	shin := thigh - knee
	foot := shin + 90 - ankle
	k := h.at(thigh, thighLen)
	a := k.at(shin, shinLen)
	return limb{h, k, a, a.at(foot, footLen)}, a.at(foot, -heelLen)
}

func (d *drawing) side(p Pose, props Pose) {
	// The hips: on the seat, or placed so that the lowest foot stands on the floor.
	hip := vec{p.X, seatTop + limbW/2}
	if !p.Seated {
		lowest := math.Inf(1)
		for _, lg := range [][3]float64{{p.HipR, p.KneeR, p.AnkleR}, {p.HipL, p.KneeL, p.AnkleL}} {
			l, heel := sideLeg(vec{}, lg[0], lg[1], lg[2])
			lowest = min(lowest, l.tip.y, heel.y)
		}
		hip.y = -lowest + limbW/2 + p.Rise
	}
	d.sideProps(props)

	shoulderDir := 90 - p.Lean
	top, shR, shL := sideShoulders(hip, p)
	back := dir(shoulderDir + 90) // toward the figure's back
	ctrl := hip.add(top).mul(0.5).add(back.mul(p.Round * 13))

	armR, handR := sideArm(shR, p.Lean, p.ArmR, p.SpreadR, p.ElbowR, p.WristR)
	armL, handL := sideArm(shL, p.Lean, p.ArmL, p.SpreadL, p.ElbowL, p.WristL)
	legR, heelR := sideLeg(hip, p.HipR, p.KneeR, p.AnkleR)
	legL, heelL := sideLeg(hip, p.HipL, p.KneeL, p.AnkleL)

	// Far side first, then the trunk, then the near side.
	d.sideLeg("leg-l", legL, heelL, true)
	over := slices.Contains(d.s.Over, "arm-l")
	if !over {
		d.sideArm("arm-l", armL, handL, p.HandL, true)
	}
	d.line("torso", d.class("torso", false), torsoW, bezier(hip, ctrl, top, 10)...)
	if d.worked("shoulders") {
		d.line("shoulder-l", ClassAccent, torsoW-2, shL.at(shoulderDir, 2), shL.at(shoulderDir, -9))
	}
	// Neck and head.
	nd := shoulderDir + p.Neck*-1
	neckTop := top.at(nd, neckLen)
	hd := nd - p.Head
	c := neckTop.at(hd, headR-2)
	d.line("neck", d.class("neck", false), neckW, top.at(nd, -2), neckTop)
	d.headSide(c, hd, p)
	d.sideLeg("leg-r", legR, heelR, false)
	d.sideArm("arm-r", armR, handR, p.HandR, false)
	if over {
		// The far arm works across the body in front of the near one (a hand easing the
		// other's fingers): draw it last, in full colour.
		d.sideArm("arm-l", armL, handL, p.HandL, false)
	}
	d.marks(p, map[string]vec{
		"head": c, "eyes": c.at(hd-90, headR*0.45).at(hd, headR*0.2), "shoulder-r": shR, "shoulder-l": shL,
		"hand-r": armR.end, "hand-l": armL.end, "foot-r": legR.end, "foot-l": legL.end,
		"elbow-r": armR.mid, "elbow-l": armL.mid, "hip": hip,
	}, c, hd-90)
}

// sideShoulders returns the top of the torso and the right and left shoulders of p in the
// side view, from the hips.
func sideShoulders(hip vec, p Pose) (top, shR, shL vec) {
	shoulderDir := 90 - p.Lean
	top = hip.at(shoulderDir, torsoLen)
	back := dir(shoulderDir + 90) // toward the figure's back
	shR = top.add(back.mul(p.Blades*-4)).at(shoulderDir, p.ShrugR*6-3)
	shL = top.add(back.mul(p.Blades*-4)).at(shoulderDir, p.ShrugL*6-3)
	return top, shR, shL
}

// headSide draws a head in profile facing along face-90 … the face looks toward hd-90.
func (d *drawing) headSide(c vec, hd float64, p Pose) {
	d.fill("head", d.class("head", false), circle(c, headR, 32)...)
	face := hd - 90 // the direction the face looks
	nose := c.at(face, headR-1).at(hd, -2.5)
	d.line("nose", d.class("head", false), 4.5, nose, nose.at(face, 3).at(hd, -1.5))
	eye := c.at(face, headR*0.48).at(hd, 2)
	eyeClass := ClassFace
	if d.worked("eyes") {
		eyeClass = ClassAccent
	}
	if p.Eyes == "closed" {
		d.line("eye", eyeClass, 1.8, eye.at(face, -2), eye.at(face, 2))
	} else {
		d.fill("eye", eyeClass, circle(eye, 1.9, 12)...)
	}
}

func (d *drawing) sideArm(key string, l limb, hand float64, shape string, far bool) {
	if !far {
		d.halo(key, limbW, l.root.add(l.mid.sub(l.root).mul(0.3)), l.mid, l.end)
	}
	d.line(key+"-upper", d.class("upper-arms", far), limbW, l.root, l.mid)
	d.line(key+"-fore", d.class("forearms", far), limbW-0.5, l.mid, l.end)
	d.hand(key+"-hand", l.end, hand, shape, far)
	if d.worked("shoulders") && !far {
		d.line(key+"-cap", ClassAccent, limbW+1.5, l.root, l.root.add(l.mid.sub(l.root).mul(0.35)))
	}
}

// hand draws a hand from the wrist w along direction deg.
func (d *drawing) hand(key string, w vec, deg float64, shape string, far bool) {
	c := d.class("hands", far)
	switch shape {
	case "fist":
		d.fill(key, c, circle(w.at(deg, 4), 5.2, 16)...)
	case "fan":
		pts := []vec{w}
		for i := -2; i <= 2; i++ {
			a := deg + float64(i)*22
			pts = append(pts, w.at(a, handLen+2), w)
		}
		d.line(key, c, 2.6, pts...)
	case "cup":
		d.line(key, c, limbW-1.5, w, w.at(deg, 4))
		g := w.at(deg, 6)
		d.fill(key+"-glass", ClassMark, g.add(vec{-4, -6}), g.add(vec{4, -6}), g.add(vec{5, 8}), g.add(vec{-5, 8}))
	default:
		d.line(key, c, limbW-2, w, w.at(deg, handLen))
	}
}

func (d *drawing) sideLeg(key string, l limb, heel vec, far bool) {
	if !far {
		d.halo(key, limbW+1, l.root.add(l.mid.sub(l.root).mul(0.3)), l.mid, l.end)
	}
	d.line(key+"-thigh", d.class("thighs", far), limbW+1, l.root, l.mid)
	d.line(key+"-shin", d.class("shins", far), limbW, l.mid, l.end)
	d.line(key+"-foot", d.class("feet", far), limbW-2, heel, l.end, l.tip)
}

// sideProps draws the furniture of the side view around the start pose p.
func (d *drawing) sideProps(p Pose) {
	hx := p.X
	for _, pr := range d.s.Props {
		switch pr {
		case "wall":
			d.static("wall", ClassPropFill, 0, vec{hx - 200, 0}, vec{hx - 8, 0}, vec{hx - 8, 200}, vec{hx - 200, 200})
			d.shapes[len(d.shapes)-1].Closed = true
		case "chair":
			d.static("chair-back", ClassProp, propW, vec{hx - 13, seatTop - 2}, vec{hx - 17, seatTop + 40})
			d.static("chair-seat", ClassProp, propW+1, vec{hx - 14, seatTop - 2}, vec{hx + 22, seatTop - 2})
			d.static("chair-legs", ClassProp, propW-1, vec{hx - 12, seatTop - 2}, vec{hx - 12, 0})
			d.static("chair-legs2", ClassProp, propW-1, vec{hx + 18, seatTop - 2}, vec{hx + 18, 0})
		case "desk":
			d.static("desk", ClassProp, propW+1, vec{hx + 52, 72}, vec{hx + 100, 72})
			d.static("desk-leg", ClassProp, propW-1, vec{hx + 92, 72}, vec{hx + 92, 0})
		case "screen":
			// A monitor on the desk, set up as the screen check asks: its top edge at the
			// eye height of a figure sitting tall (about 106), so that eyes are level with it.
			d.static("screen", ClassProp, propW+2, vec{hx + 82, 80}, vec{hx + 80, 106})
			d.static("screen-foot", ClassProp, propW-1, vec{hx + 84, 74}, vec{hx + 84, 80})
		case "desk-near":
			// A desk just in front of a standing figure, its edge within reach.
			d.static("desk", ClassProp, propW+1, vec{hx + 21, 72}, vec{hx + 90, 72})
			d.static("desk-leg", ClassProp, propW-1, vec{hx + 82, 72}, vec{hx + 82, 0})
		case "chair-front":
			// A chair in front of the figure, its backrest toward it, to hold on to.
			d.static("chair-back", ClassProp, propW, vec{hx + 24, seatTop - 2}, vec{hx + 26, seatTop + 44})
			d.static("chair-seat", ClassProp, propW+1, vec{hx + 24, seatTop - 2}, vec{hx + 58, seatTop - 2})
			d.static("chair-legs", ClassProp, propW-1, vec{hx + 26, seatTop - 2}, vec{hx + 26, 0})
			d.static("chair-legs2", ClassProp, propW-1, vec{hx + 56, seatTop - 2}, vec{hx + 56, 0})
		case "doorway":
			// The door frame seen edge-on: a post where the start pose's near forearm is, so
			// that forearms put flat on the frame (spread arms) lie along it.
			_, sh, _ := sideShoulders(vec{hx, 0}, p)
			arm, _ := sideArm(sh, p.Lean, p.ArmR, p.SpreadR, p.ElbowR, p.WristR)
			x := (arm.mid.x + arm.end.x) / 2
			d.static("door", ClassPropFill, 0, vec{x - 6, 0}, vec{x + 6, 0}, vec{x + 6, 200}, vec{x - 6, 200})
			d.shapes[len(d.shapes)-1].Closed = true
			d.static("door-post", ClassProp, propW, vec{x + 4, 0}, vec{x + 4, doorTop})
		case "stairs":
			pts := []vec{{hx - 40, 0}}
			x := hx + 8.0
			for i := range 4 {
				y := float64(i) * 15
				pts = append(pts, vec{x, y}, vec{x, y + 15})
				x += 24
			}
			pts = append(pts, vec{x + 10, 60})
			d.static("stairs", ClassProp, propW, pts...)
		}
	}
	if !slices.Contains(d.s.Props, "stairs") {
		d.static("floor", ClassProp, propW-1, vec{hx - 56, 0}, vec{hx + 56, 0})
	}
}

// marks draws circular arrows, the line of sight and breath.
func (d *drawing) marks(p Pose, at map[string]vec, mouth vec, face float64) {
	d.at = at
	if p.Gaze > 0 {
		e := at["eyes"]
		for i := 0.0; i+4 <= p.Gaze; i += 9 {
			d.line("gaze", ClassMark, markW, e.at(face, 4+i), e.at(face, 8+i))
		}
	}
	if p.Breath != "" {
		// A breath in is one arrow into the nose; a breath out, a puff of three strokes
		// spreading from the mouth.
		m := mouth.at(face, headR+2).at(face-90, 4)
		if p.Breath == "in" {
			tip := m.at(face+90, 3)
			d.line("breath", ClassMark, markW, tip.at(face, 3), tip.at(face, 15))
			d.fill("breath-head", ClassMark, tip, tip.at(face+30, 6), tip.at(face-30, 6))
		} else {
			for i, a := range []float64{-28, 0, 28} {
				d.line("breath"+string(rune('a'+i)), ClassMark, markW, m.at(face+a, 3), m.at(face+a, 13))
			}
		}
	}
	if d.end {
		for _, m := range d.s.Circles {
			d.arrow("circle-"+m, at[m])
		}
	}
}

// arrow draws a circular arrow around c.
func (d *drawing) arrow(key string, c vec) {
	r := 11.0
	if strings.HasPrefix(key, "circle-eyes") || strings.HasPrefix(key, "circle-head") {
		r = headR + 5 // round the head, not over the face
	}
	if key == "circle-hip" {
		r = 19 // round the pelvis, like a hoop
	}
	var pts []vec
	for a := 40.0; a <= 330; a += 10 {
		pts = append(pts, c.at(a, r))
	}
	d.line(key, ClassMark, markW, pts...)
	tip := c.at(335, r)
	d.fill(key+"-head", ClassMark, tip.add(dir(335+90).mul(3)), tip.at(335, 4.5).at(335-90, 2), tip.at(335, -4.5).at(335-90, 2))
}

// front lays out the front view: the figure faces the viewer, its right on the picture's left.
func (d *drawing) front(p Pose, props Pose) {
	hip := vec{p.X, 0}
	if p.Seated {
		hip.y = frontSeat + limbW/2
	} else {
		lowest := math.Inf(1)
		for _, k := range []float64{p.HipR, p.HipL} {
			lowest = min(lowest, -thighLen*math.Cos(k*math.Pi/180)-shinLen)
		}
		hip.y = -lowest + limbW/2 + 2
	}
	d.frontProps(props)

	up := 90 + p.Lean
	right := dir(up + 90) // toward the figure's right
	neckBase := hip.at(up, torsoLen)
	// A twisted trunk shows narrower shoulders, the one turned back a little higher.
	tw := math.Abs(p.Twist)
	shR := neckBase.add(right.mul(shoulderHW*(1-0.45*tw)+p.Twist*3)).at(up, p.ShrugR*8-3)
	shL := neckBase.add(right.mul(-shoulderHW*(1-0.45*tw)+p.Twist*3)).at(up, p.ShrugL*8-3)
	hipR, hipL := hip.add(vec{-hipHalf, 0}), hip.add(vec{hipHalf, 0})

	// Legs.
	thighLenNow := float64(thighLen)
	if p.Seated {
		thighLenNow = 17 // the thighs point at the viewer
	}
	legR := func(abd, knee float64, sign float64) (vec, vec, vec) {
		h := hipR
		if sign > 0 {
			h = hipL
		}
		th := -90 + sign*abd
		k := h.at(th, thighLenNow)
		a := k.at(th+sign*knee, shinLen)
		return h, k, a
	}
	for _, lg := range []struct {
		key       string
		abd, knee float64
		sign      float64
	}{{"leg-r", p.HipR, p.KneeR, -1}, {"leg-l", p.HipL, p.KneeL, 1}} {
		h, k, a := legR(lg.abd, lg.knee, lg.sign)
		d.feet = append(d.feet, a)
		d.line(lg.key+"-thigh", d.class("thighs", false), limbW+2, h, k)
		d.line(lg.key+"-shin", d.class("shins", false), limbW, k, a)
		d.line(lg.key+"-foot", d.class("feet", false), limbW-2, a, a.add(vec{lg.sign * 9, -1}))
	}

	// The arms are drawn over the torso, so that hands on the chest or belly show.
	type arm struct {
		key               string
		sh                vec
		abd, elbow, wrist float64
		shape             string
		sign              float64
	}
	arms := []arm{{"arm-r", shR, p.ArmR, p.ElbowR, p.WristR, p.HandR, -1}, {"arm-l", shL, p.ArmL, p.ElbowL, p.WristL, p.HandL, 1}}
	// With the trunk twisted, the arm on the side it turns toward goes behind it.
	back := func(a arm) bool { return p.Twist*-a.sign > 0.3 }
	d.joints = make([]vec, 4)
	drawArm := func(i int, a arm) {
		u := up - 180 + a.sign*a.abd
		f := u + a.sign*a.elbow
		h := f + a.sign*a.wrist
		e := a.sh.at(u, upperArm)
		w := e.at(f, foreArm)
		far := back(a)
		if !far {
			d.halo(a.key, limbW, a.sh.add(e.sub(a.sh).mul(0.35)), e, w)
		}
		d.line(a.key+"-upper", d.class("upper-arms", far), limbW, a.sh, e)
		d.line(a.key+"-fore", d.class("forearms", far), limbW-0.5, e, w)
		d.hand(a.key+"-hand", w, h, a.shape, far)
		d.joints[2*i], d.joints[2*i+1] = e, w
	}
	for i, a := range arms {
		if back(a) {
			drawArm(i, a)
		}
	}
	wR, wL := hip.add(right.mul(waistHW)), hip.add(right.mul(-waistHW))
	d.fill("torso", ClassBody, shR, shL, wL, wR)
	d.line("torso-edge", ClassBody, 6, shR, shL, wL, wR, shR)
	d.line("pelvis", ClassBody, limbW+2, hipR, hipL)
	if d.worked("torso") {
		// The chest and upper back: the top half of the trunk.
		mR, mL := shR.add(wR.sub(shR).mul(0.5)), shL.add(wL.sub(shL).mul(0.5))
		d.fill("chest", ClassAccent, shR, shL, mL, mR)
		d.line("chest-edge", ClassAccent, 6, shR, shL, mL, mR, shR)
	}
	if d.worked("shoulders") {
		d.line("shoulder-r", ClassAccent, 7, neckBase.add(right.mul(5)), shR)
		d.line("shoulder-l", ClassAccent, 7, neckBase.add(right.mul(-5)), shL)
	}
	nd := up + p.Neck
	neckTop := neckBase.at(nd, neckLen-3) // seen from the front, the neck shows shorter
	hd := nd + p.Head
	c := neckTop.at(hd, headR-2)
	d.line("neck", d.class("neck", false), neckW, neckBase.at(nd, -3), neckTop)
	d.fill("head", d.class("head", false), circle(c, headR, 32)...)
	hr := dir(hd + 90) // the head's right
	eyeClass := ClassFace
	if d.worked("eyes") {
		eyeClass = ClassAccent
	}
	for i, s := range []float64{-1, 1} {
		e := c.add(hr.mul(3.8*s+p.Turn*4.5+p.Look*1.6)).at(hd, 1.5)
		if p.Eyes == "closed" {
			d.line("eye"+string(rune('a'+i)), eyeClass, 1.8, e.add(hr.mul(-1.8)), e.add(hr.mul(1.8)))
		} else {
			d.fill("eye"+string(rune('a'+i)), eyeClass, circle(e, 1.7, 12)...)
		}
	}
	if p.Turn != 0 {
		// A turned head shows its nose past the outline, on the side it turns to.
		side := 1.0
		if p.Turn < 0 {
			side = -1
		}
		n := c.add(hr.mul(side*(headR-1.5))).at(hd, -1)
		d.line("nose", d.class("head", false), 5, n, n.add(hr.mul(side*math.Abs(p.Turn)*5.5)).at(hd, -2))
	}
	for i, a := range arms {
		if !back(a) {
			drawArm(i, a)
		}
	}
	handOf := func(i int) vec { return d.joints[2*i+1] }
	d.marks(p, map[string]vec{
		"head": c, "eyes": c.at(hd, 1.5), "shoulder-r": shR, "shoulder-l": shL,
		"hand-r": handOf(0), "hand-l": handOf(1), "elbow-r": d.joints[0], "elbow-l": d.joints[2],
		"foot-r": d.feet[0], "foot-l": d.feet[1], "hip": hip,
	}, c.at(hd, -5), hd-90)
}

// frontProps draws the furniture of the front view.
func (d *drawing) frontProps(p Pose) {
	hx := p.X
	for _, pr := range d.s.Props {
		switch pr {
		case "wall":
			d.static("wall", ClassPropFill, 0, vec{hx - 62, 0}, vec{hx + 62, 0}, vec{hx + 62, 186}, vec{hx - 62, 186})
			d.shapes[len(d.shapes)-1].Closed = true
		case "side-wall":
			// A wall on the figure's right, seen edge-on.
			d.static("wall", ClassPropFill, 0, vec{hx - 200, 0}, vec{hx - 46, 0}, vec{hx - 46, 200}, vec{hx - 200, 200})
			d.shapes[len(d.shapes)-1].Closed = true
		case "chair":
			if !p.Seated {
				break
			}
			y := float64(frontSeat)
			d.static("chair-back", ClassPropFill, 0, vec{hx - 20, y}, vec{hx + 20, y}, vec{hx + 18, y + 46}, vec{hx - 18, y + 46})
			d.shapes[len(d.shapes)-1].Closed = true
			d.static("chair-seat", ClassProp, propW+1, vec{hx - 24, y}, vec{hx + 24, y})
			d.static("chair-legs", ClassProp, propW-1, vec{hx - 21, y}, vec{hx - 23, 0})
			d.static("chair-legs2", ClassProp, propW-1, vec{hx + 21, y}, vec{hx + 23, 0})
		}
	}
	d.static("floor", ClassProp, propW-1, vec{hx - 56, 0}, vec{hx + 56, 0})
}
