package autostart

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// golden compares got with testdata/name.golden, or rewrites that file under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want)
	}
}

// fakeRunner records command lines and answers with scripted output and errors.
type fakeRunner struct {
	calls []string
	out   map[string]string // command line → standard output
	fail  map[string]error  // command line → error
}

var _ Runner = (*fakeRunner)(nil)

func (f *fakeRunner) Run(ctx context.Context, name string, args ...string) (string, error) {
	line := strings.Join(append([]string{name}, args...), " ")
	f.calls = append(f.calls, line)
	return f.out[line], f.fail[line]
}

// take returns the calls so far and forgets them.
func (f *fakeRunner) take() []string {
	c := f.calls
	f.calls = nil
	return c
}

// fakeRunKey is a registry key in memory.
type fakeRunKey map[string]string

var _ RunKey = fakeRunKey(nil)

func (k fakeRunKey) Get(name string) (string, bool, error) { v, ok := k[name]; return v, ok, nil }
func (k fakeRunKey) Set(name, data string) error           { k[name] = data; return nil }
func (k fakeRunKey) Delete(name string) error {
	if _, ok := k[name]; !ok {
		return errors.New("no such value")
	}
	delete(k, name)
	return nil
}

// fakeRegistry is HKCU in memory: "key\x00name" -> data.
type fakeRegistry map[string]string

var _ Registry = fakeRegistry(nil)

func (r fakeRegistry) GetString(key, name string) (string, bool, error) {
	v, ok := r[key+"\x00"+name]
	return v, ok, nil
}
func (r fakeRegistry) SetString(key, name, data string) error { r[key+"\x00"+name] = data; return nil }
func (r fakeRegistry) DeleteTree(key string) error {
	for k := range r {
		if strings.HasPrefix(k, key+"\x00") || strings.HasPrefix(k, key+`\`) {
			delete(r, k)
		}
	}
	return nil
}

// fakeSpawner records what it was asked to start.
type fakeSpawner struct{ started []string }

var _ Spawner = (*fakeSpawner)(nil)

func (s *fakeSpawner) Spawn(p Program, log string) (int, error) {
	s.started = append(s.started, p.String())
	return 4242, nil
}

// env returns a getenv over vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// files lists the regular files and symlinks under root, relative to it.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n") && len(a) == len(b)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
