package main

import (
	"html/template"
	"net/http"
)

// funcs are the helpers the page templates use.
var funcs = template.FuncMap{}

// breakPage is the break window: the running or due break, live.
func (u *ui) breakPage(w http.ResponseWriter, r *http.Request) {
	u.render(w, "break.html", page{Title: "Break", Nav: "break", Script: "break.js"})
}
