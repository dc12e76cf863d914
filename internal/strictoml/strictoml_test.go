package strictoml

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	type entry struct {
		Title string `toml:"title"`
		Secs  int    `toml:"secs"`
	}
	var ok map[string]entry
	if err := Decode([]byte("[a]\ntitle = \"A\"\nsecs = 3\n"), &ok, "catalog"); err != nil || ok["a"].Secs != 3 {
		t.Fatalf("a good file: %v, %+v", err, ok)
	}
	for _, c := range []struct{ in, want string }{
		{"[a]\ntitle = \"A\"\ncolour = 1\n\n[b]\nsize = 2\n", "parse catalog: line 3: unknown field a.colour\nline 6: unknown field b.size"},
		{"[a]\nsecs = \"three\"\n", "parse catalog: line 2 column"},
		{"[a\n", "parse catalog: line 1 column"},
	} {
		var v map[string]entry
		err := Decode([]byte(c.in), &v, "catalog")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Decode(%q) = %v, want it to start %q", c.in, err, c.want)
		}
	}
}
