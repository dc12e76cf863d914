package activity

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// parseHIDIdleTime reads the first `"HIDIdleTime" = <nanoseconds>` line of
// `ioreg -c IOHIDSystem` output. It lives in a file of its own, built everywhere, so that it is
// tested on every OS.
func parseHIDIdleTime(out []byte) (time.Duration, error) {
	key := []byte(`"HIDIdleTime"`)
	for line := range bytes.Lines(out) {
		_, rest, ok := bytes.Cut(line, key)
		if !ok {
			continue
		}
		rest = bytes.TrimSpace(rest)
		value, ok := bytes.CutPrefix(rest, []byte("="))
		if !ok {
			return 0, fmt.Errorf("ioreg: HIDIdleTime line %q has no value", bytes.TrimSpace(line))
		}
		value = bytes.TrimSpace(value)
		ns, err := strconv.ParseUint(string(value), 10, 63)
		if err != nil {
			return 0, fmt.Errorf("ioreg: HIDIdleTime %q: %w", value, err)
		}
		return time.Duration(ns), nil
	}
	return 0, errors.New("ioreg: no HIDIdleTime in its output")
}
