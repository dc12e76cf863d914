package notify

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestToastXMLGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]Message{
		// A due break, as the daemon sends it: three buttons, the body click starts it.
		"toast_due": {
			Summary: "Break time: 3 min",
			Body:    "• Shoulder rolls (1 min)\n• Look into the distance (2 min)\nAlso: Sit back & relax <now>",
			Actions: []Action{
				{Key: "break", Label: "Start"},
				{Key: "snooze", Label: "Snooze 5 min"},
				{Key: "skip", Label: "Skip"},
			},
			DefaultAction: "break",
			Persistent:    true,
			Category:      "x-deskbreak.break",
		},
		// A step of a running break: no buttons, silent, short.
		"toast_step": {Summary: "Step 2 of 3: Neck turns", Body: "Turn your head slowly \"left\" and right.", Timeout: 20e9},
		// The end of a break: no buttons, with its cue.
		"toast_done": {Summary: "Break over: time to come back", Body: "3 min away from work.", Timeout: 2 * 60e9, Sound: SoundComplete},
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := ToastXML(m)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := xml.Unmarshal([]byte(got), &v); err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, got)
			}
			golden := filepath.Join("testdata", name+".xml")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("toast XML differs from %s:\n%s", golden, got)
			}
		})
	}
}

func TestToastXMLInvalid(t *testing.T) {
	t.Parallel()
	if _, err := ToastXML(Message{Summary: " "}); err == nil || !strings.Contains(err.Error(), "empty summary") {
		t.Errorf("got %v, want the empty summary named", err)
	}
}

func TestActionURL(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"break", "snooze", "skip", "done"} {
		got, err := ParseActionURL(ActionURL(key))
		if err != nil || got != key {
			t.Errorf("round trip of %q: %q, %v", key, got, err)
		}
	}
	for in, want := range map[string]string{"DeskBreak:snooze": "snooze", "deskbreak://skip/": "skip", " deskbreak:break ": "break"} {
		if got, err := ParseActionURL(in); err != nil || got != want {
			t.Errorf("ParseActionURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"snooze", "http://x", "deskbreak:", "deskbreak:a/b", "deskbreak:%zz", "deskbreak:x?y=1"} {
		if _, err := ParseActionURL(bad); err == nil || !strings.Contains(err.Error(), "link") {
			t.Errorf("ParseActionURL(%q): got %v, want an error naming the link", bad, err)
		}
	}
}

// TestToastXMLImage checks that a message's picture is shown in place of the app logo, as a
// file URL, and that there is no image element without one.
func TestToastXMLImage(t *testing.T) {
	t.Parallel()
	m := Message{Summary: "Break 1/2: Chin tuck", Body: "1. Sit tall."}
	x, err := toastXML(m, "/home/a b/.cache/deskbreak/exercise.png")
	if err != nil {
		t.Fatal(err)
	}
	want := `<image placement="appLogoOverride" src="file:///home/a%20b/.cache/deskbreak/exercise.png"/>`
	if !strings.Contains(x, want) {
		t.Errorf("toast XML lacks %s:\n%s", want, x)
	}
	if plain, _ := ToastXML(m); strings.Contains(plain, "<image") {
		t.Errorf("toast without a picture has an image element:\n%s", plain)
	}
}
