package store

import (
	"bytes"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// TestKilledDuringSavesStateAlwaysLoads runs a helper process that saves ever-changing states
// in a tight loop and kills it (SIGKILL on unix) at random moments, many times. After every
// kill the state must load, whole, and never older than before; nothing may be set aside.
func TestKilledDuringSavesStateAlwaysLoads(t *testing.T) {
	t.Parallel()
	kills, budget := 200, 15*time.Second
	if testing.Short() {
		kills = 20
	}
	dir := t.TempDir()
	var logs bytes.Buffer
	s, err := Open(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)
	deadline := time.Now().Add(budget)
	var last int64
	advanced, done := 0, 0
	for ; done < kills && time.Now().Before(deadline); done++ {
		// The helper loads the state itself first and fails if it is not whole.
		cmd, _ := startHelper(t, "save-loop", dir)
		// Mostly a few milliseconds, so that kills land anywhere in a save; now and then
		// longer, so that saves complete and the state moves on even on a slow machine.
		wait := time.Duration(rng.Int64N(int64(8 * time.Millisecond)))
		if done%10 == 9 {
			wait += 30 * time.Millisecond
		}
		time.Sleep(wait)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		st, err := s.LoadState()
		if err != nil {
			t.Fatalf("kill %d: LoadState: %v", done+1, err)
		}
		if st.Version == 0 {
			if last != 0 {
				t.Fatalf("kill %d: the state was lost (had state %d)", done+1, last)
			}
			continue
		}
		n, err := checkLoopState(st)
		if err != nil {
			t.Fatalf("kill %d: %v", done+1, err)
		}
		if n < last {
			t.Fatalf("kill %d: state went back from %d to %d", done+1, last, n)
		}
		if n > last {
			advanced++
		}
		last = n
		if aside, _ := filepath.Glob(filepath.Join(dir, "*corrupt*")); len(aside) > 0 {
			t.Fatalf("kill %d: state set aside: %v", done+1, aside)
		}
	}
	t.Logf("%d kills; the state advanced after %d of them, to save number %d", done, advanced, last)
	if advanced == 0 {
		t.Fatal("the helper never saved a state: the test tested nothing")
	}
	if logs.Len() > 0 {
		t.Errorf("unexpected warnings: %s", logs.String())
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != StateFile {
		t.Errorf("after the last load the directory holds %v, want only %s", names, StateFile)
	}
}
