package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFilesAreCurrent fails when a packaged file differs from what the code renders:
// run "go generate ./packaging".
func TestCommittedFilesAreCurrent(t *testing.T) {
	t.Parallel()
	files, err := render()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%v (run go generate ./packaging)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("packaging/%s is stale: run go generate ./packaging", name)
		}
	}
}
