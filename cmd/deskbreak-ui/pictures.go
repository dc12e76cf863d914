package main

import "net/http"

// pictureSVG returns the animated SVG of an exercise. The catalog has no pictures yet
// (the illustrations issue adds them, one per exercise id); until then every exercise goes
// without, and the pages leave the picture out.
var pictureSVG = func(id string) ([]byte, bool) { return nil, false }

// hasPicture reports whether the exercise id has a picture.
func hasPicture(id string) bool { _, ok := pictureSVG(id); return ok }

// picture serves /picture/{id}.
func (u *ui) picture(w http.ResponseWriter, r *http.Request) {
	svg, ok := pictureSVG(r.PathValue("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(svg)
}
