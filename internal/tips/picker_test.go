package tips

import (
	"cmp"
	"encoding/json"
	"fmt"
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

func ids(ex []Picked) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.ID
	}
	return out
}

func sum(ex []Picked) time.Duration {
	var d time.Duration
	for _, e := range ex {
		d += e.Duration
	}
	return d
}

// fillTable answers, independently of the picker's own search, which totals k distinct
// exercises of a pool add up to (a plain subset-sum table up to limit seconds).
type fillTable [][]bool // [k][seconds]

func newFillTable(pool []Exercise, limit int) fillTable {
	t := make(fillTable, MaxPerBreak+1)
	for k := range t {
		t[k] = make([]bool, limit+1)
	}
	t[0][0] = true
	for _, e := range pool {
		for k := MaxPerBreak; k >= 1; k-- {
			for s := limit - e.Seconds; s >= 0; s-- {
				if t[k-1][s] {
					t[k][s+e.Seconds] = true
				}
			}
		}
	}
	return t
}

// canFill reports whether 1 to n exercises add up to lo..hi seconds.
func (t fillTable) canFill(n, lo, hi int) bool {
	for k := 1; k <= n; k++ {
		for s := max(lo, 0); s <= hi; s++ {
			if t[k][s] {
				return true
			}
		}
	}
	return false
}

// TestPickProperties runs 2,000 picks per scenario and checks every promise of Pick: never
// longer than the break; at least MinFill percent of it whenever as many eligible exercises
// as countRange allows can do that (and always, for the default pool and breaks of 1 to 10 minutes);
// only eligible exercises, each once; the count in countRange where the time allows.
func TestPickProperties(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	scenarios := []struct {
		name       string
		req        Request
		minD, maxD time.Duration
		alwaysFits bool
		picks      int // 2,000 when 0
	}{
		{"default_pool", Request{}, time.Minute, 10 * time.Minute, true, 0},
		{"default_break", Request{Duration: 3 * time.Minute}, 0, 0, true, 0},
		{"exclusions", Request{
			Exclude:           []string{"neck-roll", "stairs", "walk", "chin-tuck", "box-breathing"},
			ExcludeCategories: []string{"release", "isometric", "wrists"},
		}, time.Minute, 6 * time.Minute, true, 0},
		{"no_neck", Request{ExcludeCategories: []string{"neck"}}, time.Minute, 6 * time.Minute, true, 0},
		{"rule_categories", Request{Categories: []string{"eyes", "breathing"}}, 30 * time.Second, 3 * time.Minute, false, 0},
		{"movement", Request{Categories: []string{"movement"}}, time.Minute, 10 * time.Minute, false, 0},
		{"narrow", Request{Categories: []string{"water"}}, 90 * time.Second, 10 * time.Minute, false, 0},
		{"long_breaks", Request{}, 10 * time.Minute, 30 * time.Minute, false, 300}, // slow: the pool cannot fill them
	}
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			pool, err := c.Eligible(sc.req)
			if err != nil {
				t.Fatal(err)
			}
			table := newFillTable(pool, int(max(sc.maxD, sc.req.Duration)/time.Second))
			r := seeded(uint64(i) + 1)
			durs := rand.New(rand.NewPCG(uint64(i), 7))
			// Past the first days, so that the isometric holds are in the pool too.
			p := NewPicker(c, Memory{Days: BeginnerDays + 1}, r)
			filled, short := 0, 0
			picks := cmp.Or(sc.picks, 2000)
			for n := range picks {
				req := sc.req
				if req.Duration == 0 {
					span := int64(sc.maxD - sc.minD)
					req.Duration = sc.minD + time.Duration(durs.Int64N(span/int64(time.Second)+1))*time.Second
				}
				d := int(req.Duration / time.Second)
				lo := (d*MinFill + 99) / 100
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
					if e.Duration != e.Exercise.Duration() {
						t.Fatalf("pick %d: %s carries %v, the catalog says %v", n, e.ID, e.Duration, e.Exercise.Duration())
					}
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
					if len(req.Categories) == 0 && !e.AtDesk() {
						t.Fatalf("pick %d: %s is not done at the desk, and the rule did not ask for it", n, e.ID)
					}
				}
				s := int(sum(got) / time.Second)
				if s > d {
					t.Fatalf("pick %d: a %ds break got %ds of exercises: %v", n, d, s, ids(got))
				}
				if s >= lo {
					filled++
					if minN, maxN := countRange(req.Duration); len(got) < minN || len(got) > maxN {
						t.Errorf("pick %d: a %ds break got %d exercises, want %d to %d: %v", n, d, len(got), minN, maxN, ids(got))
					}
					continue
				}
				short++
				if _, maxN := countRange(req.Duration); sc.alwaysFits || table.canFill(maxN, lo, d) {
					t.Errorf("pick %d: a %ds break got only %ds although the pool can fill %d%%: %v", n, d, s, MinFill, ids(got))
				}
			}
			t.Logf("%d of %d breaks filled at least %d%%; %d could not be", filled, picks, MinFill, short)
		})
	}
}

func TestPickedJSON(t *testing.T) {
	t.Parallel()
	e, _ := mustDefault(t).Exercise("chin-tuck")
	data, err := json.Marshal(Picked{Exercise: e, Duration: 50 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got["id"] != "chin-tuck" || got["duration_seconds"] != 50.0 || got["seconds"] != 45.0 {
		t.Errorf("JSON of a Picked: %s", data)
	}
}

// TestPickShares simulates 2,000 default breaks (3 minutes, the default rule, a new day
// every 8 breaks) and prints how often each exercise came up: none that can be picked is
// starved, none takes more than 15% of the breaks, and none that needs a wall, a doorway
// or leaving the room comes up at all.
func TestPickShares(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	const breaks = 2000
	req := Request{Duration: 3 * time.Minute}
	pickable, err := c.Eligible(req)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	mem := Memory{}
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var filled int
	for n := range breaks {
		// As the daemon does it: a picker per break, seeded from its memory.
		p := NewPicker(c, mem, mem.Rand("exercise"))
		req.At = day.AddDate(0, 0, n/8)
		got, err := p.Pick(req)
		if err != nil {
			t.Fatal(err)
		}
		mem = p.Memory()
		if sum(got) >= 144*time.Second {
			filled++
		}
		for _, e := range got {
			counts[e.ID]++
		}
	}
	type share struct {
		id string
		n  int
	}
	var shares []share
	for _, e := range pickable {
		shares = append(shares, share{e.ID, counts[e.ID]})
	}
	slices.SortFunc(shares, func(a, b share) int { return b.n - a.n })
	var b strings.Builder
	for _, s := range shares {
		fmt.Fprintf(&b, "  %-26s %4d  %5.1f%%\n", s.id, s.n, 100*float64(s.n)/breaks)
	}
	t.Logf("shares of %d default breaks (%d of them filled at least %d%%):\n%s", breaks, filled, MinFill, b.String())
	for _, s := range shares {
		switch share := float64(s.n) / breaks; {
		case share > 0.15:
			t.Errorf("%s came up in %.1f%% of the breaks, more than 15%%", s.id, 100*share)
		case share < 0.01:
			t.Errorf("%s came up in %.1f%% of the breaks: starved", s.id, 100*share)
		}
	}
	for id := range counts {
		if e, _ := c.Exercise(id); !e.AtDesk() {
			t.Errorf("%s needs a wall, a doorway or leaving the room, but a default break picked it", id)
		}
	}
	if filled != breaks {
		t.Errorf("%d of %d default breaks were filled less than %d%%", breaks-filled, breaks, MinFill)
	}
}

// TestPickAwayFromDesk checks that what needs a wall, a doorway or leaving the room comes
// from a rule that asks for one of its categories, and from no other.
func TestPickAwayFromDesk(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	def, _ := c.Eligible(Request{})
	for _, e := range def {
		if !e.AtDesk() {
			t.Errorf("default pool holds %s (equipment %s, leaves room %v)", e.ID, e.Equipment, e.LeavesRoom)
		}
	}
	for _, tt := range []struct {
		cats []string
		want string
	}{
		{[]string{"movement"}, "walk"}, {[]string{"movement"}, "stairs"}, {[]string{"water"}, "water"},
		{[]string{"chest"}, "doorway-chest-stretch"}, {[]string{"upper-back"}, "wall-slide"},
	} {
		pool, err := c.Eligible(Request{Categories: tt.cats})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(pool, func(e Exercise) bool { return e.ID == tt.want }) {
			t.Errorf("a rule with categories %v cannot get %s", tt.cats, tt.want)
		}
	}
	// A 3-minute "movement" break may send the person for a walk.
	p := NewPicker(c, Memory{}, seeded(4))
	away := false
	for range 50 {
		got, err := p.Pick(Request{Duration: 3 * time.Minute, Categories: []string{"movement"}})
		if err != nil {
			t.Fatal(err)
		}
		away = away || slices.ContainsFunc(got, func(e Picked) bool { return e.LeavesRoom })
	}
	if !away {
		t.Error("50 movement breaks never left the room")
	}
}

// TestIsometricsWait checks seed 001's advice: the isometric neck holds are not picked on
// the first BeginnerDays days with breaks, and are from the day after.
func TestIsometricsWait(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	isometric := func(ex []Picked) bool {
		return slices.ContainsFunc(ex, func(e Picked) bool { return slices.Contains(e.Categories, "isometric") })
	}
	mem := Memory{}
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var later int
	for d := range BeginnerDays + 10 {
		for b := range 7 {
			p := NewPicker(c, mem, seeded(uint64(d*10+b)))
			got, err := p.Pick(Request{Duration: 3 * time.Minute, At: day.AddDate(0, 0, d).Add(time.Duration(b) * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			mem = p.Memory()
			if d < BeginnerDays && isometric(got) {
				t.Fatalf("day %d: isometric holds picked: %v", d+1, ids(got))
			}
			if d >= BeginnerDays && isometric(got) {
				later++
			}
		}
	}
	if later == 0 {
		t.Error("isometric holds never came after the first days")
	}
	if mem.Days != BeginnerDays+1 || mem.LastDay != "2026-03-21" {
		t.Errorf("memory after 20 days: days %d, last %s", mem.Days, mem.LastDay)
	}
	// A rule that asks for them gets them at once.
	got, err := NewPicker(c, Memory{}, seeded(1)).Pick(Request{Duration: 2 * time.Minute, Categories: []string{"isometric"}, At: day})
	if err != nil || !isometric(got) {
		t.Errorf("an isometric rule on day 1: %v, %v", ids(got), err)
	}
	// A memory from before days were counted belongs to someone past the first days.
	old := NewPicker(c, Memory{Used: map[string][]string{"neck": {"chin-tuck"}}}, seeded(1)).Memory()
	if old.Days != BeginnerDays+1 {
		t.Errorf("an old memory starts at day %d", old.Days)
	}
}

// TestPickRotatesAreas checks that consecutive breaks start in consecutive body areas and
// that a 3-minute break gets 2 or 3 exercises.
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
		if a := Areas[areaOf(got[0].Exercise)]; a != want {
			t.Fatalf("break %d starts with %s (area %s), want area %s", n, got[0].ID, a, want)
		}
		if len(got) < 2 || len(got) > 3 {
			t.Errorf("break %d: a 3-minute break got %v", n, ids(got))
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
	if got[0].Primary() != "eyes" || p.Memory().NextArea != "back-and-hips" {
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

// TestMemoryRoundTrip picks 300 breaks twice, as the daemon does (a picker per break,
// seeded from its memory): once keeping the memory in hand, once saving it as JSON and
// reading it back before every break, as across restarts. The picks must agree.
func TestMemoryRoundTrip(t *testing.T) {
	t.Parallel()
	c := mustDefault(t)
	var kept, saved Memory
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for n := range 300 {
		req := Request{Duration: time.Duration(60+n%5*60) * time.Second, At: day.AddDate(0, 0, n/6)}
		p := NewPicker(c, kept, kept.Rand("exercise"))
		a, err := p.Pick(req)
		if err != nil {
			t.Fatal(err)
		}
		kept = p.Memory()

		data, err := json.Marshal(saved)
		if err != nil {
			t.Fatal(err)
		}
		var m Memory
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m, saved) {
			t.Fatalf("memory changed through JSON:\n%+v\n%+v", saved, m)
		}
		q := NewPicker(c, m, m.Rand("exercise"))
		b, err := q.Pick(req)
		if err != nil {
			t.Fatal(err)
		}
		saved = q.Memory()
		if !slices.Equal(ids(a), ids(b)) {
			t.Fatalf("break %d: %v in hand, %v after a restart", n, ids(a), ids(b))
		}
	}
	// Prompts continue their bags too.
	p := NewPicker(c, Memory{}, seeded(5))
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
		Days:     BeginnerDays + 1, // bags in use but no days counted: saved before they were
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
		{"too_short", Request{Duration: 10 * time.Second}, []string{"none fits a 10s break; the shortest eligible one takes 30s"}},
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
