package main

import (
	"strings"
	"testing"

	"github.com/deskbreak/deskbreak/internal/api"
	"github.com/deskbreak/deskbreak/internal/control/controltest"
)

func TestURLActions(t *testing.T) {
	for link, want := range map[string]api.Action{
		"deskbreak:break":   api.Break,
		"deskbreak:snooze":  api.Snooze,
		"DESKBREAK:skip/":   api.Skip,
		"deskbreak://done/": api.Done,
	} {
		f := &controltest.Fake{Snap: ctlSnap()}
		sock := ctlServe(t, f)
		code, _, stderr := ctlRun(t, sock, "url", link)
		calls := f.Calls()
		if code != 0 || len(calls) != 1 || calls[0] != api.Do(want) {
			t.Errorf("url %s: exit %d, calls %+v, want one %s; stderr %s", link, code, calls, want, stderr)
		}
	}
}

func TestURLBad(t *testing.T) {
	f := &controltest.Fake{}
	sock := ctlServe(t, f)
	for _, args := range [][]string{{"url"}, {"url", "deskbreak:fly"}, {"url", "deskbreak:pause"}, {"url", "https://example.com"}, {"url", "deskbreak:snooze", "x"}} {
		code, _, stderr := ctlRun(t, sock, args...)
		if code != 2 || !strings.Contains(stderr, "url") {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
	if n := len(f.Calls()); n != 0 {
		t.Errorf("bad links reached the daemon: %d calls", n)
	}
}
