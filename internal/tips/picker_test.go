package tips

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustDefault(t testing.TB) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func ids(ex []Exercise) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.ID
	}
	return out
}

func sum(ex []Exercise) time.Duration {
	var d time.Duration
	for _, e := range ex {
		d += e.Duration()
	}
	return d
}

// bagModel checks the shuffle-bag promise from the outside: within each primary category, an
// exercise comes again only after every eligible exercise of that category has been picked
// since its previous turn.
type bagModel struct {
	eligible map[string]map[string]bool // primary category -> eligible ids
	seen     map[string]map[string]bool
}

func newBagModel(pool []Exercise) *bagModel {
	m := &bagModel{eligible: map[string]map[string]bool{}, seen: map[string]map[string]bool{}}
	for _, e := range pool {
		if m.eligible[e.Primary()] == nil {
			m.eligible[e.Primary()] = map[string]bool{}
			m.seen[e.Primary()] = map[string]bool{}
		}
		m.eligible[e.Primary()][e.ID] = true
	}
	return m
}

// pick records one break's exercises and returns a message when the promise broke.
func (m *bagModel) pick(ex []Exercise) string {
	for _, e := range ex {
		cat := e.Primary()
		if m.seen[cat][e.ID] {
			if len(m.seen[cat]) != len(m.eligible[cat]) {
				var missing []string
				for id := range m.eligible[cat] {
					if !m.seen[cat][id] {
						missing = append(missing, id)
					}
				}
				slices.Sort(missing)
				return e.ID + " repeated before " + strings.Join(missing, ", ")
			}
			m.seen[cat] = map[string]bool{}
		}
		m.seen[cat][e.ID] = true
	}
	return ""
}

// available returns what the bags hold before the next pick, by the model: the eligible
// exercises of each primary category not yet seen in its current round, or all of them when
// the round is complete.
func (m *bagModel) available() []int {
	var secs []int
	for cat, el := range m.eligible {
		full := len(m.seen[cat]) == len(el)
		for id := range el {
			if full || !m.seen[cat][id] {
				secs = append(secs, idSeconds[id])
			}
		}
	}
	return secs
}

var idSeconds = map[string]int{}

func init() {
	c, err := Default()
	if err != nil {
		return
	}
	for _, e := range c.Exercises() {
		idSeconds[e.ID] = e.Seconds
	}
}

// canFit reports whether 1 to 3 of the given lengths (distinct entries) add up to a sum
// inside [lo, hi].
func canFit(secs []int, lo, hi int) bool {
	in := func(x int) bool { return x >= lo && x <= hi }
	for i, a := range secs {
		if in(a) {
			return true
		}
		for j := i + 1; j < len(secs); j++ {
			if in(a + secs[j]) {
				return true
			}
			for k := j + 1; k < len(secs); k++ {
				if in(a + secs[j] + secs[k]) {
					return true
				}
			}
		}
	}
	return false
}

// TestPickProperties runs 10,000 picks per scenario and checks every promise of Pick.
//
// "Fits" means: the picked seconds add up to a sum inside [d-60s, d+30s] (FitUnder,
// FitOver), where d is the break's duration. The promise checked on every pick is: the pick
// fits whenever the bags (as an independent model tracks them) hold 1 to 3 exercises that
// fit. On top of that, for the whole catalog and breaks of 30 s to 4 min (alwaysFits), the
// bags always allow it, so every one of those picks fits. For long breaks (beyond what 3
// exercises cover) the pick is never longer than d+30s.
func TestPickProperties(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	scenarios := []struct {
		name       string
		req        Request
		minD, maxD time.Duration
		alwaysFits bool
	}{
		{"whole_catalog", Request{}, 30 * time.Second, 4 * time.Minute, true},
		{"default_break", Request{Duration: 3 * time.Minute}, 0, 0, true},
		{"exclusions", Request{
			Exclude:           []string{"neck-roll", "stairs", "walk", "chin-tuck", "box-breathing"},
			ExcludeCategories: []string{"release", "isometric", "wrists"},
		}, 30 * time.Second, 4 * time.Minute, false},
		{"no_neck", Request{ExcludeCategories: []string{"neck"}}, 30 * time.Second, 4 * time.Minute, false},
		{"rule_categories", Request{Categories: []string{"eyes", "breathing"}}, 30 * time.Second, 2 * time.Minute, false},
		{"narrow", Request{Categories: []string{"water"}}, time.Minute, 10 * time.Minute, false},
		{"long_breaks", Request{}, 4 * time.Minute, 15 * time.Minute, false},
	}
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			pool, err := c.Eligible(sc.req)
			if err != nil {
				t.Fatal(err)
			}
			model := newBagModel(pool)
			r := seeded(uint64(i) + 1)
			durs := rand.New(rand.NewPCG(uint64(i), 7))
			p := NewPicker(c, Memory{}, r)
			fits, possible := 0, 0
			for n := range 10000 {
				req := sc.req
				if req.Duration == 0 {
					span := int64(sc.maxD - sc.minD)
					req.Duration = sc.minD + time.Duration(durs.Int64N(span/int64(time.Second)+1))*time.Second
				}
				d := int(req.Duration / time.Second)
				lo, hi := d-int(FitUnder/time.Second), d+int(FitOver/time.Second)
				canFit := canFit(model.available(), lo, hi)
				got, err := p.Pick(req)
				if err != nil {
					t.Fatalf("pick %d: %v", n, err)
				}
				if len(got) < 1 || len(got) > MaxPerBreak {
					t.Fatalf("pick %d: %d exercises: %v", n, len(got), ids(got))
				}
				seen := map[string]bool{}
				for _, e := range got {
					if !e.DeskFriendly {
						t.Fatalf("pick %d: %s is not desk-friendly", n, e.ID)
					}
					if seen[e.ID] {
						t.Fatalf("pick %d: %s twice in one break", n, e.ID)
					}
					seen[e.ID] = true
					if slices.Contains(req.Exclude, e.ID) {
						t.Fatalf("pick %d: excluded %s picked", n, e.ID)
					}
					for _, cat := range e.Categories {
						if slices.Contains(req.ExcludeCategories, cat) {
							t.Fatalf("pick %d: %s has excluded category %s", n, e.ID, cat)
						}
					}
					if len(req.Categories) > 0 && !slices.ContainsFunc(e.Categories, func(x string) bool { return slices.Contains(req.Categories, x) }) {
						t.Fatalf("pick %d: %s is outside categories %v", n, e.ID, req.Categories)
					}
				}
				if msg := model.pick(got); msg != "" {
					t.Fatalf("pick %d: %s", n, msg)
				}
				s := int(sum(got) / time.Second)
				fit := s >= lo && s <= hi
				if fit {
					fits++
				}
				if canFit {
					possible++
				}
				switch {
				case canFit && !fit:
					t.Errorf("pick %d: %ds break got %ds although the bags allowed a fit: %v", n, d, s, ids(got))
				case sc.alwaysFits && !fit:
					t.Errorf("pick %d: %ds break got %ds: %v", n, d, s, ids(got))
				case d >= 240 && s > hi:
					t.Errorf("pick %d: %ds break got %ds, too long: %v", n, d, s, ids(got))
				}
			}
			t.Logf("%d of 10000 breaks fit; the bags allowed a fit in %d", fits, possible)
		})
	}
}

// TestPickRotatesAreas checks that consecutive breaks start in consecutive body areas and
// that a 3-minute break gets 2 or 3 exercises from different areas.
func TestPickRotatesAreas(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	p := NewPicker(c, Memory{}, seeded(42))
	for n := range 200 {
		want := Areas[n%len(Areas)]
		got, err := p.Pick(Request{Duration: 3 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if a := Areas[areaOf(got[0])]; a != want {
			t.Fatalf("break %d starts with %s (area %s), want area %s", n, got[0].ID, a, want)
		}
		if len(got) < 2 {
			t.Errorf("break %d: a 3-minute break got only %v", n, ids(got))
		}
		areas := map[int]bool{}
		for _, e := range got {
			areas[areaOf(e)] = true
		}
		if len(areas) < len(got) && n < 20 {
			t.Logf("break %d mixes areas: %v", n, ids(got))
		}
		if m := p.Memory(); m.NextArea != Areas[(n+1)%len(Areas)] {
			t.Fatalf("break %d: NextArea = %q", n, m.NextArea)
		}
	}
	// A rule limited to one area keeps working and the rotation moves on from it.
	p = NewPicker(c, Memory{NextArea: "neck"}, seeded(1))
	got, err := p.Pick(Request{Duration: time.Minute, Categories: []string{"eyes"}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Primary() != "eyes" || p.Memory().NextArea != "hands-and-feet" {
		t.Errorf("eyes-only break: %v, next area %q", ids(got), p.Memory().NextArea)
	}
}

func TestPickDeterministic(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	run := func(seed uint64) []string {
		p := NewPicker(c, Memory{}, seeded(seed))
		var out []string
		for n := range 50 {
			got, err := p.Pick(Request{Duration: time.Duration(60+n*7) * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join(ids(got), "+"))
			out = append(out, p.Prompt(Topics[n%len(Topics)]).ID)
		}
		return out
	}
	a, b := run(7), run(7)
	if !slices.Equal(a, b) {
		t.Errorf("the same seed gave different picks:\n%v\n%v", a, b)
	}
	if slices.Equal(a, run(8)) {
		t.Error("different seeds gave the same 100 picks")
	}
}

// TestMemoryRoundTrip stops a picker halfway through its bags, saves its memory as JSON,
// and checks that a new picker continues the same bags and rotation.
func TestMemoryRoundTrip(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	pool, _ := c.Eligible(Request{})
	model := newBagModel(pool)
	p := NewPicker(c, Memory{}, seeded(3))
	var lastArea string
	for n := range 300 {
		if n%37 == 0 {
			// Restart: JSON out, JSON in, a fresh random source.
			data, err := json.Marshal(p.Memory())
			if err != nil {
				t.Fatal(err)
			}
			var m Memory
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, p.Memory()) {
				t.Fatalf("memory changed through JSON:\n%+v\n%+v", p.Memory(), m)
			}
			p = NewPicker(c, m, seeded(uint64(n)+100))
			if !reflect.DeepEqual(p.Memory(), m) {
				t.Fatalf("NewPicker did not take the memory:\n%+v\n%+v", m, p.Memory())
			}
		}
		got, err := p.Pick(Request{Duration: 2 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if msg := model.pick(got); msg != "" {
			t.Fatalf("break %d after a restart: %s", n, msg)
		}
		area := Areas[areaOf(got[0])]
		if lastArea != "" && area != Areas[(slices.Index(Areas, lastArea)+1)%len(Areas)] {
			t.Fatalf("break %d: area %s after %s", n, area, lastArea)
		}
		lastArea = area
	}
	// Prompts continue their bags too.
	p = NewPicker(c, Memory{}, seeded(5))
	n := len(c.Prompts("posture"))
	shown := map[string]bool{}
	for i := range n {
		if i == n/2 {
			data, _ := json.Marshal(p.Memory())
			var m Memory
			_ = json.Unmarshal(data, &m)
			p = NewPicker(c, m, seeded(6))
		}
		x := p.Prompt("posture")
		if shown[x.ID] {
			t.Fatalf("posture prompt %s repeated after a restart before the bag emptied", x.ID)
		}
		shown[x.ID] = true
	}
}

func TestMemoryDropsUnknownIDs(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	m := Memory{
		Used:     map[string][]string{"neck": {"chin-tuck", "gone-exercise"}, "eyes": {"chin-tuck"}, "nope": {"x"}},
		NextArea: "elbows",
		Prompts:  map[string][]string{"posture": {"posture-jaw", "gone"}, "gossip": {"x"}},
	}
	got := NewPicker(c, m, seeded(1)).Memory()
	want := Memory{
		Used:     map[string][]string{"neck": {"chin-tuck"}},
		NextArea: "neck",
		Prompts:  map[string][]string{"posture": {"posture-jaw"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	var zero Memory
	if err := json.Unmarshal([]byte(`{}`), &zero); err != nil || !reflect.DeepEqual(NewPicker(c, zero, nil).Memory(), Memory{NextArea: "neck"}) {
		t.Errorf("zero memory: %+v, %v", zero, err)
	}
}

func TestPickErrors(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"no_duration", Request{}, []string{"break duration must be positive"}},
		{"unknown_category", Request{Duration: time.Minute, Categories: []string{"elbows"}}, []string{`unknown category "elbows"`}},
		{"excluded_category", Request{Duration: time.Minute, Categories: []string{"eyes"}, ExcludeCategories: []string{"eyes"}},
			[]string{"no exercise is eligible", "categories [eyes] leave 5", "exclude_categories [eyes] removes 5"}},
		{"excluded_ids", Request{Duration: time.Minute, Categories: []string{"water"}, Exclude: []string{"water"}},
			[]string{"categories [water] leave 1", "exclude [water] removes 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := NewPicker(c, Memory{}, seeded(1))
			got, err := p.Pick(tt.req)
			if err == nil {
				t.Fatalf("Pick = %v, want an error", ids(got))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !reflect.DeepEqual(p.Memory(), Memory{NextArea: "neck"}) {
				t.Errorf("a failed pick changed the memory: %+v", p.Memory())
			}
		})
	}
}

func TestPromptBags(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	p := NewPicker(c, Memory{}, seeded(9))
	for _, topic := range Topics {
		all := c.Prompts(topic)
		for round := range 3 {
			shown := map[string]bool{}
			for range all {
				x := p.Prompt(topic)
				if x.Topic != topic || x.Text == "" {
					t.Fatalf("Prompt(%q) = %+v", topic, x)
				}
				if shown[x.ID] {
					t.Fatalf("%s: round %d: %s repeated before the bag emptied", topic, round, x.ID)
				}
				shown[x.ID] = true
			}
		}
	}
	if x := p.Prompt("gossip"); x != (Prompt{}) {
		t.Errorf("Prompt(gossip) = %+v", x)
	}
}

func BenchmarkPick(b *testing.B) {
	c := mustDefault(b)
	p := NewPicker(c, Memory{}, seeded(1))
	for b.Loop() {
		if _, err := p.Pick(Request{Duration: 3 * time.Minute}); err != nil {
			b.Fatal(err)
		}
	}
}
