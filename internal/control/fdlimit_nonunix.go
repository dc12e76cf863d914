//go:build !unix

package control

// fileLimit returns 0: no file limit to keep under on this system.
func fileLimit() int { return 0 }
