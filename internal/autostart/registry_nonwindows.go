//go:build !windows

package autostart

// systemRunKey returns nil: only Windows has a registry.
func systemRunKey() RunKey { return nil }

// systemRegistry returns nil: only Windows has a registry.
func systemRegistry() Registry { return nil }
