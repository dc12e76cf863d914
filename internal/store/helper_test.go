package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/deskbreak/deskbreak/internal/scheduler"
)

// helperEnv names the helper a re-executed test binary runs instead of the tests.
const helperEnv = "DESKBREAK_STORE_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "lock":
		os.Exit(helperLock(os.Args[len(os.Args)-1]))
	case "save-loop":
		os.Exit(helperSaveLoop(os.Args[len(os.Args)-1]))
	default:
		fmt.Fprintf(os.Stderr, "unknown helper %q\n", os.Getenv(helperEnv))
		os.Exit(3)
	}
}

// startHelper re-executes the test binary as the named helper with arg, and waits for its
// first line, "ready". It returns the command and the helper's stdin, which the helper may
// wait on. The helper is killed when the test ends.
func startHelper(t testing.TB, name, arg string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", arg)
	cmd.Env = append(os.Environ(), helperEnv+"="+name)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper %s said %q, %v; want ready", name, line, err)
	}
	return cmd, in
}

// helperLock takes the lock at path, says "ready", and holds it until stdin closes or the
// process is killed.
func helperLock(path string) int {
	release, err := Lock(path, "")
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := release(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// helperSaveLoop loads the state in dir, says "ready", and then saves states that grow from
// it in a tight loop, forever.
func helperSaveLoop(dir string) int {
	s, err := Open(dir, nil)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	st, err := s.LoadState()
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	n := int64(0)
	if st.Version != 0 {
		if n, err = checkLoopState(st); err != nil {
			fmt.Println("error:", err)
			return 1
		}
	}
	fmt.Println("ready")
	for {
		n++
		if err := s.SaveState(loopState(n)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}

// loopState is the n-th state of the save loop. Every part of it depends on n, and its size
// varies from about 100 bytes to 60 kB, so that a torn or mixed write cannot pass
// checkLoopState.
func loopState(n int64) State {
	at := time.Unix(1_700_000_000+n, 0).UTC()
	rules := map[string]scheduler.RuleState{}
	for i := range int(n % 40) {
		rules[fmt.Sprintf("rule-%d", i)] = scheduler.RuleState{Since: at}
	}
	tips, _ := json.Marshal(map[string]any{"n": n, "pad": strings.Repeat("x", int(n*7919%60000))})
	return State{Scheduler: scheduler.State{Rules: rules, LastSeen: at}, Tips: tips}
}

// checkLoopState checks that st is exactly some loopState(n) and returns n.
func checkLoopState(st State) (int64, error) {
	var tips struct{ N int64 }
	if err := json.Unmarshal(st.Tips, &tips); err != nil {
		return 0, fmt.Errorf("tips: %w", err)
	}
	want := loopState(tips.N)
	want.Version = StateVersion
	if !statesEqual(st, want) {
		return 0, fmt.Errorf("state %d is not whole", tips.N)
	}
	return tips.N, nil
}
