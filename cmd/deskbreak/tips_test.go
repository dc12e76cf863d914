package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/deskbreak/deskbreak/internal/tips"
)

// runTipsCmd runs "deskbreak args..." in-process and returns the exit code and output.
func runTipsCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errb,
		getenv: func(string) string { return "" },
		now:    time.Now,
	}
	code = runMain(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestTipsCommand(t *testing.T) {
	t.Parallel()
	cat, err := tips.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err []string // substrings of stdout and stderr
		notOut   []string
	}{
		{"list", []string{"tips", "list"}, 0,
			[]string{"neck: ", "chin-tuck", "Chin tuck", "doorway-chest-stretch", "stand, doorway", "stand, away",
				"not at the desk", "prone-arm-lift", "70 exercises", "deskbreak tips show ID"}, nil, nil},
		{"list_category", []string{"tips", "list", "--category", "eyes"}, 0,
			[]string{"eyes: rest and refocus", "eyes-20-20-20", "5 exercises"}, nil, []string{"chin-tuck", "not at the desk"}},
		{"list_tag_category", []string{"tips", "list", "--category=release"}, 0,
			[]string{"release-skull-base", "release-chest"}, nil, []string{"chin-tuck"}},
		{"list_unknown_category", []string{"tips", "list", "--category", "elbows"}, 1,
			nil, []string{`deskbreak: tips list: unknown category "elbows"`, "known: breathing,", "Try: deskbreak tips list"}, nil},
		{"list_extra_arg", []string{"tips", "list", "neck"}, 2,
			nil, []string{`unexpected argument "neck"`, "Usage: deskbreak tips"}, nil},
		{"show", []string{"tips", "show", "chin-tuck"}, 0,
			[]string{"Chin tuck (chin-tuck)", "45s · 8 reps, hold 3s · seated · no equipment", "  1. Sit tall",
				"Caution: Move slowly in a small, pain-free range, and never pull on your head.",
				"Source: Neck Pain From Workout"}, nil, []string{"Not for the desk"}},
		{"show_not_desk", []string{"tips", "show", "band-pull-apart"}, 0,
			[]string{"needs a band", "Not for the desk: deskbreak never picks it"}, nil, nil},
		{"show_unknown", []string{"tips", "show", "chin-tuk"}, 1,
			nil, []string{`deskbreak: tips show: unknown exercise "chin-tuk"; did you mean "chin-tuck"?`, "Try: deskbreak tips list"}, nil},
		{"show_unknown_far", []string{"tips", "show", "zzzzzzzz"}, 1,
			nil, []string{`unknown exercise "zzzzzzzz"` + "\n", "Try: deskbreak tips list"}, nil},
		{"show_no_id", []string{"tips", "show"}, 2, nil, []string{"want one exercise id"}, nil},
		{"prompts", []string{"tips", "prompts", "breathing"}, 0,
			[]string{"breathing\n", "Breathe in through your nose for 4, out for 4, evenly. 6 times."}, nil, []string{"posture", "hold"}},
		{"prompts_unknown", []string{"tips", "prompts", "gossip"}, 1, nil, []string{`unknown topic "gossip"`}, nil},
		{"no_subcommand", []string{"tips"}, 2, nil, []string{"deskbreak tips COMMAND", "list [--category C]", "missing a tips command"}, nil},
		{"unknown_subcommand", []string{"tips", "bogus"}, 2, nil, []string{`unknown tips command "bogus" (known: art, list, next, prompts, show`}, nil},
		{"help", []string{"help", "tips"}, 0, []string{"show ID", "Commands:"}, nil, nil},
		{"list_help", []string{"tips", "list", "-h"}, 0, []string{"Usage: deskbreak tips list", "-category C"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runTipsCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			for _, w := range tt.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notOut {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q:\n%s", w, out)
				}
			}
			for _, w := range tt.err {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		code, out, errs := runTipsCmd(t, "tips", "list", "--json")
		var got []tips.Exercise
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
			t.Fatalf("list --json = %d %q %q", code, out, errs)
		}
		if len(got) != len(cat.Exercises()) || got[0].ID != cat.Exercises()[0].ID || len(got[0].Steps) == 0 {
			t.Errorf("list --json gave %d exercises, first %+v", len(got), got[0])
		}
		code, out, _ = runTipsCmd(t, "tips", "list", "--json", "--category", "water")
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 || got[0].ID != "water" {
			t.Errorf("list --json --category water = %d %q", code, out)
		}
		code, out, _ = runTipsCmd(t, "tips", "show", "stairs", "--json")
		var one tips.Exercise
		if code != 0 || json.Unmarshal([]byte(out), &one) != nil || one.ID != "stairs" || one.Seconds != 180 {
			t.Errorf("show --json = %d %q", code, out)
		}
	})
}

// TestTipsWithin80Columns reads "tips list", "tips prompts" and "tips show" for every
// exercise as on an 80-column terminal: no line is wider (issue #13).
func TestTipsWithin80Columns(t *testing.T) {
	t.Parallel()
	cat, err := tips.Default()
	if err != nil {
		t.Fatal(err)
	}
	runs := [][]string{{"tips", "list"}, {"tips", "prompts"}}
	for _, x := range cat.Exercises() {
		runs = append(runs, []string{"tips", "show", x.ID})
	}
	for _, args := range runs {
		code, out, errs := runTipsCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		for _, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("%v: %d columns: %q", args, n, line)
			}
		}
	}
}

// TestTipsJSONSourceFields: source mixed seed file names and "general guidance"; every entry
// of tips list, show and prompts now has source_file (null for general guidance) and
// source_title.
func TestTipsJSONSourceFields(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"tips", "list", "--json"}, {"tips", "prompts", "--json"}, {"tips", "show", "neck-nod", "--json"}} {
		code, out, errs := runTipsCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.HasPrefix(out, "[") {
			out = "[" + out + "]"
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		for _, x := range got {
			src, _ := x["source"].(string)
			file, hasFile := x["source_file"]
			title, _ := x["source_title"].(string)
			switch {
			case !hasFile || title == "":
				t.Errorf("%v: %v lacks source_file or source_title", args, x["id"])
			case src == "general guidance" && (file != nil || title != "general desk ergonomics"):
				t.Errorf("%v: %v: general guidance has source_file %v, title %q", args, x["id"], file, title)
			case src != "general guidance" && (file != src || !strings.HasSuffix(src, ".txt") || title == src):
				t.Errorf("%v: %v: source %q, source_file %v, title %q", args, x["id"], src, file, title)
			}
		}
	}
}
