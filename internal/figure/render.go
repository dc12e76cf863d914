package figure

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/vector"
)

// Theme gives every shape class a colour.
type Theme struct {
	Name       string
	Background color.NRGBA // also the colour of the eyes
	Colors     map[Class]color.NRGBA
}

func rgb(s string) color.NRGBA {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// Light and Dark are the two themes: the same hues, with the contrast turned around.
var (
	Light = Theme{Name: "light", Background: rgb("#fbfbfd"), Colors: map[Class]color.NRGBA{
		ClassBody: rgb("#2e3a4b"), ClassFar: rgb("#97a2b2"), ClassAccent: rgb("#e35d0e"),
		ClassAccentFar: rgb("#f3a878"), ClassProp: rgb("#a9b3c1"), ClassPropFill: rgb("#e3e8ef"),
		ClassFace: rgb("#fbfbfd"), ClassMark: rgb("#1c7ed6"),
	}}
	Dark = Theme{Name: "dark", Background: rgb("#1d2128"), Colors: map[Class]color.NRGBA{
		ClassBody: rgb("#e4e9f0"), ClassFar: rgb("#7c8796"), ClassAccent: rgb("#ff8c42"),
		ClassAccentFar: rgb("#a9643a"), ClassProp: rgb("#5d6776"), ClassPropFill: rgb("#2b313b"),
		ClassFace: rgb("#1d2128"), ClassMark: rgb("#5cb0ff"),
	}}
)

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// pathData is an SVG path for a shape's points.
func pathData(sh Shape) string {
	var b strings.Builder
	for i, p := range sh.Pts {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString(" L")
		}
		b.WriteString(strconv.FormatFloat(p.X, 'f', -1, 64))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(p.Y, 'f', -1, 64))
	}
	if sh.Closed {
		b.WriteString(" Z")
	}
	return b.String()
}

// style is the CSS of every picture: light colours, dark ones when the page prefers them.
func style(extra string) string {
	var b strings.Builder
	b.WriteString("<style>")
	for _, t := range []Theme{Light, Dark} {
		if t.Name == "dark" {
			b.WriteString("@media (prefers-color-scheme: dark){")
		}
		for _, c := range []Class{ClassBody, ClassFar, ClassAccent, ClassAccentFar, ClassProp, ClassPropFill, ClassFace, ClassMark} {
			col := hex(t.Colors[c])
			fmt.Fprintf(&b, ".fig-%s{stroke:%s}.fig-%s.fig-f{fill:%s}", c, col, c, col)
		}
		if t.Name == "dark" {
			b.WriteString("}")
		}
	}
	b.WriteString(".fig{fill:none;stroke-linecap:round;stroke-linejoin:round}.fig-f{stroke:none}")
	b.WriteString(extra)
	b.WriteString("</style>")
	return b.String()
}

// writePath writes one shape as a path; extra is a further class (an animation's) or "".
// Every class starts with "fig" so that pictures inlined in a page neither take nor give
// styles.
func writePath(b *bytes.Buffer, sh Shape, extra string) {
	cls := "fig fig-" + string(sh.Class)
	if extra != "" {
		cls += " " + extra
	}
	if sh.Width == 0 {
		fmt.Fprintf(b, `<path class="%s fig-f" d="%s"/>`, cls, pathData(sh))
		return
	}
	fmt.Fprintf(b, `<path class="%s" stroke-width="%s" d="%s"/>`, cls, strconv.FormatFloat(sh.Width, 'f', -1, 64), pathData(sh))
}

const svgHead = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="%d" height="%d" role="img"><title>%s</title>`

// SVG draws one pose of s as a still picture, px pixels square, that follows the page's
// light or dark colour scheme. title is its accessible name.
func (s Spec) SVG(w Which, px int, title string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, svgHead, px, px, escape(title))
	b.WriteString(style(""))
	for _, sh := range s.Layout(w) {
		writePath(&b, sh, "")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// AnimationSeconds is the length of one start → end → start cycle of AnimatedSVG.
const AnimationSeconds = 4

// AnimatedSVG draws s moving from its start pose to its end pose and back with CSS, one cycle
// every AnimationSeconds, holding each pose for a moment. The still markup is the end pose, so
// where the page asks for reduced motion (prefers-reduced-motion), or a browser cannot
// animate the CSS d property, the end pose is what shows.
func (s Spec) AnimatedSVG(px int, title string) []byte {
	a, z := s.Layout(StartPose), s.Layout(EndPose)
	// Shapes are matched by key: a part keeps its end pose's colour and drawing order (a
	// twisted trunk's far arm stays behind) while it moves.
	from := map[string]Shape{}
	for _, sh := range a {
		from[sh.Key] = sh
	}
	var css strings.Builder
	var body bytes.Buffer
	// Animation names are unique to the picture, so that several inlined in one page do not
	// take each other's keyframes.
	h := fnv.New32a()
	for _, sh := range z {
		h.Write([]byte(pathData(sh)))
	}
	prefix := fmt.Sprintf("fig%08x-", h.Sum32())
	n := 0
	for _, sh := range z {
		st, ok := from[sh.Key]
		if !ok || sh.Static || len(st.Pts) != len(sh.Pts) || st.Closed != sh.Closed {
			writePath(&body, sh, "")
			continue
		}
		n++
		name := prefix + strconv.Itoa(n)
		fmt.Fprintf(&css, `@keyframes %s{0%%,15%%,100%%{d:path("%s")}50%%,65%%{d:path("%s")}}`, name, pathData(st), pathData(sh))
		fmt.Fprintf(&css, `.%s{animation:%s %ds ease-in-out infinite}`, name, name, AnimationSeconds)
		writePath(&body, sh, name)
	}
	css.WriteString("@media (prefers-reduced-motion: reduce){.fig{animation:none!important}}")
	var b bytes.Buffer
	fmt.Fprintf(&b, svgHead, px, px, escape(title))
	b.WriteString(style(css.String()))
	b.Write(body.Bytes())
	b.WriteString("</svg>\n")
	return b.Bytes()
}

var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace

// Image draws one pose of s into a new px×px image in theme t, on a rounded plate of the
// theme's background so that it reads on any notification. Pure Go: no cgo, no files.
func (s Spec) Image(w Which, px int, t Theme) *image.NRGBA {
	// Draw premultiplied, where x/image/vector has its fast path, then convert once.
	rgba := image.NewRGBA(image.Rect(0, 0, px, px))
	s.Draw(rgba, image.Point{}, w, px, t, true)
	img := image.NewNRGBA(rgba.Bounds())
	draw.Draw(img, img.Bounds(), rgba, image.Point{}, draw.Src)
	return img
}

// Draw paints one pose of s into dst at off, px pixels square, in theme t; plate draws the
// theme's background as a rounded square first.
func (s Spec) Draw(dst *image.RGBA, off image.Point, w Which, px int, t Theme, plate bool) {
	k := float64(px) / Size
	z := vector.NewRasterizer(px, px)
	if plate {
		r := Size * 0.08
		var pts []Pt
		for i, c := range []Pt{{Size - r, Size - r}, {r, Size - r}, {r, r}, {Size - r, r}} {
			for a := 0; a <= 90; a += 15 {
				ang := float64(i*90+a) * math.Pi / 180
				pts = append(pts, Pt{c.X + r*math.Cos(ang), c.Y + r*math.Sin(ang)})
			}
		}
		fillPolys(z, dst, off, px, k, [][]Pt{pts}, t.Background)
	}
	for _, sh := range s.Layout(w) {
		col := t.Colors[sh.Class]
		if sh.Width == 0 {
			fillPolys(z, dst, off, px, k, [][]Pt{sh.Pts}, col)
			continue
		}
		fillPolys(z, dst, off, px, k, strokePolys(sh.Pts, sh.Width/2), col)
	}
}

// strokePolys turns a polyline with round caps and joins into polygons: a disc at every
// point and a rectangle along every segment, all wound the same way so that they add up.
func strokePolys(pts []Pt, r float64) [][]Pt {
	var out [][]Pt
	for i, p := range pts {
		out = append(out, disc(p, r))
		if i == 0 {
			continue
		}
		q := pts[i-1]
		dx, dy := p.X-q.X, p.Y-q.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*r, dx/l*r
		out = append(out, []Pt{{q.X + nx, q.Y + ny}, {q.X - nx, q.Y - ny}, {p.X - nx, p.Y - ny}, {p.X + nx, p.Y + ny}})
	}
	return out
}

func disc(c Pt, r float64) []Pt {
	n := 20
	pts := make([]Pt, n)
	for i := range pts {
		a := -float64(i) * 2 * math.Pi / float64(n)
		pts[i] = Pt{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)}
	}
	return pts
}

// fillPolys fills the union of polygons (in box units) with col over dst.
func fillPolys(z *vector.Rasterizer, dst *image.RGBA, off image.Point, px int, k float64, polys [][]Pt, col color.NRGBA) {
	z.Reset(px, px)
	for _, pl := range polys {
		if len(pl) < 3 {
			continue
		}
		// Wind every polygon the same way, so that overlaps add instead of cancelling.
		area := 0.0
		for i, p := range pl {
			q := pl[(i+1)%len(pl)]
			area += p.X*q.Y - q.X*p.Y
		}
		order := func(i int) Pt { return pl[i] }
		if area < 0 {
			order = func(i int) Pt { return pl[len(pl)-1-i] }
		}
		p0 := order(0)
		z.MoveTo(float32(p0.X*k), float32(p0.Y*k))
		for i := 1; i < len(pl); i++ {
			p := order(i)
			z.LineTo(float32(p.X*k), float32(p.Y*k))
		}
		z.ClosePath()
	}
	z.Draw(dst, image.Rect(off.X, off.Y, off.X+px, off.Y+px), image.NewUniform(col), image.Point{})
}
