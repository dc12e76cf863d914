package activity

import (
	"context"
	"errors"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// connectSession opens an authenticated connection of our own to the session bus, giving up
// after callTimeout or when ctx ends.
func connectSession(ctx context.Context) (*dbus.Conn, error) {
	addr, err := sessionBusAddress()
	if err != nil {
		return nil, err
	}
	conn, err := handshake(ctx, func() (*dbus.Conn, error) { return dbus.Dial(addr) })
	if err != nil {
		return nil, fmt.Errorf("connect to session bus %s: %w", addr, err)
	}
	return conn, nil
}

// connectSystem opens an authenticated connection of our own to the system bus, giving up
// after callTimeout or when ctx ends.
func connectSystem(ctx context.Context) (*dbus.Conn, error) {
	conn, err := handshake(ctx, func() (*dbus.Conn, error) { return dbus.SystemBusPrivate() })
	if err != nil {
		return nil, fmt.Errorf("connect to the system bus: %w", err)
	}
	return conn, nil
}

// handshake dials with dial, then authenticates and says Hello within callTimeout. godbus's
// Auth and Hello take no context (a bus that accepts the connection and never answers would
// hold them forever): closing the connection unblocks them.
func handshake(ctx context.Context, dial func() (*dbus.Conn, error)) (*dbus.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	conn, err := dial()
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	err = conn.Auth(nil)
	if err == nil {
		err = conn.Hello()
	}
	if !stop() {
		err = context.Cause(ctx)
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %v: %w", callTimeout, err)
		}
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
