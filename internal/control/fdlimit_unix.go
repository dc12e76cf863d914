//go:build unix

package control

import "syscall"

// fileLimit returns the soft limit on open files, or 0 when unknown. The Go runtime has
// already raised it to the hard limit at start (os package, since Go 1.19).
func fileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur > 1<<30 {
		return 0
	}
	return int(rl.Cur)
}
