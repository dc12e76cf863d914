package activity

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procSHQueryUserNotificationState = windows.NewLazySystemDLL("shell32.dll").NewProc("SHQueryUserNotificationState")

// DetectDND returns Windows' do-not-disturb: SHQueryUserNotificationState answers for
// presentation mode, quiet hours / Focus Assist and full-screen applications in one call
// (see qunsBusyState). fullscreen says whether a full-screen application counts.
func DetectDND(ctx context.Context, log *slog.Logger, fullscreen bool) DND {
	d := &windowsDND{}
	d.fullscreen.Store(fullscreen)
	if err := procSHQueryUserNotificationState.Find(); err != nil {
		log.Info("no do-not-disturb signal: SHQueryUserNotificationState is missing", "err", err)
		return neverBusy{}
	}
	return d
}

// windowsDND asks SHQueryUserNotificationState on every call; it is a cheap local call.
type windowsDND struct {
	fullscreen atomic.Bool
}

var _ DND = (*windowsDND)(nil)

func (d *windowsDND) Active(context.Context) (bool, string, error) {
	var state int32
	hr, _, _ := procSHQueryUserNotificationState.Call(uintptr(unsafe.Pointer(&state)))
	if hr != 0 {
		return false, "", fmt.Errorf("SHQueryUserNotificationState: HRESULT %#x", uint32(hr))
	}
	busy, source := qunsBusyState(state, d.fullscreen.Load())
	return busy, source, nil
}

func (d *windowsDND) SetFullscreen(on bool) { d.fullscreen.Store(on) }

// neverBusy is the DND of a system without do-not-disturb signals.
type neverBusy struct{}

var _ DND = neverBusy{}

func (neverBusy) Active(context.Context) (bool, string, error) { return false, "", nil }

// SetFullscreen does nothing: there is no fullscreen check here.
func (neverBusy) SetFullscreen(bool) {}
