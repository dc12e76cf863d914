package main

import (
	"context"
	"fmt"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/notify"
)

func init() {
	register(&command{name: "url", args: "deskbreak:ACTION", hidden: true,
		summary: "carry out a deskbreak: link (break, snooze, skip, done), as a notification's button does on Windows",
		run:     runURL})
}

// runURL is "deskbreak url deskbreak:snooze": the command of the deskbreak: URL protocol
// that "deskbreak install" registers on Windows, which a notification's button launches. The
// link's action is a notification button's key (an api.Action: break, snooze, skip or done);
// it goes to the daemon as the button would send it on Linux (snooze: the first configured
// choice). It prints the daemon's answer, which nobody sees when Windows starts it for a
// button; a refusal, e.g. of an old notification's Snooze, changes nothing.
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
	switch a := api.Action(key); a {
	case api.Break, api.Snooze, api.Skip, api.Done:
		c, err := ctlClient(e)
		if err != nil {
			return err
		}
		defer c.Close()
		r, err := c.Act(ctx, api.Do(a))
		if err != nil {
			return ctlError(e, err)
		}
		fmt.Fprintln(e.stdout, r.Message)
		return nil
	}
	return usagef("link %q: unknown action %q; want break, snooze, skip or done", pos[0], key)
}
