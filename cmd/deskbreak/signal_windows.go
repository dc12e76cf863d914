//go:build windows

package main

import (
	"context"

	"github.com/deskbreak/deskbreak/internal/daemon"
)

// reloadOnSignal does nothing on Windows, which has no SIGHUP; the config file is watched,
// and "deskbreak reload" works.
func reloadOnSignal(ctx context.Context, d *daemon.Daemon) {}

// ignoreSIGPIPE does nothing on Windows, which has no SIGPIPE.
func ignoreSIGPIPE() {}
