package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// gcPercent reads the GC percent without setting it: -1 is off (the metric's all ones).
func gcPercent() int64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

var sink []byte

// TestQuietGC: the policy turns the runtime's own collections off, and afterWake collects
// once enough has been allocated. Not parallel: it changes the process's GC settings.
func TestQuietGC(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(100)

	debug.SetGCPercent(100)
	quietGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] }, 0)()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("with GOGC set, the policy changed GOGC to %d", p)
	}

	afterWake := quietGC(func(string) string { return "" }, 0)
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GC percent %d, want -1 (collections only when the daemon asks)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != memoryLimit {
		t.Fatalf("memory limit %d, want %d", l, memoryLimit)
	}
	afterWake() // the first call collects whatever the process allocated so far
	before := gcCycles()
	for range 4 {
		sink = make([]byte, collectAfter/2)
	}
	afterWake()
	if gcCycles() == before {
		t.Fatalf("no collection after allocating %d bytes", 2*collectAfter)
	}
}

// TestQuietGCAfterStartup: with a settle time the runtime keeps collecting while the daemon
// starts, and stops once it has settled. Not parallel: it changes the process's GC settings.
func TestQuietGCAfterStartup(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(100)

	debug.SetGCPercent(100)
	quietGC(func(string) string { return "" }, 100*time.Millisecond)
	if p := gcPercent(); p != 100 {
		t.Fatalf("while starting, GC percent %d, want 100 (the runtime collects)", p)
	}
	before := gcCycles()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p := gcPercent()
		if p == -1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("5 s after a settle time of 100 ms, GC percent %d, want -1", p)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if gcCycles() == before {
		t.Error("settling did not collect the start-up's garbage")
	}
}
