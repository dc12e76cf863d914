//go:build linux || darwin

package activity

import "time"

// callTimeout bounds every D-Bus call, X request and ioreg run made by this package.
const callTimeout = 2 * time.Second
