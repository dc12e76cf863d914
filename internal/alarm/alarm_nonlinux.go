//go:build !linux

package alarm

// New returns the best alarm this system has: a Timer.
func New() (*Timer, error) { return NewTimer(), nil }
