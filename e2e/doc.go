// Package e2e holds end-to-end tests that run the real deskbreak binary, built once per test
// run, against real desktop parts: a private X display (Xvfb), a private session D-Bus, a
// notification server (dunst) and a StatusNotifierItem watcher (status-notifier-watcher).
//
// Each test gives the daemon its own XDG config, state and runtime directories, drives it
// through its CLI, its notifications and its tray menu, and reads back what the person would
// see. Tests that need a desktop part skip when it is missing and fail under CI=true (see
// internal/desktoptest). The package has no code of its own outside its tests.
//
// Set DESKBREAK_E2E_BINARY to test a binary built elsewhere instead of ../cmd/deskbreak.
package e2e
