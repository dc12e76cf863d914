package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The daemon's memory policy. Go's collector suits busy programs: it runs whenever the heap
// has doubled since the last collection, at the latest every two minutes, and a background
// scavenger then hands free memory back to the OS a little at a time. For a daemon that
// allocates a few kilobytes per wake and sleeps for minutes, the forced collection every two
// minutes and the scavenger's trickle are most of its wakeups once it has collected once.
//
// So the daemon collects when it is awake anyway: after a wake of its loop, when it has
// allocated collectAfter since the last collection, it collects and returns all free memory
// at once (debug.FreeOSMemory). The memory limit is a safety net for a burst of allocation
// between two wakes. GOGC or GOMEMLIMIT in the environment turn this off. The collector is
// off from the start: letting it run while the daemon starts (tried, to pack what the start
// keeps into fewer spans) left the runtime's monitor thread waking 20 times a minute for
// good after it was turned off, for no measurable gain in memory.
const (
	collectAfter = 1 << 20
	memoryLimit  = 32 << 20
)

// No heap profile is ever taken of deskbreak, so it samples no allocations: by default the
// runtime records one allocation in every 512 kB for such a profile, in a table it reserves
// (1.4 MB) on the first sample and whose pages each later sample can make resident.
func init() { runtime.MemProfileRate = 0 }

// quietGC puts the policy in force, unless getenv has GOGC or GOMEMLIMIT, and returns the
// function to call after each wake; it collects when due. It is for one goroutine.
func quietGC(getenv func(string) string) (afterWake func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryLimit)
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	var last uint64
	return func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if a := sample[0].Value.Uint64(); a-last >= collectAfter {
			debug.FreeOSMemory()
			last = a
		}
	}
}
