package notify

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"

	"git.sr.ht/~jackmordaunt/go-toast/wintoast"
	"github.com/gen2brain/beeep"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// protocolKey is the URL protocol's key under HKCU; "deskbreak install" writes it.
const protocolKey = `Software\Classes\` + URLScheme

// Notifier shows deskbreak's notifications as Windows toasts with buttons (ToastXML), when
// "deskbreak install" has registered the deskbreak: URL protocol that the buttons use;
// otherwise, or when a toast cannot be shown (no WinRT, as under Wine), through beeep
// without buttons (the first failure is logged). Toasts are neither replaced nor closed: a button of an old one that no
// longer applies is refused by the daemon. Its methods are safe for concurrent use.
type Notifier struct {
	log *slog.Logger

	mu     sync.Mutex
	shut   bool
	warned bool // a toast failed and that was logged
}

// New returns a Notifier. onAction is unused on Windows: a button starts deskbreak with a
// link, which reaches the daemon over its pipe. The signature matches Linux's.
func New(log *slog.Logger, onAction func(key string)) *Notifier {
	_ = onAction
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{log: log}
}

// Show displays m as a toast with its buttons, or through beeep without them. It returns
// when the toast is handed to Windows, or when beeep returns or ctx is done.
func (n *Notifier) Show(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	n.mu.Lock()
	shut := n.shut
	n.mu.Unlock()
	if shut {
		return fmt.Errorf("show notification %q: %w", m.Summary, ErrShutdown)
	}
	if m.Update {
		return nil // a toast is not replaced in place: a new one each 15 s would pile up
	}
	if protocolRegistered() {
		toastTried.Store(true)
		img := imageFile(m.Image)
		err := onToastThread(ctx, func() error { return pushToast(m, img) })
		if err == nil {
			return nil
		}
		n.mu.Lock()
		first := !n.warned
		n.warned = true
		n.mu.Unlock()
		if first {
			n.log.Warn("cannot show a toast; showing notifications without buttons instead (act in the tray or the CLI)", "err", err)
		}
	}
	if err := showPlain(ctx, m); err != nil {
		return fmt.Errorf("show notification %q: %w", m.Summary, err)
	}
	return nil
}

// plainOnce sets beeep.AppName once: it is a package variable that beeep reads on every call.
var plainOnce sync.Once

// showPlain shows m through beeep, without buttons, on the toast thread: beeep goes through
// go-toast as well, and its COM registration must be undone there too (see Shutdown).
// beeep's app name is deskbreak's AppUserModelID on Windows: go-toast files its toasts under
// it and writes its registry values into HKCU\Software\Classes\AppUserModelId\<name>, the
// key "deskbreak uninstall" removes.
//
// The picture is not given to beeep: below Windows 10 (and under Wine) beeep shows a balloon
// from a second tray icon drawn from it, which a person would take for deskbreak's own.
func showPlain(ctx context.Context, m Message) error {
	plainOnce.Do(func() { beeep.AppName = AppUserModelID })
	toastTried.Store(true)
	if err := onToastThread(ctx, func() error { return beeep.Notify(m.Summary, m.Body, "") }); err != nil {
		return fmt.Errorf("beeep: %w", err)
	}
	return nil
}

// pushToast shows m as a toast of deskbreak's AppUserModelID, with the picture at img
// ("" for none).
func pushToast(m Message, img string) error {
	x, err := toastXML(m, img)
	if err != nil {
		return err
	}
	// SetAppData sets the ID to show toasts under (it adds a CustomActivator value to the
	// AppUserModelId key, which "deskbreak uninstall" removes with the key).
	if err := wintoast.SetAppData(wintoast.AppData{AppID: AppUserModelID}); err != nil {
		return fmt.Errorf("toast: %w", err)
	}
	if err := wintoast.Push(x); err != nil {
		return fmt.Errorf("toast: %w", err)
	}
	return nil
}

// toastThread runs the functions sent to it on one locked OS thread, the thread on which
// go-toast initialises the Windows Runtime (RoInitialize is per thread, and go-toast calls it
// once).
var toastThread = sync.OnceValue(func() chan<- func() {
	ch := make(chan func())
	go func() {
		runtime.LockOSThread()
		for f := range ch {
			f()
		}
	}()
	return ch
})

// onToastThread runs f on the toast thread and returns its error, or the cause of ctx when
// ctx is done first (f then still runs, or finishes, on its own).
func onToastThread(ctx context.Context, f func() error) error {
	done := make(chan error, 1)
	select {
	case toastThread() <- func() { done <- f() }:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// protocolRegistered reports whether the deskbreak: URL protocol exists, without which a
// toast's buttons would do nothing.
func protocolRegistered() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, protocolKey, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	k.Close()
	return true
}

// Close does nothing: a toast stays until it times out or is dismissed.
func (n *Notifier) Close(ctx context.Context) error { return nil }

// Actions reports whether notifications carry buttons: the URL protocol is registered and
// no toast has failed.
func (n *Notifier) Actions() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return !n.warned && protocolRegistered()
}

// Shutdown makes later Show calls fail, and ends COM on the toast thread when a toast was
// tried. go-toast registers a COM class object (its activation callback, Go code) with every
// toast and never revokes it; left registered, COM releases it inside ExitProcess, calling
// into Go while the runtime exits ("fatal error: exitsyscall: syscall frame is no longer
// valid"). CoUninitialize revokes it while Go still runs normally.
func (n *Notifier) Shutdown() {
	n.mu.Lock()
	n.shut = true
	n.mu.Unlock()
	if toastTried.Load() {
		onToastThread(context.Background(), func() error { windows.CoUninitialize(); return nil })
	}
}

// toastTried is set once a toast was tried, and COM initialised for it.
var toastTried atomic.Bool
