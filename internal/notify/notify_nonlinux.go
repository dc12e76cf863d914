//go:build !linux && !windows

package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/gen2brain/beeep"
)

// Notifier shows deskbreak's notifications through beeep (Windows toasts, macOS notification
// center): no buttons, no replacing and no closing, so the tray and the CLI are the way to act.
// Its methods are safe for concurrent use.
type Notifier struct {
	mu   sync.Mutex
	shut bool
}

// New returns a Notifier. log and onAction are unused on this OS (there are no actions); the
// signature matches Linux's.
func New(log *slog.Logger, onAction func(key string)) *Notifier {
	_, _ = log, onAction
	return &Notifier{}
}

// Show displays m without its actions (an Update is dropped: nothing can be replaced), with the system's default sound when m.Sound is set
// (beeep.Alert). It returns when beeep does or when ctx is done,
// whichever is first.
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
		return nil // beeep cannot replace a notification: a new one each time would pile up
	}
	if err := showBeeep(ctx, m, imageFile(m.Image), m.Sound != ""); err != nil {
		return fmt.Errorf("show notification %q: %w", m.Summary, err)
	}
	return nil
}

// Close does nothing: beeep cannot close a notification it has shown.
func (n *Notifier) Close(ctx context.Context) error { return nil }

// Actions reports false: beeep shows no buttons.
func (n *Notifier) Actions() bool { return false }

// Shutdown makes later Show calls fail; there is no connection to release.
func (n *Notifier) Shutdown() {
	n.mu.Lock()
	n.shut = true
	n.mu.Unlock()
}

// beeepOnce sets beeep.AppName once: it is a package variable that beeep reads on every call.
var beeepOnce sync.Once

// showBeeep sends m through beeep: no buttons, no replacing, the OS's own timeout. With
// sound set it uses beeep.Alert, which plays the default sound on macOS and gives a Windows
// toast its audio. It returns when beeep does or when ctx is done, whichever is first (beeep
// itself takes no context).
func showBeeep(ctx context.Context, m Message, icon string, sound bool) error {
	beeepOnce.Do(func() { beeep.AppName = AppName })
	show := beeep.Notify
	if sound {
		show = beeep.Alert
	}
	done := make(chan error, 1)
	go func() { done <- show(m.Summary, m.Body, icon) }()
	select {
	case err := <-done:
		if err != nil && !strings.HasPrefix(err.Error(), "beeep") { // its Linux and macOS errors say so already
			return fmt.Errorf("beeep: %w", err)
		}
		return err
	case <-ctx.Done():
		return fmt.Errorf("beeep: %w", context.Cause(ctx))
	}
}
