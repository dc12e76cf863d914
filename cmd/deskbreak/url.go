package main

import (
	"context"
	"fmt"

	"github.com/deskbreak/deskbreak/internal/control"
	"github.com/deskbreak/deskbreak/internal/daemon"
	"github.com/deskbreak/deskbreak/internal/notify"
)

func init() {
	register(&command{name: "url", args: "deskbreak:ACTION", hidden: true,
		summary: "carry out a deskbreak: link (start, snooze, skip, done), as a toast's button does on Windows",
		run:     runURL})
}

// urlActions maps the action of a deskbreak: link to the daemon's method.
var urlActions = map[string]ctlCall{
	daemon.ActionStart:  func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.StartBreak(ctx) },
	daemon.ActionSnooze: func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.Snooze(ctx, 0) },
	daemon.ActionSkip:   func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.Skip(ctx) },
	daemon.ActionDone:   func(ctx context.Context, c control.Controller) (daemon.Result, error) { return c.Done(ctx) },
}

// runURL is "deskbreak url deskbreak:snooze": the command of the deskbreak: URL protocol
// that "deskbreak install" registers on Windows. It sends the action over the control
// channel and prints the daemon's answer (which nobody sees when Windows starts it for a
// toast's button; a refusal, e.g. of a stale toast's Snooze, changes nothing).
func runURL(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "url")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("url takes one deskbreak: link, got %d arguments", len(pos))
	}
	key, err := notify.ParseActionURL(pos[0])
	if err != nil {
		return usagef("%v", err)
	}
	call, ok := urlActions[key]
	if !ok {
		return usagef("link %q: unknown action %q; want start, snooze, skip or done", pos[0], key)
	}
	c, err := ctlClient(e)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := call(ctx, c)
	if err != nil {
		return ctlError(e, err)
	}
	fmt.Fprintln(e.stdout, r.Message)
	return nil
}
