package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// catGroup is one category of the exercises page.
type catGroup struct {
	Name, Summary string
	Exercises     []exerciseItem
}

type exerciseItem struct {
	tips.Exercise
	Excluded bool
	// Search is the lowercase text the page's search looks in.
	Search string
}

type exercisesData struct {
	Groups    []catGroup
	Count     int
	FileError string
}

func (u *ui) exercisesPage(w http.ResponseWriter, r *http.Request) {
	d := exercisesData{}
	excluded := map[string]bool{}
	exCats := map[string]bool{}
	if cfg, err := config.Load(u.cfgPath, u.cat); err != nil {
		d.FileError = err.Error()
	} else {
		for _, id := range cfg.Tips.Exclude {
			excluded[id] = true
		}
		for _, c := range cfg.Tips.ExcludeCategories {
			exCats[c] = true
		}
	}
	byCat := map[string]*catGroup{}
	var order []string
	for _, e := range u.cat.Exercises() {
		if !e.DeskFriendly {
			continue
		}
		p := e.Primary()
		g := byCat[p]
		if g == nil {
			g = &catGroup{Name: p}
			if info, ok := u.cat.CategoryInfo(p); ok {
				g.Summary = info.Summary
			}
			byCat[p] = g
			order = append(order, p)
		}
		ex := excluded[e.ID] || slices.ContainsFunc(e.Categories, func(c string) bool { return exCats[c] })
		search := strings.ToLower(e.Title + " " + e.ID + " " + strings.Join(e.Categories, " ") + " " + strings.Join(e.Steps, " "))
		g.Exercises = append(g.Exercises, exerciseItem{e, ex, search})
		d.Count++
	}
	slices.Sort(order)
	for _, c := range order {
		d.Groups = append(d.Groups, *byCat[c])
	}
	u.render(w, "exercises.html", page{Title: "Exercises", Nav: "exercises", Script: "exercises.js", Data: d})
}

// exercisesExclude adds an exercise to tips.exclude or takes it out, and saves the config
// as the settings page does.
func (u *ui) exercisesExclude(w http.ResponseWriter, r *http.Request) {
	id, exclude := r.PostFormValue("id"), r.PostFormValue("exclude") == "on"
	if !u.cat.HasExercise(id) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "no exercise " + id + " in the catalog"})
		return
	}
	_, old, err := fileHash(u.cfgPath)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	cfg := config.Default()
	if old != nil {
		if cfg, err = config.Parse(u.cfgPath, old, u.cat); err != nil {
			writeJSON(w, http.StatusConflict, map[string]string{"error": "the config file has problems, so nothing was changed; fix it first (deskbreak config check):\n" + err.Error()})
			return
		}
	}
	has := slices.Contains(cfg.Tips.Exclude, id)
	switch {
	case exclude && !has:
		cfg.Tips.Exclude = append(cfg.Tips.Exclude, id)
	case !exclude && has:
		cfg.Tips.Exclude = slices.DeleteFunc(cfg.Tips.Exclude, func(s string) bool { return s == id })
	default:
		writeJSON(w, http.StatusOK, map[string]string{"message": "No change."})
		return
	}
	data := config.Format(cfg)
	if _, err := config.Parse(u.cfgPath, data, u.cat); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error: the file to write does not check: " + err.Error()})
		return
	}
	if err := os.MkdirAll(filepath.Dir(u.cfgPath), 0o755); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	if old != nil {
		if err := config.WriteFile(u.cfgPath+".bak", old); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "keep the previous file: " + err.Error()})
			return
		}
	}
	if err := config.WriteFile(u.cfgPath, data); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "save: " + err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	msg := "Excluded " + id + "."
	if !exclude {
		msg = "Included " + id + " again."
	}
	if _, err := u.c.Reload(ctx); err != nil && !errors.Is(err, errNotRunning) {
		msg += " The daemon did not reload: " + err.Error()
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": msg})
}
