package main

import (
	"fmt"
	"html/template"
	"net/http"
)

// funcs are the helpers the page templates use.
var funcs = template.FuncMap{
	"picture": hasPicture,
	"percent": func(f *float64) string { return fmt.Sprintf("%.0f%%", 100**f) },
}

// breakPage is the break window: the running or due break, live.
func (u *ui) breakPage(w http.ResponseWriter, r *http.Request) {
	u.render(w, "break.html", page{Title: "Break", Nav: "break", Script: "break.js"})
}
