package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os/exec"
	"sync"
	"time"

	"github.com/deskbreak/deskbreak/internal/tips"
)

//go:embed assets
var assets embed.FS

// ui is the web UI of one process: the pages, the live stream and the daemon's client.
type ui struct {
	g        *guard
	c        daemonClient
	log      *slog.Logger
	now      func() time.Time
	getenv   func(string) string
	tmpl     *template.Template
	cat      *tips.Catalog
	cfgPath  string // the config file the settings page edits
	stateDir string // where the history is, for the statistics
	// deskbreak is the CLI to run for "start the daemon"; "" when not found.
	deskbreak string

	mu      sync.Mutex
	latest  []byte // the latest view, JSON
	clients map[chan []byte]struct{}
	// lastSeen is when a page was last connected; zero while one is.
	lastSeen time.Time
}

// routes returns the UI's handler, behind the guard.
func (u *ui) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets/static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/break", http.StatusSeeOther) })
	mux.HandleFunc("GET /break", u.breakPage)
	mux.HandleFunc("GET /settings", u.settingsPage)
	mux.HandleFunc("POST /settings/preview", u.settingsPreview)
	mux.HandleFunc("POST /settings/save", u.settingsSave)
	mux.HandleFunc("GET /stats", u.statsPage)
	mux.HandleFunc("GET /stats/download", u.statsDownload)
	mux.HandleFunc("GET /exercises", u.exercisesPage)
	mux.HandleFunc("POST /exercises/exclude", u.exercisesExclude)
	mux.HandleFunc("GET /picture/{id}", u.picture)
	mux.HandleFunc("GET /events", u.events)
	mux.HandleFunc("POST /action", u.action)
	mux.HandleFunc("POST /start-daemon", u.startDaemon)
	return u.g.wrap(mux)
}

// publish turns a snapshot (or its absence) into the pages' view and hands it to every
// connected page.
func (u *ui) publish(v view) {
	data, err := json.Marshal(v)
	if err != nil {
		u.log.Error("encode view", "err", err)
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.latest = data
	for ch := range u.clients {
		select {
		case <-ch:
		default:
		}
		ch <- data
	}
}

// events streams the view to a page as server-sent events, one "data:" line per change.
func (u *ui) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan []byte, 1)
	u.mu.Lock()
	u.clients[ch] = struct{}{}
	u.lastSeen = time.Time{}
	if u.latest != nil {
		ch <- u.latest
	}
	u.mu.Unlock()
	defer func() {
		u.mu.Lock()
		delete(u.clients, ch)
		if len(u.clients) == 0 {
			u.lastSeen = u.now()
		}
		u.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	keepalive := time.NewTicker(30 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case data := <-ch:
			if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
				return
			}
			fl.Flush()
		case <-keepalive.C:
			if _, err := fmt.Fprint(w, ": keepalive\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// idleFor returns how long no page has been connected (0 while one is).
func (u *ui) idleFor() time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.clients) > 0 || u.lastSeen.IsZero() {
		return 0
	}
	return u.now().Sub(u.lastSeen)
}

// watch follows the daemon until ctx is done and returns nil, or until the daemon that was
// running stops: then it returns errWatchEnded. While no daemon runs, the pages say so and
// it tries again every retry.
func (u *ui) watch(ctx context.Context, retry time.Duration) error {
	seen := false
	for {
		err := u.c.Watch(ctx, func(s snapshot) {
			seen = true
			u.publish(viewOf(s))
		})
		if ctx.Err() != nil {
			return nil
		}
		if seen && errors.Is(err, errWatchEnded) {
			return err
		}
		if !errors.Is(err, errNotRunning) {
			u.log.Warn("watch the daemon", "err", err)
		}
		u.publish(view{NotRunning: true, Line: "deskbreak is not running."})
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
}

// action carries out a button of the break page: start, snooze (with minutes), skip, done.
func (u *ui) action(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	var res result
	var err error
	switch a := r.PostFormValue("action"); a {
	case "start":
		if id := r.PostFormValue("exercise"); id != "" {
			res, err = u.c.StartWith(ctx, id)
		} else {
			res, err = u.c.StartBreak(ctx)
		}
	case "snooze":
		var d time.Duration
		if m := r.PostFormValue("duration"); m != "" {
			if d, err = time.ParseDuration(m); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("bad duration %q", m)})
				return
			}
		}
		res, err = u.c.Snooze(ctx, d)
	case "skip":
		res, err = u.c.Skip(ctx)
	case "done":
		res, err = u.c.Done(ctx)
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("unknown action %q: want start, snooze, skip or done", a)})
		return
	}
	if err != nil {
		var ref *refusedError
		switch {
		case errors.As(err, &ref):
			writeJSON(w, http.StatusConflict, map[string]string{"error": ref.Msg})
		case errors.Is(err, errNotRunning):
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "deskbreak is not running"})
		default:
			u.log.Error("action", "err", err)
			writeJSON(w, http.StatusBadGateway, map[string]string{"error": err.Error()})
		}
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": res.Message})
}

// startDaemon runs "deskbreak start" for a page that found the daemon not running.
func (u *ui) startDaemon(w http.ResponseWriter, r *http.Request) {
	if u.deskbreak == "" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "the deskbreak program is not beside deskbreak-ui nor on PATH; start it with \"deskbreak run\""})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, u.deskbreak, "start").CombinedOutput()
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": fmt.Sprintf("deskbreak start: %v: %s", err, out)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": string(out)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// page is what every page template gets.
type page struct {
	Title  string
	Nav    string // the current page, for the menu
	CSRF   string
	Script string // the page's script under /static/, or ""
	Data   any
}

// render writes the named page.
func (u *ui) render(w http.ResponseWriter, name string, p page) {
	p.CSRF = u.g.csrf
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := u.tmpl.ExecuteTemplate(w, name, p); err != nil {
		u.log.Error("render", "page", name, "err", err)
	}
}
