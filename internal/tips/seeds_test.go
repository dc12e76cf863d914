package tips

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedsDir is where the seed articles live beside the repository: ../shared/seeds from the
// clone, so ../../../shared/seeds from this package.
var seedsDir = filepath.Join("..", "..", "..", "shared", "seeds")

// runLen is the shortest run of words that catalog text may not share with a seed article.
const runLen = 6

// runs returns every run of n consecutive words of text (lowercase, letters and digits only,
// apostrophes dropped so that "you're" and "youre" match).
func runs(text string, n int) []string {
	w := words(strings.NewReplacer("'", "", "’", "").Replace(text))
	var out []string
	for i := 0; i+n <= len(w); i++ {
		out = append(out, strings.Join(w[i:i+n], " "))
	}
	return out
}

// catalogTexts returns every text of the catalog that people read, each named.
func catalogTexts(c *Catalog) map[string]string {
	out := map[string]string{}
	for _, e := range c.Exercises() {
		out[e.ID+": title"] = e.Title
		out[e.ID+": steps"] = strings.Join(e.Steps, " ")
		if e.Caution != "" {
			out[e.ID+": caution"] = e.Caution
		}
	}
	for _, t := range Topics {
		for _, p := range c.Prompts(t) {
			out[p.ID+": text"] = p.Text
		}
	}
	return out
}

// TestOwnWords checks that no catalog text shares a run of six or more words with a seed
// article (the steps of an entry are read as one text, so a run across two steps counts).
// It needs ../shared/seeds beside the clone: without it the test skips, except under
// CI=true, where shared/ is checked out beside the clone and its absence is a failure.
func TestOwnWords(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no seed articles in %s; CI checks the catalog's wording against them", seedsDir)
		}
		t.Skipf("no seed articles in %s", seedsDir)
	}
	seed := map[string]string{} // run -> seed file
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs(string(data), runLen) {
			seed[r] = filepath.Base(f)
		}
	}
	c := mustDefault(t)
	for name, text := range catalogTexts(c) {
		for _, r := range runs(text, runLen) {
			if f, ok := seed[r]; ok {
				t.Errorf("%s shares %q with %s: say it in our own words", name, r, f)
			}
		}
	}
}

// TestOwnWordsCatches makes sure the check above can fail: the old doorway step, a near
// copy of a sentence of seed 002, shares a run with it.
func TestOwnWordsCatches(t *testing.T) {
	t.Parallel()
	old := "Stand in a doorway and rest your forearms on the frame at shoulder height."
	seed := "Stand in a doorway, placing your forearms on the frame at shoulder height."
	set := map[string]bool{}
	for _, r := range runs(seed, runLen) {
		set[r] = true
	}
	found := false
	for _, r := range runs(old, runLen) {
		found = found || set[r]
	}
	if !found {
		t.Error("runs() found no shared 6-word run in a near copy")
	}
}
