package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
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
// between two wakes. GOGC or GOMEMLIMIT in the environment turn this off.
//
// Only once the daemon has settled (startupGC after the policy starts): while it starts, the
// tray, D-Bus and X connections allocate a few megabytes, mostly garbage, among what they
// keep. With the collector on they reuse the same few spans; with it off, what they keep
// ends up scattered over all the spans the start-up touched, which stay resident for one
// live object each (measured: RssAnon 3.5 MB off from the start, 3.0-3.3 MB this way).
const (
	collectAfter = 1 << 20
	memoryLimit  = 32 << 20
	startupGC    = 5 * time.Second
)

// No heap profile is ever taken of deskbreak, so it samples no allocations: by default the
// runtime records one allocation in every 512 kB for such a profile, in a table it reserves
// (1.4 MB) on the first sample and whose pages each later sample can make resident.
func init() { runtime.MemProfileRate = 0 }

// quietGC puts the policy in force, unless getenv has GOGC or GOMEMLIMIT: the runtime's
// own collections stop settle from now (at once when settle is 0), with one collection
// that returns the start-up's garbage. It returns the function to call after each wake; it
// collects when due. afterWake is for one goroutine.
func quietGC(getenv func(string) string, settle time.Duration) (afterWake func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(memoryLimit)
	quiet := func() {
		debug.SetGCPercent(-1)
		debug.FreeOSMemory()
	}
	if settle <= 0 {
		quiet()
	} else {
		time.AfterFunc(settle, quiet)
	}
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
