package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"

	"github.com/deskbreak/deskbreak/internal/figure"
	"github.com/deskbreak/deskbreak/internal/tips"
)

func init() {
	registerTips(&command{name: "art", args: "[ID...] --sheet FILE.png | ID --svg FILE | ID --png FILE [--size PX]",
		summary: "render exercise pictures: a contact sheet, an animated SVG or a PNG", run: runTipsArt})
}

func runTipsArt(ctx context.Context, e *env, args []string) error {
	fs := newTipsFlags(e, "art")
	sheet := fs.String("sheet", "", "write a contact sheet of every desk exercise (or of the IDs given), start and end, light and dark, to `FILE.png`")
	svg := fs.String("svg", "", "write the animated picture of exercise ID to `FILE.svg`")
	pngOut := fs.String("png", "", "write the end pose of exercise ID, as the notification shows it, to `FILE.png`")
	size := fs.Int("size", 128, "pixel size of --svg and --png")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	n := 0
	for _, s := range []string{*sheet, *svg, *pngOut} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return tipsUsagef("art", "give exactly one of --sheet, --svg and --png")
	}
	if *size < 16 || *size > 4096 {
		return tipsUsagef("art", "--size %d is outside 16..4096", *size)
	}
	c, err := loadCatalog()
	if err != nil {
		return err
	}
	poses, err := tips.Poses()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !c.HasExercise(id) {
			return withHint(fmt.Errorf("tips art: no exercise %q", id), "deskbreak tips list")
		}
		if _, ok := poses[id]; !ok {
			return fmt.Errorf("tips art: exercise %q has no picture in poses.toml", id)
		}
	}
	if *sheet != "" {
		if len(ids) == 0 {
			for _, x := range c.Exercises() {
				if _, ok := poses[x.ID]; ok || x.DeskFriendly {
					ids = append(ids, x.ID)
				}
			}
		}
		var entries []figure.SheetEntry
		for _, id := range ids {
			s, ok := poses[id]
			if !ok {
				return fmt.Errorf("tips art: exercise %q has no picture in poses.toml", id)
			}
			entries = append(entries, figure.SheetEntry{Label: fmt.Sprintf("%s (%s)", id, s.View), Spec: s})
		}
		var b bytes.Buffer
		if err := png.Encode(&b, figure.Sheet(entries)); err != nil {
			return fmt.Errorf("tips art: encode the sheet: %w", err)
		}
		return writeArt(e, *sheet, b.Bytes(), fmt.Sprintf("%d exercises", len(entries)))
	}
	if len(ids) != 1 {
		return tipsUsagef("art", "--svg and --png draw one exercise: give its ID")
	}
	id := ids[0]
	x, _ := c.Exercise(id)
	if *svg != "" {
		data, err := tips.AnimatedSVG(id, *size, x.Title)
		if err != nil {
			return err
		}
		return writeArt(e, *svg, data, id)
	}
	data, err := tips.StillPNG(id, *size)
	if err != nil {
		return err
	}
	return writeArt(e, *pngOut, data, id)
}

func writeArt(e *env, path string, data []byte, what string) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("tips art: write %s: %w", path, err)
	}
	fmt.Fprintf(e.stdout, "Wrote %s (%s).\n", path, what)
	return nil
}
