package daemon

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/scheduler"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// Pick is the exercises picked for a break of Rule, and the request they were picked for.
// A pick is used by one break only, and only while what it was made for holds: a changed
// duration, categories or exclusions, or the break it was made for going away unstarted
// (skipped, set aside by a pause, ignored), makes the next break pick afresh.
type Pick struct {
	Rule      string       `json:"rule"`
	Request   tips.Request `json:"request"`
	Exercises []string     `json:"exercises"`
}

// savedTips is what the daemon keeps in store.State.Tips: the picker's memory (its fields
// at the top level, as before picks were saved, so older state still reads), the pick
// waiting for the next break, and the pick of the running break.
type savedTips struct {
	tips.Memory
	Next    *Pick `json:"next_pick,omitempty"`
	Running *Pick `json:"running_pick,omitempty"`
}

// BreakRequest is what a break of rule at the time at (in the config's zone) asks the
// picker for under cfg.
func BreakRequest(cfg *config.Config, rule scheduler.Rule, at time.Time) tips.Request {
	return tips.Request{
		Duration:          rule.Duration,
		Categories:        rule.Categories,
		Exclude:           cfg.Tips.Exclude,
		ExcludeCategories: cfg.Tips.ExcludeCategories,
		At:                at,
	}
}

// PickExercises is the one way a break's exercises are picked, by the daemon and by
// "deskbreak tips next": seeded from mem and the rule's name, so that the pick can be
// shown ahead of time. It returns the exercises, as a Pick, and the memory after the pick.
func PickExercises(cat *tips.Catalog, mem tips.Memory, rule string, req tips.Request) ([]tips.Picked, Pick, tips.Memory, error) {
	p := tips.NewPicker(cat, mem, mem.Rand(rule))
	ex, err := p.Pick(req)
	pk := Pick{Rule: rule, Request: req}
	for _, e := range ex {
		pk.Exercises = append(pk.Exercises, e.ID)
	}
	return ex, pk, p.Memory(), err
}

// NextExercises returns the exercises the next break of rule will get, asking for req,
// given the daemon's saved Tips (store.State.Tips): the pick waiting for it when that was
// made for the same rule and request, else what PickExercises picks now. Nothing changes.
func NextExercises(cat *tips.Catalog, saved []byte, rule string, req tips.Request) ([]tips.Picked, error) {
	st, err := decodeTips(saved)
	if err != nil {
		return nil, err
	}
	if ex, ok := st.Next.exercises(cat, rule, req); ok {
		return ex, nil
	}
	ex, _, _, err := PickExercises(cat, st.Memory, rule, req)
	return ex, err
}

// decodeTips reads the daemon's saved Tips; empty is a fresh memory.
func decodeTips(saved []byte) (savedTips, error) {
	var st savedTips
	if len(saved) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(saved, &st); err != nil {
		return savedTips{}, fmt.Errorf("read the exercise picker's memory: %w", err)
	}
	return st, nil
}

// exercises returns the exercises of p when it was made for rule and req and every one is
// still in the catalog, as the picker gave them.
func (p *Pick) exercises(cat *tips.Catalog, rule string, req tips.Request) ([]tips.Picked, bool) {
	if p == nil || p.Rule != rule || !sameRequest(p.Request, req) {
		return nil, false
	}
	var out []tips.Picked
	for _, id := range p.Exercises {
		e, ok := cat.Exercise(id)
		if !ok {
			return nil, false
		}
		out = append(out, tips.Picked{Exercise: e, Duration: e.Duration()})
	}
	return out, true
}

// sameRequest reports whether a pick for a still fits b: the same break, whenever it is (At
// only counts days for the picker's memory).
func sameRequest(a, b tips.Request) bool {
	return a.Duration == b.Duration && slices.Equal(a.Categories, b.Categories) &&
		slices.Equal(a.Exclude, b.Exclude) && slices.Equal(a.ExcludeCategories, b.ExcludeCategories)
}
