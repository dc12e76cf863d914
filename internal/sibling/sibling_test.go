package sibling

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestFind: beside the test binary first, then on PATH, else "".
func TestFind(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	beside := filepath.Join(filepath.Dir(self), "sibling-test-beside"+exe)
	if err := os.WriteFile(beside, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Skip(err)
	}
	defer os.Remove(beside)
	dir := t.TempDir()
	onPath := filepath.Join(dir, "sibling-test-onpath"+exe)
	if err := os.WriteFile(onPath, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got := Find("sibling-test-beside"); got != beside {
		t.Errorf("Find beside = %q, want %q", got, beside)
	}
	if got := Find("sibling-test-onpath"); got != onPath {
		t.Errorf("Find on PATH = %q, want %q", got, onPath)
	}
	if got := Find("sibling-test-nowhere"); got != "" {
		t.Errorf("Find of a missing program = %q, want empty", got)
	}
}
