// Command gen writes deskbreak's tray icons, drawn by package art, into a directory:
// <state>.png at art.TraySize for macOS, sni/<state>.png for Linux (see art.SNIPNG),
// <state>.ico for Windows, and with -preview
// also <state>-<size>.png at every size, for looking at them.
//
// Usage: go run ./internal/art/gen [-preview] DIR (go generate runs it in package tray).
package main

import (
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"

	"github.com/deskbreak/deskbreak/internal/tray/internal/art"
)

func main() {
	preview := flag.Bool("preview", false, "also write every size as <state>-<size>.png")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-preview] DIR")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *preview); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string, preview bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "sni"), 0o755); err != nil {
		return err
	}
	write := func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	for _, st := range art.States {
		img, err := art.Draw(st, art.TraySize)
		if err != nil {
			return err
		}
		data, err := art.PNG(img)
		if err != nil {
			return err
		}
		if err := write(st+".png", data); err != nil {
			return err
		}
		sni, err := art.SNIPNG(img)
		if err != nil {
			return err
		}
		if err := write(filepath.Join("sni", st+".png"), sni); err != nil {
			return err
		}
		var imgs []image.Image
		for _, size := range art.ICOSizes {
			img, err := art.Draw(st, size)
			if err != nil {
				return err
			}
			imgs = append(imgs, img)
		}
		ico, err := art.ICO(imgs)
		if err != nil {
			return err
		}
		if err := write(st+".ico", ico); err != nil {
			return err
		}
		if !preview {
			continue
		}
		for _, size := range art.Sizes {
			img, err := art.Draw(st, size)
			if err != nil {
				return err
			}
			data, err := art.PNG(img)
			if err != nil {
				return err
			}
			if err := write(fmt.Sprintf("%s-%d.png", st, size), data); err != nil {
				return err
			}
		}
	}
	return nil
}
