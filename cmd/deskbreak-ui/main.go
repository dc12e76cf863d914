// Command deskbreak-ui is deskbreak's local web UI: the break window, settings, statistics
// and the exercise catalog, served on 127.0.0.1 to a browser window and talking to the
// daemon over its control socket. "deskbreak ui [PAGE]" starts it; it exits when no page has
// been connected for two minutes, or when the daemon stops.
//
// It is a program of its own so that the daemon never links net/http.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/deskbreak/deskbreak/internal/sibling"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/deskbreak/deskbreak/internal/config"
	"github.com/deskbreak/deskbreak/internal/notify"
	"github.com/deskbreak/deskbreak/internal/store"
	"github.com/deskbreak/deskbreak/internal/tips"
)

// pages are the pages "deskbreak ui PAGE" may open.
var pages = []string{"break", "settings", "stats", "exercises"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		var ue usageError
		fmt.Fprintf(os.Stderr, "deskbreak-ui: %v\n", err)
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "Usage: deskbreak-ui [--config FILE] [--browser CMD] [--no-open] [break|settings|stats|exercises]")
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError string

func (e usageError) Error() string { return string(e) }

// run is the whole program: it returns when ctx is done, when no page has been connected
// for --idle, or when the daemon it watched stops.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("deskbreak-ui", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgFlag := fs.String("config", "", "the config `FILE` the settings page edits (default: $DESKBREAK_CONFIG, else the user config directory)")
	browser := fs.String("browser", "", "the browser `COMMAND` to open the page with ({url} marks the URL); overrides [ui] browser")
	noOpen := fs.Bool("no-open", false, "print the URL and open no browser")
	idle := fs.Duration("idle", 2*time.Minute, "exit after no page has been connected for this long")
	verbose := fs.Bool("v", false, "log requests and details")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError(err.Error())
	}
	page := "break"
	switch fs.NArg() {
	case 0:
	case 1:
		page = fs.Arg(0)
		if !contains(pages, page) {
			return usageError(fmt.Sprintf("unknown page %q: want break, settings, stats or exercises", page))
		}
	default:
		return usageError("one page at most")
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	cfgPath, err := config.ResolvePath(*cfgFlag, getenv)
	if err != nil {
		return fmt.Errorf("find the config file: %w", err)
	}
	cfg, cfgErr := config.Load(cfgPath, nil)
	if cfgErr != nil {
		cfg = config.Default() // the settings page shows the problems
	}
	if *browser == "" {
		*browser = cfg.UI.Browser
	}
	stateDir, err := store.StateDir(getenv)
	if err != nil {
		return fmt.Errorf("find the history: %w", err)
	}
	client, err := newClient(getenv)
	if err != nil {
		return fmt.Errorf("find the control socket: %w", err)
	}
	cat, err := tips.Default()
	if err != nil {
		return fmt.Errorf("load the exercise catalog: %w", err)
	}

	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1: %w", err)
	}
	addr := l.Addr().String()
	u, err := newUI(addr, client, log, cat)
	if err != nil {
		return err
	}
	u.getenv, u.cfgPath, u.stateDir = getenv, cfgPath, stateDir
	u.deskbreak = sibling.Find("deskbreak")

	srv := &http.Server{Handler: u.routes(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cancel(fmt.Errorf("serve %s: %w", addr, err))
		}
	}()
	go func() {
		if err := u.watch(ctx, 2*time.Second); err != nil {
			log.Info("the daemon stopped; closing the UI")
			cancel(nil)
		}
	}()
	go func() {
		tick := time.NewTicker(min(*idle/4, 10*time.Second))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if u.idleFor() >= *idle {
					log.Info("no page connected; closing the UI", "for", *idle)
					cancel(nil)
					return
				}
			}
		}
	}()

	url := u.g.URL("/" + page)
	fmt.Fprintln(stdout, url)
	if !*noOpen {
		w, h := 800, 600
		if page != "break" {
			w, h = 1100, 800
		}
		o, err := chooseOpener(url, *browser, runtime.GOOS, w, h, os.Geteuid() == 0, getenv, execLookPath)
		if err == nil {
			err = open(ctx, o, openWait)
		}
		if err != nil {
			log.Error("could not open a browser", "err", err, "url", url)
			notifyOpenFailed(ctx, url, err)
		} else {
			log.Debug("opened", "with", o.String())
		}
	}
	<-ctx.Done()
	sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer scancel()
	srv.Shutdown(sctx)
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// newUI returns the UI of a listener on addr.
func newUI(addr string, c daemonClient, log *slog.Logger, cat *tips.Catalog) (*ui, error) {
	tmpl, err := template.New("").Funcs(funcs).ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse the page templates: %w", err)
	}
	u := &ui{
		g: newGuard(addr, time.Now), c: c, log: log, now: time.Now, getenv: os.Getenv, tmpl: tmpl,
		cat: cat, clients: map[chan []byte]struct{}{},
	}
	u.lastSeen = u.now()
	return u, nil
}

// execLookPath is exec.LookPath; a variable so that tests see which browser is chosen.
var execLookPath = exec.LookPath

// notifyOpenFailed tells in a notification that no browser opened, with the URL to open by
// hand (it is valid for a minute).
func notifyOpenFailed(ctx context.Context, url string, err error) {
	n := notify.New(slog.New(slog.DiscardHandler), nil)
	defer n.Shutdown()
	nctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	n.Show(nctx, notify.Message{Summary: "deskbreak could not open a browser", Body: err.Error() + "\nOpen within a minute: " + url, Timeout: time.Minute})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
