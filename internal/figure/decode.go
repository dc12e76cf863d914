package figure

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/deskbreak/deskbreak/internal/strictoml"
)

// rawSpec is one table of a poses file.
type rawSpec struct {
	View    string         `toml:"view"`
	Props   []string       `toml:"props"`
	Worked  []string       `toml:"worked"`
	Circles []string       `toml:"circles"`
	Arrows  []Arrow        `toml:"arrows"`
	Over    []string       `toml:"over"`
	Start   map[string]any `toml:"start"`
	End     map[string]any `toml:"end"`
}

// Defaults returns the resting pose a Spec's start is drawn from: sitting with the hands on
// the thighs, or standing with the arms hanging, in the given view.
func Defaults(v View, seated bool) Pose {
	switch {
	case v == Side && seated:
		return Pose{Seated: true, HipR: 90, HipL: 86, KneeR: 90, KneeL: 86,
			ArmR: 10, ElbowR: 40, WristR: 30, ArmL: 6, ElbowL: 44, WristL: 30}
	case v == Side:
		return Pose{HipR: 3, HipL: -3, ArmR: 4, ElbowR: 10, ArmL: -4, ElbowL: 8}
	case seated:
		return Pose{Seated: true, HipR: 50, HipL: 50, KneeR: -50, KneeL: -50, ArmR: 8, ArmL: 8, ElbowR: -12, ElbowL: -12}
	}
	return Pose{HipR: 5, HipL: 5, ArmR: 9, ArmL: 9, ElbowR: 4, ElbowL: 4}
}

// Decode reads a poses file: one TOML table per exercise id, each with a view, props, the
// worked parts, circles, and start and end tables of pose fields (snake case: lean, arm_r,
// elbow_l, seated, hand_r = "fist" …). The start pose is laid over Defaults for its view and
// seating, and the end pose over the start, so each names only what changes. Every entry is
// validated; the error lists every problem, one per line, each naming the id and the field.
func Decode(data []byte) (map[string]Spec, error) {
	var raw map[string]rawSpec
	if err := strictoml.Decode(data, &raw, "poses"); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(raw))
	for id := range raw {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make(map[string]Spec, len(raw))
	var errs []error
	for _, id := range ids {
		r := raw[id]
		s := Spec{View: View(r.View), Props: r.Props, Worked: r.Worked, Circles: r.Circles, Arrows: r.Arrows, Over: r.Over}
		seated, _ := r.Start["seated"].(bool)
		var perr []error
		s.Start = Defaults(s.View, seated)
		perr = append(perr, s.Start.apply("start", r.Start)...)
		s.End = s.Start
		perr = append(perr, s.End.apply("end", r.End)...)
		if r.Start == nil {
			perr = append(perr, errors.New("start: missing"))
		}
		if r.End == nil {
			perr = append(perr, errors.New("end: missing"))
		}
		if len(perr) == 0 {
			if err := s.Validate(); err != nil {
				perr = append(perr, err)
			}
		}
		for _, e := range perr {
			for _, line := range strings.Split(e.Error(), "\n") {
				errs = append(errs, fmt.Errorf("%s: %s", id, line))
			}
		}
		out[id] = s
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid poses: %w", errors.Join(errs...))
	}
	return out, nil
}

// apply sets the fields named in m, reporting unknown names and values of the wrong type.
func (p *Pose) apply(where string, m map[string]any) []error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		v := m[k]
		if f := p.number(k); f != nil {
			switch n := v.(type) {
			case int64:
				*f = float64(n)
			case float64:
				*f = n
			default:
				errs = append(errs, fmt.Errorf("%s: %s: %v is not a number", where, k, v))
			}
			continue
		}
		if f := p.text(k); f != nil {
			if s, ok := v.(string); ok {
				*f = s
			} else {
				errs = append(errs, fmt.Errorf("%s: %s: %v is not a string", where, k, v))
			}
			continue
		}
		if k == "seated" {
			if b, ok := v.(bool); ok {
				p.Seated = b
			} else {
				errs = append(errs, fmt.Errorf("%s: seated: %v is not true or false", where, v))
			}
			continue
		}
		errs = append(errs, fmt.Errorf("%s: unknown field %q", where, k))
	}
	return errs
}

// number returns the numeric field of p named k in poses.toml, or nil.
func (p *Pose) number(k string) *float64 {
	switch k {
	case "x":
		return &p.X
	case "rise":
		return &p.Rise
	case "lean":
		return &p.Lean
	case "round":
		return &p.Round
	case "neck":
		return &p.Neck
	case "head":
		return &p.Head
	case "turn":
		return &p.Turn
	case "twist":
		return &p.Twist
	case "look":
		return &p.Look
	case "blades":
		return &p.Blades
	case "shrug_r":
		return &p.ShrugR
	case "shrug_l":
		return &p.ShrugL
	case "arm_r":
		return &p.ArmR
	case "arm_l":
		return &p.ArmL
	case "spread_r":
		return &p.SpreadR
	case "spread_l":
		return &p.SpreadL
	case "elbow_r":
		return &p.ElbowR
	case "elbow_l":
		return &p.ElbowL
	case "wrist_r":
		return &p.WristR
	case "wrist_l":
		return &p.WristL
	case "hip_r":
		return &p.HipR
	case "hip_l":
		return &p.HipL
	case "knee_r":
		return &p.KneeR
	case "knee_l":
		return &p.KneeL
	case "ankle_r":
		return &p.AnkleR
	case "ankle_l":
		return &p.AnkleL
	case "gaze":
		return &p.Gaze
	}
	return nil
}

// text returns the string field of p named k in poses.toml, or nil.
func (p *Pose) text(k string) *string {
	switch k {
	case "hand_r":
		return &p.HandR
	case "hand_l":
		return &p.HandL
	case "eyes":
		return &p.Eyes
	case "breath":
		return &p.Breath
	}
	return nil
}
