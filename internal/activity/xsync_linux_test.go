package activity

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/desktoptest"
	"github.com/jezek/xgb"
)

// Waits in these tests are generous: they are real time on a shared machine, and only a
// broken watcher takes long.
const (
	changeWithin = 10 * time.Second
	// clockSlack covers the X server's millisecond counter against Go's nanosecond clock.
	clockSlack = 5 * time.Millisecond
)

// nudge moves the pointer on $DISPLAY (set by desktoptest.Xvfb), which resets the X server's
// idle counter, and returns the time just before the move.
func nudge(t *testing.T) time.Time {
	t.Helper()
	before := time.Now()
	if out, err := exec.Command("xdotool", "mousemove_relative", "--", "5", "0").CombinedOutput(); err != nil {
		t.Fatalf("xdotool mousemove_relative: %v: %s", err, out)
	}
	return before
}

// nextChange waits for one change on out.
func nextChange(t *testing.T, out <-chan IdleChange, what string) (IdleChange, time.Time) {
	t.Helper()
	select {
	case c := <-out:
		return c, time.Now()
	case <-time.After(changeWithin):
		t.Fatalf("no change within %v; want %s", changeWithin, what)
	}
	return IdleChange{}, time.Time{}
}

// wantAway waits for an Away whose At is the last input, made at or after input: the person
// had been idle for at least threshold when it came.
func wantAway(t *testing.T, out <-chan IdleChange, input time.Time, threshold time.Duration) {
	t.Helper()
	c, got := nextChange(t, out, "Away")
	if !c.Away {
		t.Fatalf("change = %+v, want Away", c)
	}
	if c.At.Before(input.Add(-clockSlack)) {
		t.Errorf("Away.At = %v, before the last input at %v", c.At.Format(time.StampMilli), input.Format(time.StampMilli))
	}
	if idle := got.Sub(c.At); idle < threshold-clockSlack {
		t.Errorf("Away came %v after the last input, want at least the threshold %v", idle, threshold)
	}
	t.Logf("Away: At %v after the input, received %v after At", c.At.Sub(input), got.Sub(c.At))
}

// wantBack waits for the change back, whose At is about the input made at input.
func wantBack(t *testing.T, out <-chan IdleChange, input time.Time) {
	t.Helper()
	c, got := nextChange(t, out, "back")
	if c.Away {
		t.Fatalf("change = %+v, want back (Away false)", c)
	}
	if c.At.Before(input.Add(-clockSlack)) || c.At.After(got) {
		t.Errorf("back At = %v, want between the input at %v and its receipt at %v",
			c.At.Format(time.StampMilli), input.Format(time.StampMilli), got.Format(time.StampMilli))
	}
	t.Logf("back: At %v after the input, received %v after At", c.At.Sub(input), got.Sub(c.At))
}

// wantQuiet checks that nothing arrives on out for d.
func wantQuiet(t *testing.T, out <-chan IdleChange, d time.Duration, why string) {
	t.Helper()
	select {
	case c := <-out:
		t.Fatalf("change %+v arrived %s", c, why)
	case <-time.After(d):
	}
}

// childProcess returns the pid of this process's only child named comm.
func childProcess(t *testing.T, comm string) string {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var found []string
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the process has just ended
		}
		// pid (comm) state ppid ...
		fields := strings.Fields(string(b))
		if len(fields) > 3 && fields[1] == "("+comm+")" && fields[3] == strconv.Itoa(os.Getpid()) {
			found = append(found, fields[0])
		}
	}
	if len(found) != 1 {
		t.Fatalf("children named %s: %v, want exactly one", comm, found)
	}
	return found[0]
}

// ctxSwitches sums the voluntary and involuntary context switches of every thread of the
// process pid ("self" for this one).
func ctxSwitches(t *testing.T, pid string) int {
	t.Helper()
	tasks, err := filepath.Glob("/proc/" + pid + "/task/*/status")
	if err != nil || len(tasks) == 0 {
		t.Fatalf("list /proc/%s/task: %v", pid, err)
	}
	sum := 0
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the thread has just ended
		}
		for line := range strings.Lines(string(b)) {
			name, value, ok := strings.Cut(line, ":")
			if ok && (name == "voluntary_ctxt_switches" || name == "nonvoluntary_ctxt_switches") {
				n, err := strconv.Atoi(strings.TrimSpace(value))
				if err != nil {
					t.Fatalf("%s: %q: %v", f, line, err)
				}
				sum += n
			}
		}
	}
	return sum
}

// TestIdleWatcherUnderXvfb goes away and back twice on a real X server, changes the
// threshold, counts the process's wakeups while away, and closes.
func TestIdleWatcherUnderXvfb(t *testing.T) {
	display := desktoptest.Xvfb(t)
	desktoptest.Need(t, "xdotool")
	const threshold = time.Second

	out := make(chan IdleChange, 4)
	input := nudge(t)
	w, err := WatchX11Idle(context.Background(), display, threshold, out)
	if err != nil {
		t.Fatalf("WatchX11Idle(%s): %v", display, err)
	}
	defer w.Close()
	wantAway(t, out, input, threshold)

	// Away, with nothing happening: the watcher waits on the X connection alone, and the X
	// server waits for input. Measured here: the X server 0 switches, this whole test process
	// about 5 once settled (the test's own sleep, Go's runtime), up to 50 just after start
	// (the runtime returning memory after the first collections). Polling the server would
	// wake it at every poll; a spinning watcher would put this process in the thousands.
	const quiet = 5 * time.Second
	xvfb := childProcess(t, "Xvfb")
	before, xBefore := ctxSwitches(t, "self"), ctxSwitches(t, xvfb)
	time.Sleep(quiet)
	switches, xSwitches := ctxSwitches(t, "self")-before, ctxSwitches(t, xvfb)-xBefore
	t.Logf("context switches over %v of no input: %d in this test process, %d in Xvfb", quiet, switches, xSwitches)
	if xSwitches > 5 {
		t.Errorf("Xvfb switched context %d times in %v of no input; the watcher should send it nothing", xSwitches, quiet)
	}
	if switches > 250 {
		t.Errorf("this process switched context %d times in %v of no input; the watcher should not wake at all", switches, quiet)
	}
	wantQuiet(t, out, 0, "with no input while away")

	input = nudge(t)
	wantBack(t, out, input)
	wantAway(t, out, input, threshold)

	// A longer threshold while away: still away until the next input, then 2 s.
	if err := w.SetThreshold(2 * time.Second); err != nil {
		t.Fatalf("SetThreshold(2s): %v", err)
	}
	input = nudge(t)
	wantBack(t, out, input)
	wantAway(t, out, input, 2*time.Second)

	if err := w.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.SetThreshold(time.Second); err == nil {
		t.Error("SetThreshold after Close succeeded")
	}
	nudge(t)
	wantQuiet(t, out, 3*time.Second, "after Close")
}

// TestIdleWatcherStartsAway: a person already idle past the threshold is reported away at
// once; a threshold set while present arms the away alarm anew.
func TestIdleWatcherStartsAway(t *testing.T) {
	display := desktoptest.Xvfb(t)
	desktoptest.Need(t, "xdotool")
	const threshold = 500 * time.Millisecond

	input := nudge(t)
	time.Sleep(2 * threshold)
	out := make(chan IdleChange, 4)
	w, err := WatchX11Idle(context.Background(), display, threshold, out)
	if err != nil {
		t.Fatalf("WatchX11Idle(%s): %v", display, err)
	}
	defer w.Close()
	wantAway(t, out, input, threshold)
	input = nudge(t)
	wantBack(t, out, input)

	// Present, with an hour to go; then the threshold drops below the idle time so far.
	if err := w.SetThreshold(time.Hour); err != nil {
		t.Fatalf("SetThreshold(1h): %v", err)
	}
	wantQuiet(t, out, 2*threshold, "with an hour's threshold")
	if err := w.SetThreshold(threshold); err != nil {
		t.Fatalf("SetThreshold(%v): %v", threshold, err)
	}
	wantAway(t, out, input, threshold)
}

// TestIdleWatcherContextEnds closes the watcher when its context ends.
func TestIdleWatcherContextEnds(t *testing.T) {
	display := desktoptest.Xvfb(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan IdleChange, 1)
	w, err := WatchX11Idle(ctx, display, time.Second, out)
	if err != nil {
		t.Fatalf("WatchX11Idle(%s): %v", display, err)
	}
	cancel()
	deadline := time.Now().Add(changeWithin)
	for w.SetThreshold(time.Second) == nil {
		if time.Now().After(deadline) {
			t.Fatal("watcher still open after its context ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.Close(); err != nil {
		t.Errorf("Close after the context ended: %v", err)
	}
}

// TestIdleWatcherServerGone: when the X server goes away the watcher stops, says so from
// SetThreshold, and closes cleanly.
func TestIdleWatcherServerGone(t *testing.T) {
	display := desktoptest.Xvfb(t)
	out := make(chan IdleChange, 1)
	w, err := WatchX11Idle(context.Background(), display, time.Hour, out)
	if err != nil {
		t.Fatalf("WatchX11Idle(%s): %v", display, err)
	}
	pid, err := strconv.Atoi(childProcess(t, "Xvfb"))
	if err != nil {
		t.Fatal(err)
	}
	// The Xvfb this test started; desktoptest's cleanup reaps it.
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill Xvfb %d: %v", pid, err)
	}
	deadline := time.Now().Add(changeWithin)
	for {
		err := w.SetThreshold(time.Hour)
		if err != nil && strings.Contains(err.Error(), "X connection has ended") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SetThreshold %v after the X server was killed; last error: %v", changeWithin, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.Close(); err != nil {
		t.Errorf("Close after the X server went away: %v", err)
	}
	wantQuiet(t, out, 0, "after the X server went away")
}

// TestWatchX11IdleErrors fails cleanly on a display that does not exist, and on a threshold
// too short to mean anything.
func TestWatchX11IdleErrors(t *testing.T) {
	t.Parallel()
	const display = "/nonexistent/x11-socket:0"
	_, err := WatchX11Idle(context.Background(), display, time.Second, make(chan IdleChange))
	if err == nil {
		t.Fatal("WatchX11Idle on a display that does not exist succeeded")
	}
	if !strings.Contains(err.Error(), display) {
		t.Errorf("error %q does not name the display %s", err, display)
	}
	if _, err := WatchX11Idle(context.Background(), display, time.Millisecond, make(chan IdleChange)); err == nil || !strings.Contains(err.Error(), "1ms") {
		t.Errorf("WatchX11Idle with a 1ms threshold: err = %v, want one naming 1ms", err)
	}
}

// TestChangeMailbox posts many alternating changes to a slow receiver: what arrives still
// alternates, starts with Away, and ends in the latest state.
func TestChangeMailbox(t *testing.T) {
	t.Parallel()
	m := newChangeMailbox()
	out := make(chan IdleChange) // unbuffered: every delivery waits for the receiver
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		m.run(out, done)
	}()
	m.post(IdleChange{Away: false, At: time.Unix(0, 0)}) // a back before any Away: dropped
	start := time.Unix(1000, 0)
	const n = 101 // odd: the last change posted is an Away
	for i := range n {
		m.post(IdleChange{Away: i%2 == 0, At: start.Add(time.Duration(i) * time.Second)})
	}
	var got []IdleChange
	for {
		select {
		case c := <-out:
			got = append(got, c)
			time.Sleep(time.Millisecond) // a slow receiver
			continue
		case <-time.After(200 * time.Millisecond):
		}
		break
	}
	close(done)
	<-finished
	if len(got) == 0 {
		t.Fatal("nothing delivered")
	}
	for i, c := range got {
		if c.Away != (i%2 == 0) {
			t.Fatalf("delivered %v: change %d is Away=%v; want alternating from Away", got, i, c.Away)
		}
		if c.At.Before(start) {
			t.Fatalf("delivered the back posted before any Away: %v", got)
		}
	}
	if !got[len(got)-1].Away {
		t.Errorf("last delivered %+v, want Away, the latest state", got[len(got)-1])
	}
}

// TestParseSystemCounters reads a ListSystemCounters reply built by hand, with names whose
// entries need 0, 2 and 3 bytes of padding.
func TestParseSystemCounters(t *testing.T) {
	t.Parallel()
	reply := make([]byte, 32)
	reply[0] = 1
	entries := []struct {
		id   uint32
		name string
	}{{7, "SERVERTIME"}, {9, "IDLETIME"}, {11, "DEVICEIDLETIME 2"}, {13, "X"}}
	xgb.Put32(reply[8:], uint32(len(entries)))
	for _, e := range entries {
		entry := make([]byte, 14+len(e.name))
		xgb.Put32(entry, e.id)
		xgb.Put32(entry[4:], 0)
		xgb.Put32(entry[8:], 1)
		xgb.Put16(entry[12:], uint16(len(e.name)))
		copy(entry[14:], e.name)
		entry = append(entry, make([]byte, xgb.Pad(len(entry))-len(entry))...)
		reply = append(reply, entry...)
	}
	got, err := parseSystemCounters(reply)
	if err != nil {
		t.Fatalf("parseSystemCounters: %v", err)
	}
	for _, e := range entries {
		if got[e.name] != e.id {
			t.Errorf("counter %q = %d, want %d (all: %v)", e.name, got[e.name], e.id, got)
		}
	}
	if len(got) != len(entries) {
		t.Errorf("got %d counters, want %d: %v", len(got), len(entries), got)
	}
	if _, err := parseSystemCounters(reply[:len(reply)-4]); err == nil {
		t.Error("a reply cut short parsed without error")
	}
}

// TestAlarmBody checks CreateAlarm's and ChangeAlarm's value lists against the protocol:
// one CARD32 per mask bit in bit order, INT64s as hi then lo.
func TestAlarmBody(t *testing.T) {
	t.Parallel()
	words := func(ws ...uint32) []byte {
		b := make([]byte, 4*len(ws))
		for i, w := range ws {
			xgb.Put32(b[4*i:], w)
		}
		return b
	}
	all := uint32(syncCACounter | syncCAValueType | syncCAValue | syncCATestType | syncCADelta | syncCAEvents)
	got := alarmBody(0x400001, all, 0x2a, syncValueAbsolute, 0x1_0000_0005, syncTestNegativeComparison, -2, true)
	want := words(0x400001, 0x3f, 0x2a, 0, 1, 5, 3, 0xffffffff, 0xfffffffe, 1)
	if !bytes.Equal(got, want) {
		t.Errorf("CreateAlarm body\n got %x\nwant %x", got, want)
	}
	got = alarmBody(0x400001, syncCAValue|syncCATestType, 0, 0, 60_000, syncTestPositiveComparison, 0, false)
	want = words(0x400001, 0x0c, 0, 60_000, 2)
	if !bytes.Equal(got, want) {
		t.Errorf("ChangeAlarm body\n got %x\nwant %x", got, want)
	}
	if v := getInt64(words(0xffffffff, 0xfffffffe)); v != -2 {
		t.Errorf("getInt64(-2) = %d", v)
	}
}
