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
