package daemon

import (
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/api"
)

// TestExerciseMessageCarriesPicture checks that a break's exercise notification carries the
// exercise's end pose at the notification size, and that an exercise without a picture
// still gets its notification, without one.
func TestExerciseMessageCarriesPicture(t *testing.T) {
	t.Parallel()
	d := &Daemon{exercises: []api.Exercise{
		{ID: "chin-tuck", Title: "Chin tuck", Duration: 45 * time.Second, Steps: []string{"Sit tall."}},
		{ID: "no-such-exercise", Title: "Unknown", Duration: 30 * time.Second, Steps: []string{"Stand."}},
	}}
	m := d.exerciseMessage(0, time.Time{})
	if m.Image == nil {
		t.Fatal("the chin tuck's notification has no picture")
	}
	if b := m.Image.Bounds(); b.Dx() != NotificationImagePx || b.Dy() != NotificationImagePx {
		t.Errorf("picture %v, want %d px square", b, NotificationImagePx)
	}
	if m := d.exerciseMessage(1, time.Time{}); m.Image != nil || m.Summary == "" {
		t.Errorf("an exercise without a pose: image %v, summary %q; want no image and a message", m.Image != nil, m.Summary)
	}
}

// TestExerciseMessageDrawsPictureOnce checks that the countdown's replacements of a running
// break's notification, every 15 s, reuse the exercise's picture instead of drawing it again
// (about 430 kB of allocation each), and that the next exercise gets its own.
func TestExerciseMessageDrawsPictureOnce(t *testing.T) {
	t.Parallel()
	d := &Daemon{exercises: []api.Exercise{
		{ID: "chin-tuck", Title: "Chin tuck", Duration: 45 * time.Second, Steps: []string{"Sit tall."}},
		{ID: "neck-nod", Title: "Nod", Duration: 45 * time.Second, Steps: []string{"Nod."}},
	}}
	first := d.exerciseMessage(0, time.Time{}).Image
	again := d.exerciseMessage(0, time.Time{}.Add(15*time.Second)).Image
	if first == nil || again != first {
		t.Errorf("the second countdown update of one exercise drew its picture again (%p, then %p); want the same picture", first, again)
	}
	if next := d.exerciseMessage(1, time.Time{}.Add(45*time.Second)).Image; next == nil || next == first {
		t.Errorf("the next exercise got picture %p, want its own (the first was %p)", next, first)
	}
}
