//go:build windows

package autostart

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// systemRunKey returns the current user's Run key. Writing there needs no admin rights.
func systemRunKey() RunKey { return winRunKey{} }

type winRunKey struct{}

var _ RunKey = winRunKey{}

const runSubkey = `Software\Microsoft\Windows\CurrentVersion\Run`

func (winRunKey) Get(name string) (string, bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runSubkey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (winRunKey) Set(name, data string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runSubkey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetStringValue(name, data)
}

func (winRunKey) Delete(name string) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runSubkey, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.DeleteValue(name)
}
