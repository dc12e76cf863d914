//go:build linux

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Issue 5: notifications that act, through a real dunst.

// startDue starts dunst and a daemon (without its tray) whose break is due, and waits until
// dunst shows the break.
func startDue(t *testing.T) (*desktop, *home, *daemonProc) {
	t.Helper()
	d := startDesktop(t, false)
	h := newHome(t, true)
	h.writeConfig(allDayConfig(defaultChoices))
	h.seedDue()
	p := h.start("--no-tray")
	d.waitDisplayed("dunst shows the due break", 1)
	return d, h, p
}

// wantActions checks that dunst offers exactly want (label/key pairs, in any order) on one
// notification whose summary satisfies summary, and returns that summary.
func wantActions(t *testing.T, acts []action, summary func(string) bool, want ...string) string {
	t.Helper()
	var got []string
	ids := map[int]bool{}
	for _, a := range acts {
		got = append(got, a.Label+"/"+a.Key)
		ids[a.ID] = true
		if !summary(a.Summary) {
			t.Errorf("dunst offers %q on a notification with summary %q", a.Label, a.Summary)
		}
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("dunst offers the actions %q, want %q", got, want)
	}
	if len(ids) != 1 {
		t.Errorf("the actions belong to %d notifications, want 1: %+v", len(ids), acts)
	}
	if len(acts) == 0 {
		return ""
	}
	return acts[0].Summary
}

// minutes formats a duration as the daemon's notifications do: "3 min", "45 s",
// "1 min 15 s" (an exercise's length is shown to the second, the same everywhere).
func minutes(secs int64) string {
	switch {
	case secs < 60:
		return fmt.Sprintf("%d s", secs)
	case secs%60 == 0:
		return fmt.Sprintf("%d min", secs/60)
	}
	return fmt.Sprintf("%d min %d s", secs/60, secs%60)
}

func isDueSummary(s string) bool { return s == "Break time: 3 min" }

func TestNotifyDueBreakArrivesInDunst(t *testing.T) {
	d, h, p := startDue(t)
	st := h.status()
	if st.State != "due" || st.Due == nil || st.Due.Rule != "exercise" {
		t.Fatalf("status after a restart with a due break: state %q due %+v, want due exercise\n%s", st.State, st.Due, st.raw)
	}
	if len(st.Exercises) == 0 {
		t.Fatalf("the due break has no exercises:\n%s", st.raw)
	}

	// Each action once: a default action repeating Start listed "Start" twice.
	wantActions(t, d.menu(""), isDueSummary, "Start/break", "Snooze 5 min/snooze", "Skip/skip")

	// Skipping from the CLI closes it; dunst's history then holds what arrived.
	if out := h.mustCLI("skip"); !strings.Contains(strings.ToLower(out), "skip") {
		t.Errorf("deskbreak skip printed %q", out)
	}
	d.waitDisplayed("deskbreak skip closes the due break's notification", 0)
	hist := d.history()
	if len(hist) != 1 {
		t.Fatalf("dunst history has %d notifications, want the one due break: %+v", len(hist), hist)
	}
	n := hist[0]
	if n.App != "deskbreak" || !isDueSummary(n.Summary) || n.Category != "x-deskbreak.break" {
		t.Errorf("dunst received app %q summary %q category %q, want deskbreak, \"Break time: 3 min\", x-deskbreak.break", n.App, n.Summary, n.Category)
	}
	var want []string
	for _, e := range st.Exercises {
		want = append(want, fmt.Sprintf("• %s (%s)", e.Title, minutes(e.DurationSeconds)))
	}
	// Then, apart, the health footer.
	want = append(want, "", "— Stop if it hurts; see a professional if pain persists.")
	if got := strings.Split(n.Body, "\n"); !slices.Equal(got, want) {
		t.Errorf("the notification's body is\n%s\nwant one line per exercise of the break (from deskbreak status), then the health footer:\n%s", n.Body, strings.Join(want, "\n"))
	}
	if st := h.status(); st.State != "working" || st.Today.Skipped != 1 {
		t.Errorf("after deskbreak skip: state %q, skipped today %d; want working, 1\n%s", st.State, st.Today.Skipped, st.raw)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

func TestNotifySnoozeThroughDunst(t *testing.T) {
	d, h, p := startDue(t)
	before := time.Now()
	d.menu("snooze") // the person picks "Snooze 5 min" in dunst's context menu
	st := h.waitStatus("the daemon is snoozed with 2 snoozes left", func(s status) bool {
		return s.State == "snoozed" && s.SnoozesLeft == 2
	})
	after := time.Now()
	if st.SnoozedUntil == nil || st.SnoozedUntil.Before(before.Add(5*time.Minute-time.Second)) || st.SnoozedUntil.After(after.Add(5*time.Minute)) {
		t.Errorf("snoozed_until %v, want 5 min after the click (%v to %v)", st.SnoozedUntil, before.Add(5*time.Minute), after.Add(5*time.Minute))
	}
	if st.Due == nil || st.Due.Snoozes != 1 {
		t.Errorf("due %+v, want the exercise break with 1 snooze", st.Due)
	}
	d.waitDisplayed("the snoozed break's notification goes away", 0)
	p.waitLog("the daemon logs the action", `msg="notification action" action=snooze`)
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

func TestNotifyDefaultActionStartsBreak(t *testing.T) {
	d, h, p := startDue(t)
	// A click on the notification's body (dunst's do_action): with no separate default
	// action it opens the menu, where the stand-in dmenu picks Start (key "break").
	if err := os.WriteFile(filepath.Join(d.dir, "want"), []byte("break"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.dunstctl("action", "0")
	st := h.waitStatus("the break runs", func(s status) bool { return s.State == "in_break" })
	if st.Break == nil || st.Break.Rule != "exercise" || st.Break.End.Sub(st.Break.Start) != 3*time.Minute {
		t.Errorf("break %+v, want the 3-minute exercise break", st.Break)
	}

	// The running break's notification replaces the due one: the first exercise, with Done
	// and Skip.
	var acts []action
	eventually(t, "dunst shows the running break", waitFor, func() (bool, string) {
		if d.displayed() != 1 {
			return false, "not exactly one notification displayed"
		}
		acts = d.menu("")
		return len(acts) > 0 && strings.HasPrefix(acts[0].Summary, "Break 1/"), fmt.Sprintf("%+v", acts)
	})
	first := fmt.Sprintf("Break 1/%d: %s (", len(st.Exercises), st.Exercises[0].Title)
	wantActions(t, acts, func(s string) bool { return strings.HasPrefix(s, first) }, "Done/done", "Skip/skip")

	// "Done" from dunst ends the break at once: it counts as cut short, not taken in full.
	d.menu("done")
	st = h.waitStatus("Done in dunst ends the break", func(s status) bool { return s.State == "working" })
	if st.Today.Short != 1 || st.Today.Full != 0 {
		t.Errorf("today %+v after Done at once, want 1 cut short\n%s", st.Today, st.raw)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}

func TestNotifyCLIBreakReplacesDueNotification(t *testing.T) {
	d, h, p := startDue(t)
	h.mustCLI("break")
	h.waitStatus("deskbreak break starts the break", func(s status) bool { return s.State == "in_break" })
	var acts []action
	eventually(t, "the running break's notification replaces the due one", waitFor, func() (bool, string) {
		n := d.displayed()
		if n != 1 {
			return false, fmt.Sprintf("dunst displays %d notifications", n)
		}
		acts = d.menu("")
		return len(acts) > 0 && strings.HasPrefix(acts[0].Summary, "Break 1/"), fmt.Sprintf("%+v", acts)
	})
	wantActions(t, acts, func(s string) bool { return strings.HasPrefix(s, "Break 1/") }, "Done/done", "Skip/skip")

	h.mustCLI("skip")
	d.waitDisplayed("deskbreak skip closes the running break's notification", 0)
	// Replaced, not closed and shown anew: the due break never reached the history.
	hist := d.history()
	if len(hist) != 1 || !strings.HasPrefix(hist[0].Summary, "Break 1/") {
		var sums []string
		for _, n := range hist {
			sums = append(sums, n.Summary)
		}
		t.Errorf("dunst history %q, want only the running break (the due one replaced in place)", sums)
	}
	if code := p.stop(); code != 0 {
		t.Errorf("deskbreak run exited %d on SIGTERM, want 0", code)
	}
}
