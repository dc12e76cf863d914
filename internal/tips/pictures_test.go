package tips

import (
	"bytes"
	"errors"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskbreak/deskbreak/internal/figure"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata")

// TestEveryExerciseHasAPicture fails for a pickable exercise without a pose, for a pose of
// an exercise that does not exist, for an angle outside human range, and for an exercise
// whose start and end poses are the same.
func TestEveryExerciseHasAPicture(t *testing.T) {
	t.Parallel()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	specs, err := Poses()
	if err != nil {
		t.Fatalf("poses.toml: %v", err)
	}
	for _, e := range c.Exercises() {
		s, ok := specs[e.ID]
		if !ok {
			if e.DeskFriendly {
				t.Errorf("%s: desk-friendly but no pose in poses.toml", e.ID)
			}
			continue
		}
		if err := errors.Join(s.Validate(), s.Fits()); err != nil {
			t.Errorf("%s: %v", e.ID, err)
		}
		if s.Start == s.End {
			t.Errorf("%s: start and end poses are the same", e.ID)
		}
		// Seated or standing as the steps say (sit-to-stand starts seated and stands up).
		if seated := e.Position == "seated"; s.Start.Seated != seated && e.ID != "sit-to-stand" {
			t.Errorf("%s: position %q, but the start pose has seated = %v", e.ID, e.Position, s.Start.Seated)
		}
	}
	for id := range specs {
		if !c.HasExercise(id) {
			t.Errorf("poses.toml: %q is not an exercise of the catalog", id)
		}
	}
}

// TestGoldenSVG compares the animated SVGs of a few exercises, one of each kind of view and
// prop, with testdata/*.svg. Run with -update to rewrite them after a deliberate change, and
// look at them.
func TestGoldenSVG(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"neck-nod", "wall-slide", "seated-extension", "calf-raises"} {
		got, err := AnimatedSVG(id, 200, id)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", id+".svg")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; if the change is deliberate, run go test ./internal/tips -update and look at it", id, path)
		}
	}
}

func TestStillPNG(t *testing.T) {
	t.Parallel()
	data, err := StillPNG("chin-tuck", 128)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 128 || b.Dy() != 128 {
		t.Errorf("size %v, want 128×128", b)
	}
	body := 0
	want := figure.Light.Colors[figure.ClassBody]
	nimg, _ := StillImage("chin-tuck", 128)
	for i := 0; i < len(nimg.Pix); i += 4 {
		if nimg.Pix[i] == want.R && nimg.Pix[i+1] == want.G && nimg.Pix[i+2] == want.B {
			body++
		}
	}
	if body < 600 {
		t.Errorf("%d pixels of the figure, want a visible figure", body)
	}
	if _, err := StillPNG("no-such-exercise", 128); err == nil {
		t.Error("StillPNG of an unknown exercise succeeded")
	}
	if _, err := AnimatedSVG("no-such-exercise", 128, ""); err == nil {
		t.Error("AnimatedSVG of an unknown exercise succeeded")
	}
}

// BenchmarkStillImage measures what a break notification costs to draw.
func BenchmarkStillImage(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StillImage("seated-forward-fold", 128); err != nil {
			b.Fatal(err)
		}
	}
}
