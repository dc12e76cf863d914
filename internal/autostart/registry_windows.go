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

// systemRegistry returns the current user's registry.
func systemRegistry() Registry { return winRegistry{} }

type winRegistry struct{}

var _ Registry = winRegistry{}

func (winRegistry) GetString(key, name string) (string, bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.QUERY_VALUE)
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

func (winRegistry) SetString(key, name, data string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, key, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	return k.SetStringValue(name, data)
}

func (winRegistry) DeleteTree(key string) error { return deleteTree(registry.CURRENT_USER, key) }

// deleteTree deletes key below parent with its subkeys, deepest first (RegDeleteKey removes
// only keys without subkeys).
func deleteTree(parent registry.Key, key string) error {
	k, err := registry.OpenKey(parent, key, registry.ENUMERATE_SUB_KEYS)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	subs, err := k.ReadSubKeyNames(-1)
	k.Close()
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := deleteTree(parent, key+`\`+s); err != nil {
			return err
		}
	}
	return registry.DeleteKey(parent, key)
}
