// Package tips holds deskbreak's embedded catalog of short desk exercises and one-line prompts,
// validates it, and picks what each break asks the person to do.
//
// The catalog is a TOML file compiled into the binary (catalog.toml). Default parses and
// validates it once; Parse does the same for any other data, and reports every problem at
// once, each naming the entry id and the field. A Picker chooses exercises and prompts from a
// catalog with shuffle bags and a rotation of body areas; its Memory is saved by the daemon so
// that the rotation survives a restart.
package tips

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/deskbreak/deskbreak/internal/strictoml"
)

//go:embed catalog.toml
var catalogData []byte

// Exercise is one short exercise of the catalog.
type Exercise struct {
	// ID is stable and kebab-case ("chin-tuck"); configs and state files refer to it.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Categories are the body areas and kinds the exercise belongs to; the first is its
	// primary category, which decides its shuffle bag and its place in the area rotation.
	Categories []string `json:"categories"`
	// Position is "seated" or "standing" ("floor" only for entries that are not desk-friendly).
	Position string `json:"position"`
	// Equipment is "none", "desk" (something to steady yourself on), "wall", "doorway" or
	// "chair" ("floor", "weights" or "band" only for entries that are not desk-friendly).
	Equipment string `json:"equipment"`
	// LeavesRoom is true for what takes the person out of the room: a walk, the stairs, a
	// glass of water.
	LeavesRoom bool `json:"leaves_room,omitempty"`
	// Seconds is the whole time the exercise takes, all repetitions and sides included.
	Seconds int `json:"seconds"`
	// Reps is the number of repetitions per side; 1 for a single continuous action such as
	// a walk.
	Reps int `json:"reps"`
	// Sides is 2 when everything is done once per side (or per direction), else 1.
	Sides int `json:"sides"`
	// HoldSeconds is how long each repetition is held; 0 for a moving exercise.
	HoldSeconds int `json:"hold_seconds"`
	// Steps are 2 to 5 short imperative sentences.
	Steps []string `json:"steps"`
	// Caution is a safety line, or empty where none applies. Every neck exercise has one.
	Caution string `json:"caution,omitempty"`
	// DeskFriendly is false for floor and equipment work; such entries are never picked.
	DeskFriendly bool `json:"desk_friendly"`
	// Source is the seed article the facts come from (its file name), or "general guidance".
	Source string `json:"source"`
}

// Duration returns the whole time the exercise takes.
func (e Exercise) Duration() time.Duration { return time.Duration(e.Seconds) * time.Second }

// AtDesk reports whether the exercise can be done at the desk: it needs no wall or doorway
// and does not take the person out of the room. A break picks the others only when its
// rule's categories ask for one of their categories.
func (e Exercise) AtDesk() bool {
	return !e.LeavesRoom && e.Equipment != "wall" && e.Equipment != "doorway"
}

// Primary returns the exercise's primary category, the first of Categories.
func (e Exercise) Primary() string {
	if len(e.Categories) == 0 {
		return ""
	}
	return e.Categories[0]
}

// Prompt is a one-line reminder shown by a prompt rule: a posture check, a breathing pattern,
// an eye rest or a drink of water.
type Prompt struct {
	// ID is stable and kebab-case; the picker's memory refers to it.
	ID     string `json:"id"`
	Topic  string `json:"topic"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// GeneralSource is the Source of entries drawn from general, well-established desk ergonomics
// rather than from one of the seed articles.
const GeneralSource = "general guidance"

// sources maps every allowed Source to a title for people.
var sources = map[string]string{
	"000_5f5b7537c4fe346c.txt": "Levator Scapulae Release And Exercises",
	"001_ec7e742fc8d8c14a.txt": "Exercises to relieve spasms of the muscles of the neck, back and lower back",
	"002_2836d2ebb5f6c374.txt": "Neck Pain From Workout: How To Relieve It?",
	GeneralSource:              "general desk ergonomics",
}

// SourceTitle returns a readable name for a Source value: the seed article's title, or
// "general desk ergonomics". An unknown source is returned unchanged.
func SourceTitle(source string) string {
	if t, ok := sources[source]; ok {
		return t
	}
	return source
}

// Category is a known exercise category.
type Category struct {
	Name string `json:"name"`
	// Summary says in a few words what the category holds.
	Summary string `json:"summary"`
	// Area is the body area of the rotation that exercises with this primary category belong
	// to; empty for categories that are only ever secondary tags.
	Area string `json:"area,omitempty"`
}

// Areas is the order in which consecutive breaks rotate body areas: the first exercise of a
// break comes from the next area in turn, and its further exercises from the areas after it.
// Read-only.
var Areas = []string{"neck", "shoulders", "calm", "back-and-hips", "hands-and-feet"}

// knownCategories lists every category an entry may name, in display order.
var knownCategories = []Category{
	{"neck", "neck mobility, gentle isometric holds and releases", "neck"},
	{"shoulders", "shoulder rolls, shrugs and raises", "shoulders"},
	{"upper-back", "shoulder blades and the upper back", "shoulders"},
	{"chest", "chest and front-of-shoulder openers", "shoulders"},
	{"breathing", "slow breathing and relaxation", "calm"},
	{"eyes", "rest and refocus the eyes", "calm"},
	{"posture", "posture resets", "hands-and-feet"},
	{"wrists", "wrists, hands and fingers", "hands-and-feet"},
	{"lower-back", "the lower back: extension, tilts, knee hugs", "back-and-hips"},
	{"hips", "hips, buttocks and the backs of the thighs", "back-and-hips"},
	{"movement", "stand up, walk, take the stairs", "hands-and-feet"},
	{"water", "fetch and drink a glass of water", "hands-and-feet"},
	{"release", "gentle self-massage with the fingertips", ""},
	{"isometric", "press against your hand without moving", ""},
	{"relaxation", "let tension go", ""},
}

// KnownCategories returns every category an entry may name, in display order: the body
// areas first, then the tags (release, isometric, relaxation).
func KnownCategories() []Category { return slices.Clone(knownCategories) }

func knownCategory(name string) (Category, bool) {
	for _, c := range knownCategories {
		if c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

// Topics are the known prompt topics, in display order. Read-only.
var Topics = []string{"posture", "breathing", "eyes", "water"}

// Catalog is a parsed and validated set of exercises and prompts. It is read-only and safe
// for concurrent use.
type Catalog struct {
	exercises []Exercise
	byID      map[string]int
	prompts   map[string][]Prompt
	cats      []string // categories with at least one desk-friendly exercise, sorted
	area      []int    // index in Areas of each exercise's primary category
}

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	c, err := Parse(catalogData)
	if err != nil {
		return nil, fmt.Errorf("embedded tips catalog: %w", err)
	}
	return c, nil
})

// Default returns the catalog compiled into deskbreak, parsed and validated on the first call.
// An error means the binary was built with a broken catalog.toml; the catalog test catches
// that before a release.
func Default() (*Catalog, error) { return defaultCatalog() }

// Exercises returns every exercise, desk-friendly or not, in catalog order. The slice is a
// copy; the Steps and Categories inside it must not be modified.
func (c *Catalog) Exercises() []Exercise { return slices.Clone(c.exercises) }

// Exercise returns the exercise with the given id.
func (c *Catalog) Exercise(id string) (Exercise, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Exercise{}, false
	}
	return c.exercises[i], true
}

// Categories returns, sorted, the categories that hold at least one desk-friendly exercise:
// the names a config may use in a rule's categories or in exclude_categories.
func (c *Catalog) Categories() []string { return slices.Clone(c.cats) }

// CategoryInfo returns the description of a known category.
func (c *Catalog) CategoryInfo(name string) (Category, bool) {
	if !c.HasCategory(name) {
		return Category{}, false
	}
	return knownCategory(name)
}

// HasExercise reports whether id names an exercise of the catalog (desk-friendly or not).
func (c *Catalog) HasExercise(id string) bool { _, ok := c.byID[id]; return ok }

// HasCategory reports whether name is a category with at least one desk-friendly exercise.
func (c *Catalog) HasCategory(name string) bool {
	_, ok := slices.BinarySearch(c.cats, name)
	return ok
}

// HasTopic reports whether the catalog has prompts for topic.
func (c *Catalog) HasTopic(name string) bool { return len(c.prompts[name]) > 0 }

// Topics returns the prompt topics the catalog has texts for, in display order.
func (c *Catalog) Topics() []string {
	var out []string
	for _, t := range Topics {
		if c.HasTopic(t) {
			out = append(out, t)
		}
	}
	return out
}

// Prompts returns the prompts of a topic in catalog order (nil for an unknown topic).
func (c *Catalog) Prompts(topic string) []Prompt { return slices.Clone(c.prompts[topic]) }

// Limits that Parse enforces.
const (
	MinSteps        = 2
	MaxSteps        = 5
	MaxStepWords    = 15
	MinSeconds      = 20
	MaxSeconds      = 300
	MaxPromptWords  = 18
	MaxPromptChars  = 76
	MaxCautionWords = 25
	// MaxTitleChars and MaxIDChars keep a line of "deskbreak tips list" within 80 columns.
	MaxTitleChars = 32
	MaxIDChars    = 24
)

// Minimum counts of prompts per topic that Parse enforces.
var minPrompts = map[string]int{"posture": 8, "breathing": 6, "eyes": 4}

// rawFile is the TOML layout. Pointers tell a missing field from a zero one.
type rawFile struct {
	Exercise []rawExercise `toml:"exercise"`
	Prompt   []rawPrompt   `toml:"prompt"`
}

type rawExercise struct {
	ID           string   `toml:"id"`
	Title        string   `toml:"title"`
	Categories   []string `toml:"categories"`
	Position     string   `toml:"position"`
	Equipment    string   `toml:"equipment"`
	LeavesRoom   bool     `toml:"leaves_room"`
	Seconds      *int     `toml:"seconds"`
	Reps         *int     `toml:"reps"`
	Sides        *int     `toml:"sides"`
	HoldSeconds  *int     `toml:"hold_seconds"`
	Steps        []string `toml:"steps"`
	Caution      string   `toml:"caution"`
	DeskFriendly *bool    `toml:"desk_friendly"`
	Source       string   `toml:"source"`
}

type rawPrompt struct {
	ID     string `toml:"id"`
	Topic  string `toml:"topic"`
	Text   string `toml:"text"`
	Source string `toml:"source"`
}

// Parse decodes a TOML catalog and validates all of it. The error lists every problem found,
// one per line, each naming the entry ("exercise \"chin-tuck\"") and the field.
func Parse(data []byte) (*Catalog, error) {
	var raw rawFile
	if err := strictoml.Decode(data, &raw, "catalog"); err != nil {
		return nil, err
	}
	v := &validator{}
	c := &Catalog{byID: map[string]int{}, prompts: map[string][]Prompt{}}
	stepsSeen := map[string]string{}
	catsSeen := map[string]bool{}
	for i, r := range raw.Exercise {
		e := v.exercise(i, r)
		if e.ID != "" {
			if _, dup := c.byID[e.ID]; dup {
				v.addf("exercise %q: id: used twice", e.ID)
				continue
			}
		}
		key := normalizeSteps(e.Steps)
		if other, dup := stepsSeen[key]; dup && key != "" {
			v.addf("exercise %q: steps: the same as exercise %q", e.ID, other)
		}
		stepsSeen[key] = e.ID
		c.byID[e.ID] = len(c.exercises)
		c.exercises = append(c.exercises, e)
		if e.DeskFriendly {
			for _, cat := range e.Categories {
				catsSeen[cat] = true
			}
		}
	}
	if len(raw.Exercise) == 0 {
		v.addf("exercise: none in the catalog")
	}
	promptIDs := map[string]bool{}
	texts := map[string]string{}
	for i, r := range raw.Prompt {
		p := v.prompt(i, r)
		if p.ID != "" && promptIDs[p.ID] {
			v.addf("prompt %q: id: used twice", p.ID)
			continue
		}
		if p.ID != "" && c.HasExercise(p.ID) {
			v.addf("prompt %q: id: also the id of an exercise", p.ID)
		}
		if other, dup := texts[strings.ToLower(p.Text)]; dup && p.Text != "" {
			v.addf("prompt %q: text: the same as prompt %q", p.ID, other)
		}
		texts[strings.ToLower(p.Text)] = p.ID
		promptIDs[p.ID] = true
		c.prompts[p.Topic] = append(c.prompts[p.Topic], p)
	}
	for _, t := range Topics {
		if n := len(c.prompts[t]); n < minPrompts[t] {
			v.addf("prompt: topic %q has %d prompts, at least %d needed", t, n, minPrompts[t])
		}
	}
	for cat := range catsSeen {
		c.cats = append(c.cats, cat)
	}
	sort.Strings(c.cats)
	for _, a := range Areas {
		found := false
		for _, e := range c.exercises {
			if cat, _ := knownCategory(e.Primary()); e.DeskFriendly && cat.Area == a {
				found = true
				break
			}
		}
		if !found {
			v.addf("exercise: no desk-friendly exercise in area %q", a)
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	for _, e := range c.exercises {
		c.area = append(c.area, areaOf(e))
	}
	return c, nil
}

// validator collects every problem of a catalog.
type validator struct{ errs []error }

func (v *validator) addf(format string, a ...any) { v.errs = append(v.errs, fmt.Errorf(format, a...)) }

func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid catalog: %w", errors.Join(v.errs...))
}

func (v *validator) exercise(i int, r rawExercise) Exercise {
	name := fmt.Sprintf("exercise %q", r.ID)
	if r.ID == "" {
		name = fmt.Sprintf("exercise #%d", i+1)
		v.addf("%s: id: missing", name)
	} else if !validID(r.ID) {
		v.addf("%s: id: use lowercase letters, digits and single dashes", name)
	} else if len(r.ID) > MaxIDChars {
		v.addf("%s: id: %d characters, at most %d", name, len(r.ID), MaxIDChars)
	}
	e := Exercise{
		ID: r.ID, Title: r.Title, Categories: r.Categories, Position: r.Position,
		Equipment: r.Equipment, LeavesRoom: r.LeavesRoom, Steps: r.Steps, Caution: r.Caution, Source: r.Source,
	}
	switch {
	case r.Title == "":
		v.addf("%s: title: missing", name)
	case len(r.Title) > MaxTitleChars:
		v.addf("%s: title: %d characters, at most %d", name, len(r.Title), MaxTitleChars)
	}
	if r.DeskFriendly == nil {
		v.addf("%s: desk_friendly: missing", name)
	} else {
		e.DeskFriendly = *r.DeskFriendly
	}
	if len(r.Categories) == 0 {
		v.addf("%s: categories: missing", name)
	}
	for j, cat := range r.Categories {
		kc, ok := knownCategory(cat)
		switch {
		case !ok:
			v.addf("%s: categories[%d]: unknown category %q", name, j, cat)
		case j == 0 && kc.Area == "":
			v.addf("%s: categories[0]: %q is a tag, not a body area; put a body area first", name, cat)
		case slices.Index(r.Categories, cat) != j:
			v.addf("%s: categories[%d]: %q listed twice", name, j, cat)
		}
	}
	desk := e.DeskFriendly
	switch r.Position {
	case "seated", "standing":
	case "floor":
		if desk {
			v.addf("%s: position: %q is not desk-friendly; set desk_friendly = false", name, r.Position)
		}
	case "":
		v.addf("%s: position: missing", name)
	default:
		v.addf("%s: position: %q is not seated, standing or floor", name, r.Position)
	}
	switch r.Equipment {
	case "none", "desk", "wall", "doorway", "chair":
	case "floor", "weights", "band":
		if desk {
			v.addf("%s: equipment: %q is not desk-friendly; set desk_friendly = false", name, r.Equipment)
		}
	case "":
		v.addf("%s: equipment: missing", name)
	default:
		v.addf("%s: equipment: %q is not none, desk, wall, doorway, chair, floor, weights or band", name, r.Equipment)
	}
	if r.Seconds == nil {
		v.addf("%s: seconds: missing", name)
	} else if e.Seconds = *r.Seconds; e.Seconds < MinSeconds || e.Seconds > MaxSeconds {
		v.addf("%s: seconds: %d is outside %d..%d", name, e.Seconds, MinSeconds, MaxSeconds)
	}
	if r.Reps == nil {
		v.addf("%s: reps: missing", name)
	} else if e.Reps = *r.Reps; e.Reps < 1 || e.Reps > 30 {
		v.addf("%s: reps: %d is outside 1..30", name, e.Reps)
	}
	if r.HoldSeconds == nil {
		v.addf("%s: hold_seconds: missing", name)
	} else if e.HoldSeconds = *r.HoldSeconds; e.HoldSeconds < 0 || e.HoldSeconds > 60 {
		v.addf("%s: hold_seconds: %d is outside 0..60", name, e.HoldSeconds)
	}
	if r.Sides == nil {
		v.addf("%s: sides: missing", name)
	} else if e.Sides = *r.Sides; e.Sides != 1 && e.Sides != 2 {
		v.addf("%s: sides: %d is neither 1 nor 2", name, e.Sides)
	}
	if e.Seconds%5 != 0 {
		v.addf("%s: seconds: %d is not a multiple of 5", name, e.Seconds)
	}
	if n := len(r.Steps); n < MinSteps || n > MaxSteps {
		v.addf("%s: steps: %d steps, want %d to %d", name, n, MinSteps, MaxSteps)
	}
	for j, s := range r.Steps {
		v.sentence(fmt.Sprintf("%s: steps[%d]", name, j), s, MaxStepWords)
	}
	if r.Caution != "" {
		v.sentence(name+": caution", r.Caution, MaxCautionWords)
	}
	if slices.Contains(r.Categories, "neck") && r.Caution == "" {
		v.addf("%s: caution: missing; every neck exercise needs one", name)
	}
	if e.Seconds > 0 && e.Reps > 0 && e.Sides > 0 {
		v.text(name, e)
	}
	if r.Source == "" {
		v.addf("%s: source: missing", name)
	} else if _, ok := sources[r.Source]; !ok {
		v.addf("%s: source: %q is neither a seed article nor %q", name, r.Source, GeneralSource)
	}
	return e
}

func (v *validator) prompt(i int, r rawPrompt) Prompt {
	name := fmt.Sprintf("prompt %q", r.ID)
	if r.ID == "" {
		name = fmt.Sprintf("prompt #%d", i+1)
		v.addf("%s: id: missing", name)
	} else if !validID(r.ID) {
		v.addf("%s: id: use lowercase letters, digits and single dashes", name)
	}
	if r.Topic == "" {
		v.addf("%s: topic: missing", name)
	} else if !slices.Contains(Topics, r.Topic) {
		v.addf("%s: topic: unknown topic %q (known: %s)", name, r.Topic, strings.Join(Topics, ", "))
	}
	if r.Text == "" {
		v.addf("%s: text: missing", name)
	} else {
		v.sentence(name+": text", r.Text, MaxPromptWords)
		if len(r.Text) > MaxPromptChars {
			v.addf("%s: text: %d characters, at most %d", name, len(r.Text), MaxPromptChars)
		}
		if r.Topic == "breathing" && !strings.ContainsAny(r.Text, "0123456789") {
			v.addf("%s: text: a breathing pattern needs its counts", name)
		}
		if breathHold(r.Topic, r.Text) {
			v.addf("%s: text: a breath hold needs a caution, which a one-line prompt cannot carry; drop the hold or make it an exercise", name)
		}
	}
	if r.Source == "" {
		v.addf("%s: source: missing", name)
	} else if _, ok := sources[r.Source]; !ok {
		v.addf("%s: source: %q is neither a seed article nor %q", name, r.Source, GeneralSource)
	}
	return Prompt(r)
}

// sentence checks one line of text: it starts with a capital, ends with a full stop, fits on
// one line, and has at most maxWords words.
func (v *validator) sentence(where, s string, maxWords int) {
	if strings.TrimSpace(s) == "" {
		v.addf("%s: empty", where)
		return
	}
	if s != strings.TrimSpace(s) || strings.Contains(s, "  ") || strings.ContainsAny(s, "\n\t") {
		v.addf("%s: stray whitespace in %q", where, s)
	}
	if r := []rune(s)[0]; !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		v.addf("%s: %q does not start with a capital", where, s)
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") {
		v.addf("%s: %q does not end with a full stop", where, s)
	}
	if n := len(strings.Fields(s)); n > maxWords {
		v.addf("%s: %d words, at most %d: %q", where, n, maxWords, s)
	}
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[len(id)-1] == '-' || strings.Contains(id, "--") {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// normalizeSteps reduces steps to a comparison key: lowercase letters and digits only.
func normalizeSteps(steps []string) string {
	var b strings.Builder
	for _, s := range steps {
		for _, r := range strings.ToLower(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		b.WriteByte('|')
	}
	return b.String()
}
