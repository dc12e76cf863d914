package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

var sink []byte

// TestQuietGC: the policy turns the runtime's own collections off, and afterWake collects
// once enough has been allocated. Not parallel: it changes the process's GC settings.
func TestQuietGC(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(100)

	debug.SetGCPercent(100)
	quietGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("with GOGC set, the policy changed GOGC to %d", p)
	}

	afterWake := quietGC(func(string) string { return "" })
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
