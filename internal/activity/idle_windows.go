//go:build windows

package activity

import (
	"context"
	"fmt"
	"log/slog"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	kernel32             = windows.NewLazySystemDLL("kernel32.dll")
	procGetLastInputInfo = user32.NewProc("GetLastInputInfo")
	procGetTickCount     = kernel32.NewProc("GetTickCount")
)

// lastInputInfo is Win32's LASTINPUTINFO.
type lastInputInfo struct {
	cbSize uint32
	dwTime uint32 // tick count (ms since boot, wrapping every 49.7 days) of the last input
}

// DetectIdle returns the idle source of this desktop: on Windows, user32's GetLastInputInfo
// for this session. When it fails it logs that once and returns the "none" source, whose Idle
// returns [ErrNoIdleSource].
func DetectIdle(ctx context.Context, log *slog.Logger) IdleSource {
	s := windowsSource{}
	if _, err := s.Idle(ctx); err != nil {
		return newNoneSource(log, []string{err.Error()})
	}
	log.Info("idle time from GetLastInputInfo")
	return s
}

// windowsSource reads GetLastInputInfo: the tick of the session's last input, compared with
// GetTickCount. Both are 32-bit millisecond counters, so the unsigned difference stays right
// across the 49.7-day wrap.
type windowsSource struct{}

var _ IdleSource = windowsSource{}

func (windowsSource) Name() string { return "windows" }

func (windowsSource) Idle(context.Context) (time.Duration, error) {
	info := lastInputInfo{cbSize: uint32(unsafe.Sizeof(lastInputInfo{}))}
	if r, _, err := procGetLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		return 0, fmt.Errorf("user32 GetLastInputInfo: %w", err)
	}
	now, _, _ := procGetTickCount.Call()
	return time.Duration(uint32(now)-info.dwTime) * time.Millisecond, nil
}

func (windowsSource) Close() error { return nil }
