package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTipsArt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no_output", []string{"tips", "art"}, 2, "give exactly one of --sheet, --svg and --png"},
		{"two_outputs", []string{"tips", "art", "chin-tuck", "--svg", "a", "--png", "b"}, 2, "give exactly one"},
		{"unknown_id", []string{"tips", "art", "no-such", "--png", filepath.Join(dir, "x.png")}, 1, `no exercise "no-such"`},
		{"no_picture", []string{"tips", "art", "band-pull-apart", "--png", filepath.Join(dir, "x.png")}, 1, "has no picture"},
		{"bad_size", []string{"tips", "art", "chin-tuck", "--png", "x", "--size", "3"}, 2, "--size 3 is outside 16..4096"},
		{"svg_needs_id", []string{"tips", "art", "--svg", "x"}, 2, "give its ID"},
		{"unwritable", []string{"tips", "art", "chin-tuck", "--png", filepath.Join(dir, "no", "x.png")}, 1, "tips art: write"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runTipsCmd(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.err) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.err)
			}
		})
	}

	pngPath, svgPath := filepath.Join(dir, "p.png"), filepath.Join(dir, "a.svg")
	if code, _, stderr := runTipsCmd(t, "tips", "art", "chin-tuck", "--png", pngPath); code != 0 {
		t.Fatalf("--png: exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(pngPath)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() != 128 {
		t.Errorf("--png wrote %d bytes: %v", len(data), err)
	}
	if code, _, stderr := runTipsCmd(t, "tips", "art", "chin-tuck", "--svg", svgPath); code != 0 {
		t.Fatalf("--svg: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(svgPath); !bytes.Contains(data, []byte("<title>Chin tuck</title>")) || !bytes.Contains(data, []byte("@keyframes")) {
		t.Errorf("--svg wrote %.200q", data)
	}
	sheet := filepath.Join(dir, "s.png")
	if code, out, stderr := runTipsCmd(t, "tips", "art", "chin-tuck", "neck-nod", "--sheet", sheet); code != 0 || !strings.Contains(out, "2 exercises") {
		t.Fatalf("--sheet: exit %d: %s %s", code, out, stderr)
	}
}
