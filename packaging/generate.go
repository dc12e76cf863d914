// Package packaging holds what deskbreak's packages are built from: the nfpm config for .deb
// and .rpm, the Windows resource config, the macOS bundle template, and files that
// "go generate" renders here from the code (the systemd user unit and the launcher from
// internal/autostart, the icons from packaging/gen).
//
// Build the packages with scripts/release.sh; check them with packaging/ci-check.sh.
package packaging

//go:generate go run ./gen
