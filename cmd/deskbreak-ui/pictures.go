package main

import (
	"net/http"
	"sync"

	"github.com/deskbreak/deskbreak/internal/figure"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// pictureSize is the pixel size the pages draw an exercise's picture at.
const pictureSize = 160

// pictures draws the exercises' animated SVGs (internal/tips' poses), once each, for the
// life of the process.
type pictures struct {
	once   sync.Once
	specs  map[string]figure.Spec
	titles map[string]string

	mu  sync.Mutex
	svg map[string][]byte
}

// pics are the pictures of the embedded catalog.
var pics = &pictures{}

func (p *pictures) load() {
	p.once.Do(func() {
		p.svg = map[string][]byte{}
		p.titles = map[string]string{}
		specs, err := tips.Poses()
		if err != nil {
			return // a binary built with a broken poses.toml: no pictures, pages still work
		}
		p.specs = specs
		if cat, err := tips.Default(); err == nil {
			for _, e := range cat.Exercises() {
				p.titles[e.ID] = e.Title
			}
		}
	})
}

// has reports whether the exercise id has a picture.
func (p *pictures) has(id string) bool {
	p.load()
	_, ok := p.specs[id]
	return ok
}

// get returns the animated SVG of the exercise id.
func (p *pictures) get(id string) ([]byte, bool) {
	p.load()
	s, ok := p.specs[id]
	if !ok {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.svg[id]; ok {
		return b, true
	}
	b := s.AnimatedSVG(pictureSize, p.titles[id])
	p.svg[id] = b
	return b, true
}

// hasPicture reports whether the exercise id has a picture.
func hasPicture(id string) bool { return pics.has(id) }

// picture serves /picture/{id}: the exercise's animated SVG. The picture animates with its own
// inline CSS, so its answer allows inline styles, and nothing else, in the SVG document.
func (u *ui) picture(w http.ResponseWriter, r *http.Request) {
	svg, ok := pics.get(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(svg)
}
