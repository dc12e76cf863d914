package tips

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file checks that an exercise's steps say what its fields say, so that a person who
// sees only the steps (a notification shows nothing else) can do the exercise as counted and
// timed: the repetitions, the sides, the holds, the equipment, and what a breath hold asks.

// numberWords are the spelled-out counts the steps may use.
var numberWords = map[string]int{
	"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
	"thirty": 30,
}

// timeRE finds stated times: "5 seconds", "4 counts", "two minutes", "a minute", "half a
// minute". A count of a breathing pattern is taken as a second.
var timeRE = regexp.MustCompile(`(?i)\b(half a|a|\d+|[a-z]+) (seconds?|counts?|minutes?)\b`)

// statedSeconds returns the seconds that the steps state, added up: the time one
// repetition of one side takes by the text.
func statedSeconds(steps []string) int {
	total := 0
	for _, s := range steps {
		for _, m := range timeRE.FindAllStringSubmatch(s, -1) {
			n, ok := 0, true
			switch w := strings.ToLower(m[1]); w {
			case "a":
				n = 1
			case "half a":
				n, ok = 0, false
				if strings.HasPrefix(strings.ToLower(m[2]), "minute") {
					total += 30
				}
			default:
				if d, err := strconv.Atoi(w); err == nil {
					n = d
				} else {
					n, ok = numberWords[w]
				}
			}
			if !ok {
				continue
			}
			if strings.HasPrefix(strings.ToLower(m[2]), "minute") {
				n *= 60
			}
			total += n
		}
	}
	return total
}

// words returns the lowercase words of s: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// saysNumber reports whether the text names n, as digits or as a word.
func saysNumber(text string, n int) bool {
	for _, w := range words(text) {
		if w == strconv.Itoa(n) || numberWords[w] == n && numberWords[w] != 0 {
			return true
		}
	}
	return false
}

func hasWord(text string, ws ...string) bool {
	return slices.ContainsFunc(words(text), func(w string) bool { return slices.Contains(ws, w) })
}

// sideWords are what a two-sided exercise's steps say to move to the other side.
var sideWords = []string{"left", "other", "switch", "change", "reverse", "backward", "alternate", "each", "both"}

// balanceWords mark a step that puts weight on something.
var balanceWords = []string{"hold", "holding", "rest", "lean", "balance", "steady", "grip", "support"}

// text checks the steps of e against its fields; name names the entry in errors.
func (v *validator) text(name string, e Exercise) {
	all := strings.Join(e.Steps, " ")
	if e.Reps > 1 && !saysNumber(all, e.Reps) {
		v.addf("%s: steps: none says the %d repetitions (write \"Repeat %d times.\")", name, e.Reps, e.Reps)
	}
	if e.Sides == 2 && !hasWord(all, sideWords...) {
		v.addf("%s: steps: sides = 2, but no step says to do the other side", name)
	}
	if e.HoldSeconds > 0 && !regexp.MustCompile(fmt.Sprintf(`\b%d (seconds?|counts?)\b`, e.HoldSeconds)).MatchString(all) {
		v.addf("%s: steps: none states the %d-second hold", name, e.HoldSeconds)
	}
	// The time the text asks for: every side, every repetition, each taking what the steps
	// state (holds, counts, minutes), and at least 2 seconds for a moving repetition.
	need := e.Sides * e.Reps * max(statedSeconds(e.Steps), 2)
	if need > e.Seconds {
		v.addf("%s: seconds: %d is less than the %d s the steps ask for (%d side(s) × %d rep(s) × %d s)",
			name, e.Seconds, need, e.Sides, e.Reps, need/(e.Sides*e.Reps))
	}
	if e.HoldSeconds > 0 && e.Sides*e.Reps*e.HoldSeconds > e.Seconds {
		v.addf("%s: seconds: %d is less than sides × reps × hold_seconds = %d", name, e.Seconds, e.Sides*e.Reps*e.HoldSeconds)
	}
	// Equipment: what the steps use is what the label says.
	uses := map[string]bool{
		"wall":    hasWord(all, "wall"),
		"doorway": hasWord(all, "doorway") || strings.Contains(strings.ToLower(all), "door frame"),
		"desk":    hasWord(all, "desk"),
		"chair":   hasWord(all, "chair", "backrest", "armrest", "seat"),
	}
	if eq := e.Equipment; (eq == "wall" || eq == "doorway" || eq == "desk" || eq == "chair") && !uses[eq] {
		v.addf("%s: equipment: %q, but no step uses a %s", name, eq, eq)
	}
	for _, eq := range []string{"wall", "doorway"} {
		if uses[eq] && e.Equipment != eq {
			v.addf("%s: equipment: %q, but the steps need a %s", name, e.Equipment, eq)
		}
	}
	if hasWord(all, "backrest", "armrest") && e.Equipment != "chair" {
		v.addf("%s: equipment: %q, but the steps use the chair's backrest or armrest", name, e.Equipment)
	}
	for j, s := range e.Steps {
		if e.Position == "standing" && hasWord(s, "chair", "backrest", "armrest") && hasWord(s, balanceWords...) {
			v.addf("%s: steps[%d]: office chairs roll and swivel; never use one for balance (use the desk or a wall): %q", name, j, s)
		}
		if hasWord(s, "leave", "stairs", "corridor") && !e.LeavesRoom {
			v.addf("%s: steps[%d]: takes the person out of the room; set leaves_room = true: %q", name, j, s)
		}
	}
	if breathHold(e.Primary(), all) && e.Caution == "" {
		v.addf("%s: caution: missing; a breath hold needs one (for example: skip the holds if they make you light-headed)", name)
	}
}

// breathHold reports whether text asks to hold the breath: it says so, or it is a
// breathing exercise or prompt that says "hold".
func breathHold(topic, text string) bool {
	lc := strings.ToLower(text)
	return strings.Contains(lc, "hold your breath") || topic == "breathing" && hasWord(lc, "hold", "holds")
}
