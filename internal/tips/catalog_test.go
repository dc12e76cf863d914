package tips

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestDefaultCatalog checks the embedded catalog independently of Parse's own validation.
func TestDefaultCatalog(t *testing.T) {
	t.Parallel()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	again, _ := Default()
	if again != c {
		t.Error("Default parsed the catalog twice")
	}
	ids := map[string]bool{}
	steps := map[string]string{}
	desk := 0
	for _, e := range c.Exercises() {
		name := e.ID
		if name == "" || ids[name] {
			t.Errorf("exercise id %q is empty or used twice", name)
		}
		ids[name] = true
		if e.Title == "" || len(e.Categories) == 0 || e.Position == "" || e.Equipment == "" || e.Source == "" {
			t.Errorf("%s: a field is missing: %+v", name, e)
		}
		if e.DeskFriendly {
			desk++
			if !slices.Contains([]string{"seated", "standing"}, e.Position) {
				t.Errorf("%s: desk-friendly but position %q", name, e.Position)
			}
			if !slices.Contains([]string{"none", "desk", "wall", "doorway", "chair"}, e.Equipment) {
				t.Errorf("%s: desk-friendly but equipment %q", name, e.Equipment)
			}
		}
		for _, cat := range e.Categories {
			if _, ok := knownCategory(cat); !ok {
				t.Errorf("%s: unknown category %q", name, cat)
			}
		}
		if e.Seconds < 20 || e.Seconds > 300 {
			t.Errorf("%s: %d seconds, want 20..300", name, e.Seconds)
		}
		if e.Seconds > 90 && !slices.Contains(e.Categories, "movement") {
			t.Errorf("%s: %d seconds is long for a desk exercise", name, e.Seconds)
		}
		if e.Reps < 1 || e.HoldSeconds < 0 || e.Reps*e.HoldSeconds > e.Seconds {
			t.Errorf("%s: reps %d × hold %d s does not fit in %d s", name, e.Reps, e.HoldSeconds, e.Seconds)
		}
		if e.Duration().Seconds() != float64(e.Seconds) {
			t.Errorf("%s: Duration %v, want %d s", name, e.Duration(), e.Seconds)
		}
		if n := len(e.Steps); n < 2 || n > 5 {
			t.Errorf("%s: %d steps, want 2..5", name, n)
		}
		for i, s := range e.Steps {
			if w := len(strings.Fields(s)); w > 15 {
				t.Errorf("%s: step %d has %d words: %q", name, i+1, w, s)
			}
			if !unicode.IsUpper([]rune(s)[0]) && !unicode.IsDigit([]rune(s)[0]) || !strings.HasSuffix(s, ".") {
				t.Errorf("%s: step %d is not one sentence: %q", name, i+1, s)
			}
		}
		key := strings.ToLower(strings.Join(e.Steps, "|"))
		if other, dup := steps[key]; dup {
			t.Errorf("%s and %s have the same steps", name, other)
		}
		steps[key] = name
		if slices.Contains(e.Categories, "neck") {
			lc := strings.ToLower(e.Caution)
			if !strings.Contains(lc, "pain") || !strings.Contains(lc, "never pull") {
				t.Errorf("%s: neck caution %q must say pain-free and never pull on the head", name, e.Caution)
			}
		}
		if !e.DeskFriendly && !strings.Contains(strings.ToLower(e.Caution), "not for the desk") &&
			!strings.Contains(strings.ToLower(e.Caution), "not the desk") {
			t.Errorf("%s: not desk-friendly, and its caution does not say so: %q", name, e.Caution)
		}
		if _, ok := sources[e.Source]; !ok {
			t.Errorf("%s: unknown source %q", name, e.Source)
		}
	}
	if desk < 45 {
		t.Errorf("%d desk-friendly exercises, want at least 45", desk)
	}
	// Everything the issue asks for is covered.
	for _, id := range []string{
		"neck-nod", "neck-turn", "neck-side-bend", "chin-tuck", "wall-head-glide", // neck mobility
		"neck-press-forward", "neck-press-back", "neck-press-side", // isometrics
		"shoulder-roll", "shoulder-shrug", "single-shoulder-raise", "blade-squeeze", // shoulders
		"doorway-chest-stretch", "wall-chest-stretch", "seated-extension", "standing-back-round", // openers
		"release-skull-base", "release-side-neck", "release-front-shoulder", // self-release
		"belly-breathing", "long-exhale", "box-breathing", "shoulder-drop", // breathing
		"posture-reset", "eyes-20-20-20", "eyes-palming", "eyes-near-far", "eyes-blink", // posture, eyes
		"wrist-flexor-stretch", "walk", "stairs", "water", // wrists, movement, water
	} {
		if e, ok := c.Exercise(id); !ok || !e.DeskFriendly {
			t.Errorf("exercise %q is missing or not desk-friendly", id)
		}
	}
	for _, a := range Areas {
		n := 0
		for _, e := range c.Exercises() {
			if e.DeskFriendly && Areas[areaOf(e)] == a {
				n++
			}
		}
		if n < 6 {
			t.Errorf("area %s has %d desk-friendly exercises, want at least 6 for the rotation", a, n)
		}
	}
	if n := len(c.Prompts("posture")); n < 8 {
		t.Errorf("%d posture prompts, want at least 8", n)
	}
	if n := len(c.Prompts("breathing")); n < 6 {
		t.Errorf("%d breathing prompts, want at least 6", n)
	}
	for _, topic := range Topics {
		for _, p := range c.Prompts(topic) {
			if p.Topic != topic || p.ID == "" || p.Source == "" {
				t.Errorf("prompt %+v: a field is missing", p)
			}
			if len(p.Text) > 100 || len(strings.Fields(p.Text)) > 18 || strings.Contains(p.Text, "\n") {
				t.Errorf("prompt %s is not one short line: %q", p.ID, p.Text)
			}
			if topic == "breathing" && !strings.ContainsAny(p.Text, "0123456789") {
				t.Errorf("breathing prompt %s has no counts: %q", p.ID, p.Text)
			}
		}
	}
}

func TestCatalogLookups(t *testing.T) {
	t.Parallel()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasExercise("chin-tuck") || !c.HasExercise("prone-arm-lift") || c.HasExercise("nope") {
		t.Error("HasExercise")
	}
	if e, ok := c.Exercise("chin-tuck"); !ok || e.Title != "Chin tuck" || e.Primary() != "neck" {
		t.Errorf("Exercise(chin-tuck) = %+v, %v", e, ok)
	}
	if _, ok := c.Exercise("nope"); ok {
		t.Error("Exercise(nope) found")
	}
	for _, name := range []string{"neck", "eyes", "release", "water", "upper-back"} {
		if !c.HasCategory(name) {
			t.Errorf("HasCategory(%q) = false", name)
		}
	}
	if c.HasCategory("floor") || c.HasCategory("") {
		t.Error("HasCategory accepts a category without desk-friendly exercises")
	}
	if cats := c.Categories(); !slices.IsSorted(cats) || len(cats) < 10 {
		t.Errorf("Categories() = %v", cats)
	}
	for _, topic := range []string{"posture", "breathing", "eyes", "water"} {
		if !c.HasTopic(topic) {
			t.Errorf("HasTopic(%q) = false", topic)
		}
	}
	if c.HasTopic("neck") || c.Prompts("neck") != nil {
		t.Error("HasTopic(neck) = true")
	}
	if got := SourceTitle("001_ec7e742fc8d8c14a.txt"); !strings.HasPrefix(got, "Exercises to relieve") {
		t.Errorf("SourceTitle = %q", got)
	}
	// Callers cannot change the catalog through the returned slices.
	ex := c.Exercises()
	ex[0].ID = "changed"
	if c.Exercises()[0].ID == "changed" {
		t.Error("Exercises returns the catalog's own slice")
	}
}

const goodEntry = `
[[exercise]]
id = "a"
title = "A"
categories = ["neck"]
position = "seated"
equipment = "none"
seconds = 30
reps = 5
sides = 1
hold_seconds = 0
steps = ["Do this.", "Do that 5 times."]
caution = "Slow, small, pain-free; never pull on your head."
desk_friendly = true
source = "general guidance"
`

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"syntax", "[[exercise]\nid=", []string{"parse catalog: line 1"}},
		{"unknown_field", "[[exercise]]\nid = \"a\"\ncolour = \"red\"\n", []string{"line 3: unknown field exercise.colour"}},
		{"missing_fields", "[[exercise]]\nid = \"x\"\n", []string{
			`exercise "x": title: missing`, `exercise "x": categories: missing`, `exercise "x": position: missing`,
			`exercise "x": equipment: missing`, `exercise "x": seconds: missing`, `exercise "x": reps: missing`,
			`exercise "x": hold_seconds: missing`, `exercise "x": steps: 0 steps`, `exercise "x": desk_friendly: missing`,
			`exercise "x": source: missing`}},
		{"duplicate_id", goodEntry + goodEntry, []string{`exercise "a": id: used twice`}},
		{"same_steps", goodEntry + strings.Replace(goodEntry, `id = "a"`, `id = "b"`, 1),
			[]string{`exercise "b": steps: the same as exercise "a"`}},
		{"bad_values", strings.NewReplacer(
			`id = "a"`, `id = "Bad_Id"`,
			`categories = ["neck"]`, `categories = ["release", "elbows"]`,
			`position = "seated"`, `position = "floor"`,
			`equipment = "none"`, `equipment = "trampoline"`,
			`seconds = 30`, `seconds = 900`,
			`reps = 5`, `reps = 0`,
			`"Do that 5 times."`, `"do that with many many many many many many many many many many many many words"`,
			`source = "general guidance"`, `source = "my blog"`,
		).Replace(goodEntry), []string{
			`exercise "Bad_Id": id: use lowercase`,
			`exercise "Bad_Id": categories[0]: "release" is a tag`,
			`exercise "Bad_Id": categories[1]: unknown category "elbows"`,
			`exercise "Bad_Id": position: "floor" is not desk-friendly`,
			`exercise "Bad_Id": equipment: "trampoline"`,
			`exercise "Bad_Id": seconds: 900 is outside`,
			`exercise "Bad_Id": reps: 0 is outside`,
			`exercise "Bad_Id": steps[1]: "do that`,
			`exercise "Bad_Id": steps[1]: 16 words`,
			`exercise "Bad_Id": source: "my blog"`,
		}},
		{"neck_without_caution", strings.Replace(goodEntry, `caution = "Slow, small, pain-free; never pull on your head."`, "", 1),
			[]string{`exercise "a": caution: missing; every neck exercise needs one`}},
		{"holds_longer_than_time", strings.NewReplacer("hold_seconds = 0", "hold_seconds = 10", "sides = 1", "sides = 2",
			`"Do that 5 times."`, `"Hold for 10 seconds, then switch sides; 5 times."`).Replace(goodEntry),
			[]string{`exercise "a": seconds: 30 is less than the 100 s the steps ask for (2 side(s) × 5 rep(s) × 10 s)`,
				`exercise "a": seconds: 30 is less than sides × reps × hold_seconds = 100`}},
		// The checks that the steps say what the fields say (issue #13).
		{"reps_not_said", strings.Replace(goodEntry, `"Do that 5 times."`, `"Do that again."`, 1),
			[]string{`exercise "a": steps: none says the 5 repetitions`}},
		{"hold_not_said", strings.Replace(strings.Replace(goodEntry, "hold_seconds = 0", "hold_seconds = 3", 1), "seconds = 30", "seconds = 60", 1),
			[]string{`exercise "a": steps: none states the 3-second hold`}},
		{"one_side_only", strings.Replace(goodEntry, "sides = 1", "sides = 2", 1),
			[]string{`exercise "a": steps: sides = 2, but no step says to do the other side`}},
		{"too_fast", strings.Replace(goodEntry, `"Do that 5 times."`, `"Do that 5 times; hold each for 10 seconds."`, 1),
			[]string{`exercise "a": seconds: 30 is less than the 50 s the steps ask for`}},
		{"chair_for_balance", strings.NewReplacer(`position = "seated"`, `position = "standing"`,
			`"Do this."`, `"Hold the back of your chair."`).Replace(goodEntry),
			[]string{`exercise "a": steps[0]: office chairs roll and swivel; never use one for balance`}},
		{"wall_unlabelled", strings.Replace(goodEntry, `"Do this."`, `"Stand with your back to a wall."`, 1),
			[]string{`exercise "a": equipment: "none", but the steps need a wall`}},
		{"label_unused", strings.Replace(goodEntry, `equipment = "none"`, `equipment = "desk"`, 1),
			[]string{`exercise "a": equipment: "desk", but no step uses a desk`}},
		{"backrest_unlabelled", strings.Replace(goodEntry, `"Do this."`, `"Lean over the backrest."`, 1),
			[]string{`but the steps use the chair's backrest or armrest`}},
		{"leaves_room_unset", strings.Replace(goodEntry, `"Do this."`, `"Leave your desk."`, 1),
			[]string{`exercise "a": steps[0]: takes the person out of the room; set leaves_room = true`}},
		{"breath_hold_without_caution", strings.NewReplacer(`categories = ["neck"]`, `categories = ["breathing"]`,
			`caution = "Slow, small, pain-free; never pull on your head."`, "",
			`"Do this."`, `"Breathe in, then hold for 4 counts."`).Replace(goodEntry),
			[]string{`exercise "a": caution: missing; a breath hold needs one`}},
		{"prompts", goodEntry + `
[[prompt]]
id = "p"
topic = "breathing"
text = "Breathe slowly."
source = "general guidance"
[[prompt]]
id = "q"
topic = "breathing"
text = "In 4, hold 7, out 8."
source = "general guidance"
[[prompt]]
id = "p"
topic = "gossip"
text = "x"
source = "general guidance"
`, []string{
			`prompt "p": text: a breathing pattern needs its counts`,
			`prompt "p": id: used twice`,
			`prompt "q": text: a breath hold needs a caution, which a one-line prompt cannot carry`,
			`prompt: topic "posture" has 0 prompts, at least 8 needed`,
			`prompt: topic "breathing" has 2 prompts, at least 6 needed`,
			`exercise: no desk-friendly exercise in area "calm"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", c)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestParseEmbedded parses the embedded data through the exported Parse as well.
func TestParseEmbedded(t *testing.T) {
	t.Parallel()
	c, err := Parse(catalogData)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Default()
	if len(c.Exercises()) != len(d.Exercises()) {
		t.Errorf("Parse and Default disagree: %d and %d exercises", len(c.Exercises()), len(d.Exercises()))
	}
}
