package tips

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Memory is what a Picker remembers between breaks: the shuffle bags and the area rotation.
// It is plain JSON; the daemon keeps it in its state file and hands it back to NewPicker after
// a restart. Its zero value is a fresh start. Ids the catalog no longer has are dropped.
type Memory struct {
	// Used holds, per primary category, the exercise ids picked since that category's bag
	// was last refilled.
	Used map[string][]string `json:"used,omitempty"`
	// NextArea is the body area (one of Areas) the next break starts with; empty means the
	// first.
	NextArea string `json:"next_area,omitempty"`
	// Prompts holds, per topic, the prompt ids shown since that topic's bag was last refilled.
	Prompts map[string][]string `json:"prompts,omitempty"`
	// Days counts the days on which breaks were picked, up to BeginnerDays+1; LastDay is the
	// latest of them ("2006-01-02"). A memory saved before days were counted (bags in use,
	// no LastDay) belongs to someone past the first days.
	Days    int    `json:"days,omitempty"`
	LastDay string `json:"last_day,omitempty"`
}

// Request describes one break to fill.
type Request struct {
	// Duration is the length of the break; the picked exercises fill between MinFill percent
	// of it and all of it.
	Duration time.Duration
	// Categories, when not empty, limits the pool to exercises with at least one of them
	// (a break rule's categories). Exercises that need a wall or a doorway or take the
	// person out of the room (see Exercise.AtDesk) are picked only when Categories names one
	// of their categories.
	Categories []string
	// Exclude lists exercise ids never to pick ([tips] exclude).
	Exclude []string
	// ExcludeCategories drops every exercise with any of these categories
	// ([tips] exclude_categories).
	ExcludeCategories []string
	// At is when the break happens. Its date (in At's location) counts the days on which
	// the person had breaks, which keeps isometric holds out of the first BeginnerDays; the
	// zero time counts no day.
	At time.Time
}

const (
	// MinFill is the least share of a break, in percent, that its exercises fill whenever
	// the pool allows; they never take longer than the break.
	MinFill = 80
	// MaxPerBreak is the most exercises one break gets.
	MaxPerBreak = 8
	// BeginnerDays is how many days with breaks pass before isometric holds are picked
	// (from day BeginnerDays+1 on):
	// seed 001 starts with neck mobility alone for the first couple of weeks and adds the
	// holds later. A rule whose categories name "isometric" gets them from the start.
	BeginnerDays = 10
)

// Picked is one exercise of a picked break.
type Picked struct {
	Exercise
	// Duration is the time the break gives the exercise (its catalog time). Every display
	// of the break (notification, tray, status, tips next) shows this one, so they agree;
	// it hides Exercise.Duration on purpose.
	Duration time.Duration `json:"-"`
}

// MarshalJSON writes the exercise's fields and duration_seconds, the Duration in whole
// seconds, as the CLI's other JSON does.
func (p Picked) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Exercise
		DurationSeconds int64 `json:"duration_seconds"`
	}{p.Exercise, int64(p.Duration / time.Second)})
}

// Picker chooses exercises for breaks and texts for prompts. It is not safe for concurrent
// use: the daemon's state goroutine owns it.
type Picker struct {
	cat     *Catalog
	r       *rand.Rand
	used    map[string]map[string]bool // primary category -> ids used in the current bag
	next    int                        // index into Areas of the next break's first area
	prompts map[string]map[string]bool // topic -> prompt ids shown in the current bag
	days    int                        // days with breaks, up to BeginnerDays+1
	lastDay string                     // the latest of them
}

// NewPicker returns a picker over c that continues from mem. r is its only source of
// randomness, so a fixed seed gives a fixed sequence of picks; a nil r uses a random seed.
func NewPicker(c *Catalog, mem Memory, r *rand.Rand) *Picker {
	if r == nil {
		r = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	p := &Picker{cat: c, r: r, used: map[string]map[string]bool{}, prompts: map[string]map[string]bool{}}
	for cat, ids := range mem.Used {
		for _, id := range ids {
			if e, ok := c.Exercise(id); ok && e.Primary() == cat {
				if p.used[cat] == nil {
					p.used[cat] = map[string]bool{}
				}
				p.used[cat][id] = true
			}
		}
	}
	if i := slices.Index(Areas, mem.NextArea); i >= 0 {
		p.next = i
	}
	p.days, p.lastDay = min(max(mem.Days, 0), BeginnerDays+1), mem.LastDay
	if mem.LastDay == "" && len(mem.Used) > 0 {
		p.days = BeginnerDays + 1
	}
	for topic, ids := range mem.Prompts {
		for _, id := range ids {
			if slices.ContainsFunc(c.prompts[topic], func(x Prompt) bool { return x.ID == id }) {
				if p.prompts[topic] == nil {
					p.prompts[topic] = map[string]bool{}
				}
				p.prompts[topic][id] = true
			}
		}
	}
	return p
}

// Memory returns what the picker remembers, with sorted ids so that saved state is stable.
func (p *Picker) Memory() Memory {
	m := Memory{NextArea: Areas[p.next], Days: p.days, LastDay: p.lastDay}
	m.Used = setsToLists(p.used)
	m.Prompts = setsToLists(p.prompts)
	return m
}

func setsToLists(sets map[string]map[string]bool) map[string][]string {
	var out map[string][]string
	for k, set := range sets {
		if len(set) == 0 {
			continue
		}
		if out == nil {
			out = map[string][]string{}
		}
		ids := make([]string, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		out[k] = ids
	}
	return out
}

// Eligible returns the exercises a request may draw from, in catalog order: desk-friendly,
// within req.Categories when set, at the desk unless req.Categories asks for one of the
// exercise's categories, and not excluded. The error says which filter emptied the pool.
func (c *Catalog) Eligible(req Request) ([]Exercise, error) {
	idx, err := c.eligible(req)
	if err != nil {
		return nil, err
	}
	out := make([]Exercise, len(idx))
	for i, x := range idx {
		out[i] = c.exercises[x]
	}
	return out, nil
}

// eligible is Eligible as indexes into c.exercises.
func (c *Catalog) eligible(req Request) ([]int, error) {
	for _, name := range req.Categories {
		if !c.HasCategory(name) {
			return nil, fmt.Errorf("unknown category %q in the break's categories (known: %s)", name, strings.Join(c.cats, ", "))
		}
	}
	anyOf := func(cats, names []string) bool {
		return slices.ContainsFunc(cats, func(x string) bool { return slices.Contains(names, x) })
	}
	var pool []int
	desk, inCats, notExcludedCat := 0, 0, 0
	for i, e := range c.exercises {
		if !e.DeskFriendly {
			continue
		}
		desk++
		if len(req.Categories) > 0 && !anyOf(e.Categories, req.Categories) || !e.AtDesk() && len(req.Categories) == 0 {
			continue
		}
		inCats++
		if anyOf(e.Categories, req.ExcludeCategories) {
			continue
		}
		notExcludedCat++
		if slices.Contains(req.Exclude, e.ID) {
			continue
		}
		pool = append(pool, i)
	}
	if len(pool) > 0 {
		return pool, nil
	}
	var steps []string
	if len(req.Categories) > 0 {
		steps = append(steps, fmt.Sprintf("categories [%s] leave %s", strings.Join(req.Categories, " "), plural(inCats)))
	}
	if len(req.ExcludeCategories) > 0 {
		steps = append(steps, fmt.Sprintf("exclude_categories [%s] removes %d", strings.Join(req.ExcludeCategories, " "), inCats-notExcludedCat))
	}
	if len(req.Exclude) > 0 {
		steps = append(steps, fmt.Sprintf("exclude [%s] removes %d", strings.Join(req.Exclude, " "), notExcludedCat))
	}
	return nil, fmt.Errorf("no exercise is eligible: of %s, %s", plural(desk), strings.Join(steps, ", "))
}

func plural(n int) string {
	if n == 1 {
		return "1 desk-friendly exercise"
	}
	return fmt.Sprintf("%d desk-friendly exercises", n)
}

// ErrNoDuration is returned by Pick for a request without a positive duration.
var ErrNoDuration = errors.New("break duration must be positive")

// Pick chooses the exercises for one break and records them in the picker's memory.
//
// The rules, hardest first:
//   - only eligible exercises (see Catalog.Eligible): never one that is not desk-friendly,
//     and what needs a wall, a doorway or leaving the room only when the rule asks;
//   - never longer than the break, and no exercise twice in one break;
//   - in the first BeginnerDays days with breaks, no isometric holds (unless the rule asks
//     for them, or nothing else is left);
//   - shuffle bags: an exercise is not picked again until every eligible exercise of its
//     primary category that fits the break has been picked since its last turn;
//   - at least MinFill percent of the break filled. When what is left in the bags cannot
//     do that, the bags refill; when the whole pool cannot, Pick fills as much as it can;
//   - one or two exercises for a break under two and a half minutes, two to MaxPerBreak
//     (about one a minute) from then on;
//   - the first exercise comes from the next body area of the rotation (Areas) and the
//     others from the areas after it, wherever the time still fits.
//
// Among the exercises each rule allows it picks at random from its source. The error
// names the filters that left nothing to pick; a failed Pick leaves the memory as it was.
func (p *Picker) Pick(req Request) ([]Picked, error) {
	if req.Duration <= 0 {
		return nil, fmt.Errorf("pick exercises for a %v break: %w", req.Duration, ErrNoDuration)
	}
	pool, err := p.cat.eligible(req)
	if err != nil {
		return nil, fmt.Errorf("pick exercises: %w", err)
	}
	ex := p.cat.exercises
	days, day := p.days, ""
	if !req.At.IsZero() {
		if day = req.At.Format(time.DateOnly); day != p.lastDay && days <= BeginnerDays {
			days++
		}
	}
	if days <= BeginnerDays {
		// Still in the first days: keep the holds back, unless the rule asks for them.
		if !slices.Contains(req.Categories, "isometric") {
			if rest := slices.DeleteFunc(slices.Clone(pool), func(i int) bool {
				return slices.Contains(ex[i].Categories, "isometric")
			}); len(rest) > 0 {
				pool = rest
			}
		}
	}
	d := int(req.Duration / time.Second)
	fits := slices.DeleteFunc(slices.Clone(pool), func(i int) bool { return ex[i].Seconds > d })
	if len(fits) == 0 {
		shortest := ex[pool[0]].Seconds
		for _, i := range pool {
			shortest = min(shortest, ex[i].Seconds)
		}
		return nil, fmt.Errorf("pick exercises: none fits a %v break; the shortest eligible one takes %v",
			req.Duration, time.Duration(shortest)*time.Second)
	}
	pool = fits
	// A bag refills when none of its eligible exercises that fit the break is left.
	left := map[string]bool{}
	for _, i := range pool {
		if cat := ex[i].Primary(); !p.used[cat][ex[i].ID] {
			left[cat] = true
		}
	}
	for _, i := range pool {
		if cat := ex[i].Primary(); !left[cat] {
			delete(p.used[cat], ex[i].ID)
		}
	}
	var avail []int
	for _, i := range pool {
		if !p.used[ex[i].Primary()][ex[i].ID] {
			avail = append(avail, i)
		}
	}
	f := &filler{ex: ex, area: p.cat.area, next: p.next, r: p.r, hi: d}
	f.minN, f.maxN = countRange(req.Duration)
	f.lo = (d*MinFill + 99) / 100
	best, ok := f.fill(avail)
	if !ok {
		// What is left in the bags cannot fill the break: refill them all.
		for _, i := range pool {
			delete(p.used[ex[i].Primary()], ex[i].ID)
		}
		best, ok = f.fill(pool)
	}
	if !ok {
		// Nothing can fill MinFill of this break: fill as much of it as the pool can, with
		// as few exercises as that takes.
		f.minN = 1
		f.lo = f.reachable(pool)
		best, _ = f.fill(pool)
	}
	picked := make([]Picked, len(best))
	for k, i := range best {
		e := ex[i]
		picked[k] = Picked{Exercise: e, Duration: e.Duration()}
		cat := e.Primary()
		if p.used[cat] == nil {
			p.used[cat] = map[string]bool{}
		}
		p.used[cat][e.ID] = true
	}
	p.next = (p.cat.area[best[0]] + 1) % len(Areas)
	if day != "" {
		p.days, p.lastDay = days, day
	}
	return picked, nil
}

// areaOf returns the index in Areas of e's primary category's area.
func areaOf(e Exercise) int {
	c, _ := knownCategory(e.Primary())
	return slices.Index(Areas, c.Area)
}

// countRange is the acceptable number of exercises for a break of length d: one or two up
// to two and a half minutes; from then on two up to about one a minute, at least three and
// at most MaxPerBreak.
func countRange(d time.Duration) (lo, hi int) {
	if d < 150*time.Second {
		return 1, 2
	}
	return 2, min(MaxPerBreak, max(3, int(d/time.Minute)))
}

// filler builds one break: it adds exercises one at a time, each the first in its order of
// preference after which the break can still be completed within [lo, hi] seconds with
// minN to maxN exercises.
type filler struct {
	ex         []Exercise
	area       []int // index in Areas of each exercise
	next       int   // the rotation's area for the first exercise
	r          *rand.Rand
	lo, hi     int
	minN, maxN int
}

// fill returns a break drawn from cands, in the order the person does it, and whether one
// inside [lo, hi] exists.
func (f *filler) fill(cands []int) ([]int, bool) {
	if !f.feasible(cands, nil, 0) {
		return nil, false
	}
	var picked []int
	sum := 0
	for len(picked) < f.maxN && (sum < f.lo || len(picked) < f.minN) {
		found := false
		for _, c := range f.order(cands, picked) {
			if f.feasible(cands, append(picked, c), sum+f.ex[c].Seconds) {
				picked, sum, found = append(picked, c), sum+f.ex[c].Seconds, true
				break
			}
		}
		if !found {
			break // cannot happen: the set chosen so far was feasible
		}
	}
	return picked, len(picked) > 0
}

// order returns the candidates not yet picked, most wanted first for the next slot: the
// slot's area of the rotation first, then the areas after it, at random within an area.
func (f *filler) order(cands, picked []int) []int {
	want := (f.next + len(picked)) % len(Areas)
	out := make([]int, 0, len(cands))
	for _, c := range cands {
		if !slices.Contains(picked, c) {
			out = append(out, c)
		}
	}
	f.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	dist := func(c int) int { return (f.area[c] - want + len(Areas)) % len(Areas) }
	slices.SortStableFunc(out, func(a, b int) int { return dist(a) - dist(b) })
	return out
}

// feasible reports whether picked (whose seconds add up to sum) can be completed from the
// rest of cands into a break of minN to maxN exercises lasting lo to hi seconds.
func (f *filler) feasible(cands, picked []int, sum int) bool {
	n := len(picked)
	if sum > f.hi || n > f.maxN {
		return false
	}
	if sum >= f.lo && n >= f.minN {
		return true
	}
	reach := f.sums(cands, picked, f.maxN-n, f.hi-sum)
	for k := max(0, f.minN-n); k <= f.maxN-n; k++ {
		for s := max(0, f.lo-sum); s <= f.hi-sum; s++ {
			if reach[k].has(s) {
				return true
			}
		}
	}
	return false
}

// reachable returns the longest total, at most hi, that 1 to maxN exercises of cands add
// up to; 0 when none fits.
func (f *filler) reachable(cands []int) int {
	reach := f.sums(cands, nil, f.maxN, f.hi)
	for s := f.hi; s > 0; s-- {
		for k := 1; k <= f.maxN; k++ {
			if reach[k].has(s) {
				return s
			}
		}
	}
	return 0
}

// sums returns, for k = 0..maxK, the set of totals up to limit seconds that k distinct
// exercises of cands (not in skip) add up to.
func (f *filler) sums(cands, skip []int, maxK, limit int) []bitset {
	reach := make([]bitset, maxK+1)
	for k := range reach {
		reach[k] = newBitset(limit + 1)
	}
	reach[0].set(0)
	for _, c := range cands {
		if slices.Contains(skip, c) {
			continue
		}
		sec := f.ex[c].Seconds
		for k := maxK; k >= 1; k-- {
			reach[k].orShifted(reach[k-1], sec)
		}
	}
	return reach
}

// bitset is a set of small non-negative integers.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0 }

// orShifted adds every element of a, plus sh, to b (dropping what falls beyond b).
func (b bitset) orShifted(a bitset, sh int) {
	words, bits := sh/64, uint(sh%64)
	for i := len(b) - 1; i >= words; i-- {
		v := a[i-words] << bits
		if bits > 0 && i-words-1 >= 0 {
			v |= a[i-words-1] >> (64 - bits)
		}
		b[i] |= v
	}
}

// Prompt returns the next text for topic from the topic's shuffle bag: no text repeats until
// every text of the topic has been shown. An unknown topic gives the zero Prompt.
func (p *Picker) Prompt(topic string) Prompt {
	all := p.cat.prompts[topic]
	if len(all) == 0 {
		return Prompt{}
	}
	var left []Prompt
	for _, x := range all {
		if !p.prompts[topic][x.ID] {
			left = append(left, x)
		}
	}
	if len(left) == 0 {
		p.prompts[topic] = map[string]bool{}
		left = all
	}
	if p.prompts[topic] == nil {
		p.prompts[topic] = map[string]bool{}
	}
	x := left[p.r.IntN(len(left))]
	p.prompts[topic][x.ID] = true
	return x
}

// Rand returns the random source for the next break of rule, derived from the exercise part
// of m (the bags and the rotation) and the rule's name. A picker built on it picks exactly
// what the daemon will pick next, so "deskbreak tips next" can show it ahead of time; prompt
// picks do not change it.
func (m Memory) Rand(rule string) *rand.Rand {
	h := fnv.New64a()
	cats := make([]string, 0, len(m.Used))
	for c := range m.Used {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, c := range cats {
		ids := slices.Clone(m.Used[c])
		slices.Sort(ids)
		fmt.Fprintf(h, "%s=%s;", c, strings.Join(ids, ","))
	}
	fmt.Fprintf(h, "next=%s;rule=%s", m.NextArea, rule)
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x6465736b62726b))
}
