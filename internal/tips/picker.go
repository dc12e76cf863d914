package tips

import (
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
}

// Request describes one break to fill.
type Request struct {
	// Duration is the length of the break; the picked exercises add up to it, or close to it.
	Duration time.Duration
	// Categories, when not empty, limits the pool to exercises with at least one of them
	// (a break rule's categories).
	Categories []string
	// Exclude lists exercise ids never to pick ([tips] exclude).
	Exclude []string
	// ExcludeCategories drops every exercise with any of these categories
	// ([tips] exclude_categories).
	ExcludeCategories []string
}

// Fit windows: Pick looks for exercises whose seconds add up to a sum inside
// [Duration-FitUnder, Duration+FitOver], and inside the tighter
// [Duration-TightUnder, Duration+TightOver] where it can.
const (
	FitUnder   = 60 * time.Second
	FitOver    = 30 * time.Second
	TightUnder = 30 * time.Second
	TightOver  = 15 * time.Second
	// MaxPerBreak is the most exercises one break gets.
	MaxPerBreak = 3
)

// Picker chooses exercises for breaks and texts for prompts. It is not safe for concurrent
// use: the daemon's state goroutine owns it.
type Picker struct {
	cat     *Catalog
	r       *rand.Rand
	used    map[string]map[string]bool // primary category -> ids used in the current bag
	next    int                        // index into Areas of the next break's first area
	prompts map[string]map[string]bool // topic -> prompt ids shown in the current bag
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
	m := Memory{NextArea: Areas[p.next]}
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
// within req.Categories when set, and not excluded. The error says which filter emptied the
// pool.
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
		if len(req.Categories) > 0 && !anyOf(e.Categories, req.Categories) {
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

// Pick chooses 1 to MaxPerBreak exercises for one break and records them in the picker's
// memory.
//
// The rules, hardest first:
//   - only eligible exercises (see Catalog.Eligible): never one that is not desk-friendly;
//   - shuffle bags: an exercise is not picked again until every eligible exercise of its
//     primary category has been picked since its last turn;
//   - no exercise twice in one break;
//   - the seconds add up to a sum inside [Duration-FitUnder, Duration+FitOver] whenever the
//     bags allow; otherwise as close to that window as they allow;
//   - the first exercise comes from the next body area of the rotation (Areas), the others
//     from the areas after it, unless only other areas make the time fit;
//   - one or two exercises for a break under two and a half minutes, two or three from
//     then on (a 3-minute break gets 2 or 3), where the time allows;
//   - the sum inside the tighter [Duration-TightUnder, Duration+TightOver];
//   - about one exercise per 75 seconds.
//
// Among equally good choices it picks at random from its source. The error names the
// filters that left nothing to pick; a failed Pick leaves the memory as it was.
func (p *Picker) Pick(req Request) ([]Exercise, error) {
	if req.Duration <= 0 {
		return nil, fmt.Errorf("pick exercises for a %v break: %w", req.Duration, ErrNoDuration)
	}
	pool, err := p.cat.eligible(req)
	if err != nil {
		return nil, fmt.Errorf("pick exercises: %w", err)
	}
	ex := p.cat.exercises
	// Refill every bag that the pool has emptied, then keep what is left in the bags.
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
	byArea := make([][]int, len(Areas))
	for _, i := range pool {
		if !p.used[ex[i].Primary()][ex[i].ID] {
			avail = append(avail, i)
			a := p.cat.area[i]
			byArea[a] = append(byArea[a], i)
		}
	}
	// The rotation: areas that have something, starting at p.next.
	var order []int
	for i := range Areas {
		a := (p.next + i) % len(Areas)
		if len(byArea[a]) > 0 {
			order = append(order, a)
		}
	}
	d := int(req.Duration / time.Second)
	s := &search{ex: ex, d: d, pref: preferredCount(req.Duration), r: p.r}
	s.lo, s.hi = countRange(req.Duration)
	// Tier 0: the rotation order, one slot per area (cycling when fewer areas have anything).
	var lists [][]int
	var slots []int
	for i := range MaxPerBreak {
		a := order[i%len(order)]
		j := slices.Index(order, a)
		if j == len(lists) {
			lists = append(lists, byArea[a])
		}
		slots = append(slots, j)
	}
	s.run(0, lists, slots)
	if s.bestKey[0] > 0 {
		// Tier 1: first from the rotation's area, the rest from anywhere.
		s.run(1, [][]int{byArea[order[0]], avail}, []int{0, 1, 1})
	}
	if s.bestKey[0] > 0 {
		// Tier 2: anything from the bags.
		s.run(2, [][]int{avail}, []int{0, 0, 0})
	}
	picked := make([]Exercise, len(s.best))
	for k, i := range s.best {
		e := ex[i]
		picked[k] = e
		cat := e.Primary()
		if p.used[cat] == nil {
			p.used[cat] = map[string]bool{}
		}
		p.used[cat][e.ID] = true
	}
	p.next = (p.cat.area[s.best[0]] + 1) % len(Areas)
	return picked, nil
}

// areaOf returns the index in Areas of e's primary category's area.
func areaOf(e Exercise) int {
	c, _ := knownCategory(e.Primary())
	return slices.Index(Areas, c.Area)
}

// preferredCount is about one exercise per 75 seconds, between 1 and MaxPerBreak.
func preferredCount(d time.Duration) int {
	n := int((d + 37500*time.Millisecond) / (75 * time.Second))
	return max(1, min(MaxPerBreak, n))
}

// countRange is the acceptable number of exercises for a break of length d: one or two up
// to two and a half minutes, two or three from then on.
func countRange(d time.Duration) (lo, hi int) {
	if d < 150*time.Second {
		return 1, 2
	}
	return 2, MaxPerBreak
}

// search finds the best combination of exercises (indexes into ex) by a lexicographic key
// (see consider); ties are broken uniformly at random (reservoir sampling).
type search struct {
	ex              []Exercise
	d, pref, lo, hi int
	r               *rand.Rand
	best            []int
	bestKey         [5]int
	ties            int
}

// run considers every combination of 1 to len(slots) distinct exercises, the i-th taken
// from lists[slots[i]]. Slots that share a list take their exercises in list order, so that
// one set is not counted once per ordering.
func (s *search) run(tier int, lists [][]int, slots []int) {
	uses := make([]int, len(lists))
	for _, l := range slots {
		uses[l]++
	}
	thin := make([][]int, len(lists))
	for i, l := range lists {
		thin[i] = s.thin(l, uses[i])
	}
	var combo, at [MaxPerBreak]int
	var rec func(n, sum int)
	rec = func(n, sum int) {
		if n > 0 {
			s.consider(tier, combo[:n], sum)
			if n == len(slots) {
				return
			}
		}
		from := 0
		if n > 0 && slots[n] == slots[n-1] {
			from = at[n-1] + 1
		}
		list := thin[slots[n]]
		for i := from; i < len(list); i++ {
			if slices.Contains(combo[:n], list[i]) {
				continue
			}
			combo[n], at[n] = list[i], i
			rec(n+1, sum+s.ex[list[i]].Seconds)
		}
	}
	rec(0, 0)
}

// thin returns list in a random order, keeping at most k exercises of each length: the key
// depends only on lengths, so more would cost time and change nothing but the odds.
func (s *search) thin(list []int, k int) []int {
	l := slices.Clone(list)
	s.r.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
	var count [MaxSeconds + 1]uint8
	out := l[:0]
	for _, i := range l {
		if sec := s.ex[i].Seconds; int(count[sec]) < k {
			count[sec]++
			out = append(out, i)
		}
	}
	return out
}

// consider scores one combination. The key, most important first: how far the sum lies
// outside the fit window; the tier (rotation kept, or not); whether the count is outside
// countRange; whether the sum misses the tight window; the distance from preferredCount.
func (s *search) consider(tier int, combo []int, sum int) {
	lo, hi := s.d-int(FitUnder/time.Second), s.d+int(FitOver/time.Second)
	tlo, thi := s.d-int(TightUnder/time.Second), s.d+int(TightOver/time.Second)
	miss := 0
	if sum < tlo || sum > thi {
		miss = 1
	}
	n := len(combo)
	badCount := 0
	if n < s.lo || n > s.hi {
		badCount = 1
	}
	key := [5]int{outside(sum, lo, hi), tier, badCount, miss, abs(n - s.pref)}
	switch {
	case s.best == nil || less(key, s.bestKey):
		s.best, s.bestKey, s.ties = append(s.best[:0], combo...), key, 1
	case key == s.bestKey:
		s.ties++
		if s.r.IntN(s.ties) == 0 {
			s.best = append(s.best[:0], combo...)
		}
	}
}

func outside(x, lo, hi int) int {
	switch {
	case x < lo:
		return lo - x
	case x > hi:
		return x - hi
	}
	return 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func less(a, b [5]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
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
