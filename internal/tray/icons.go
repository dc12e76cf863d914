package tray

import "fmt"

//go:generate go run ./internal/art/gen icons

// iconBytes returns the embedded icon in the format this OS's tray wants.
func iconBytes(n IconName) ([]byte, error) {
	b, err := iconFS.ReadFile(iconDir + string(n) + iconExt)
	if err != nil {
		return nil, fmt.Errorf("tray icon %q: %w", n, err)
	}
	return b, nil
}
