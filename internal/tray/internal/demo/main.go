// Command demo runs the tray against a fake controller, to look at it (screenshots) and to
// measure it before the daemon exists: demo [run] [-state working] [-config FILE].
//
// Lines on stdin move the fake: "state due", "state paused", ...; actions picked in the menu
// are printed to stdout as "CALL Snooze 15m0s".
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/deskbreak/deskbreak/internal/tray"
	"github.com/deskbreak/deskbreak/internal/tray/internal/fakectl"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "run" { // stands in for "deskbreak run"
		args = args[1:]
	}
	fs := flag.NewFlagSet("demo", flag.ExitOnError)
	state := fs.String("state", "working", "the fake's state: "+strings.Join(fakectl.States, ", "))
	config := fs.String("config", "", "the file Edit settings opens")
	_ = fs.Parse(args)

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := fakectl.New(*state, time.Now, func(call string) { fmt.Println("CALL " + call) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if st, ok := strings.CutPrefix(sc.Text(), "state "); ok {
				if err := c.Set(st); err != nil {
					log.Error(err.Error())
				}
			}
		}
	}()
	tray.Run(ctx, c, tray.Options{
		ConfigPath:    *config,
		DefaultConfig: func() []byte { return []byte("# deskbreak settings (demo)\n") },
		Log:           log,
		OnQuit:        func() { fmt.Println("QUIT") },
		Version:       "demo",
	})
}
