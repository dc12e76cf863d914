package store

import (
	"sort"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// ExerciseCount is how many breaks that were taken (in full, cut short or on one's own)
// showed an exercise.
type ExerciseCount struct {
	ID    string `json:"id"`
	Count int    `json:"count"`
}

// TopExercises returns the at most n exercises that the done breaks among events showed
// most often, most first (ties by id). History written before done events named their
// exercises counts nothing here.
func TopExercises(events []scheduler.Event, n int) []ExerciseCount {
	by := map[string]int{}
	for _, ev := range events {
		if ev.Type != scheduler.EventDone {
			continue
		}
		seen := map[string]bool{}
		for _, id := range ev.Exercises {
			if id != "" && !seen[id] {
				seen[id] = true
				by[id]++
			}
		}
	}
	out := make([]ExerciseCount, 0, len(by))
	for id, c := range by {
		out = append(out, ExerciseCount{id, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
