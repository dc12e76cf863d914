package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ctlShell skips (or fails under CI=true) when shell is missing.
func ctlShell(t *testing.T, shell string) string {
	t.Helper()
	p, err := exec.LookPath(shell)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI=true requires it", shell)
		}
		t.Skipf("%s is not installed", shell)
	}
	return p
}

// ctlCompletionScript writes "deskbreak completion shell" to a file and returns its path.
func ctlCompletionScript(t *testing.T, shell string) string {
	t.Helper()
	code, out, errOut := ctlRun(t, "/nonexistent", "completion", shell)
	if code != 0 || errOut != "" {
		t.Fatalf("completion %s: exit %d, %s", shell, code, errOut)
	}
	path := filepath.Join(t.TempDir(), "deskbreak."+shell)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCompletionTable(t *testing.T) {
	t.Parallel()
	cmds := complCommands()
	byName := map[string]complCommand{}
	for _, c := range cmds {
		byName[c.name] = c
	}
	for name, c := range commands {
		if _, ok := byName[name]; ok == c.hidden {
			t.Errorf("command %s: hidden %v, in completion %v", name, c.hidden, ok)
		}
	}
	if got := byName["pause"]; !slices.Equal(got.words, []string{"indefinitely", "until-tomorrow", "until-work"}) || !slices.Equal(got.flags, []string{"--json"}) {
		t.Errorf("pause: %+v", got)
	}
	if got := byName["completion"]; !slices.Equal(got.words, []string{"bash", "fish", "zsh"}) {
		t.Errorf("completion: %+v", got)
	}
	if got := byName["snooze"]; len(got.words) != 0 {
		t.Errorf("snooze offers the placeholder DURATION: %+v", got)
	}
	if got := byName["help"]; len(got.words) != len(cmds) {
		t.Errorf("help completes %d names, want %d", len(got.words), len(cmds))
	}
}

// complBashWords runs the bash completion for the words typed so far (the last one being
// completed) and returns the candidates.
func complBashWords(t *testing.T, bash, script string, words ...string) []string {
	t.Helper()
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + w + "'"
	}
	prog := "source " + script + "\nCOMP_WORDS=(deskbreak " + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
		strconv.Itoa(len(words)) + "\n_deskbreak\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
	out, err := exec.Command(bash, "--norc", "--noprofile", "-c", prog).CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

func TestCompletionBash(t *testing.T) {
	t.Parallel()
	bash := ctlShell(t, "bash")
	script := ctlCompletionScript(t, "bash")
	for _, tt := range []struct {
		words []string
		want  []string
	}{
		{[]string{"sn"}, []string{"snooze"}},
		{[]string{"re"}, []string{"reload", "resume"}},
		{[]string{"pause", ""}, []string{"indefinitely", "until-tomorrow", "until-work", "--json"}},
		{[]string{"pause", "until-t"}, []string{"until-tomorrow"}},
		{[]string{"status", "--"}, []string{"--json"}},
		{[]string{"completion", "z"}, []string{"zsh"}},
		{[]string{"help", "sta"}, []string{"start", "status"}},
		// tips show<TAB> offered the tips subcommands, and flags missing from a usage line
		// did not complete.
		{[]string{"tips", "show", "chin"}, []string{"chin-tuck"}},
		{[]string{"tips", "prompts", ""}, []string{"posture", "breathing", "--json"}},
		{[]string{"tips", "list", "--"}, []string{"--category", "--json"}},
		{[]string{"tips", "n"}, []string{"next"}},
		{[]string{"run", "--"}, []string{"--config", "--no-tray", "--log-level"}},
		{[]string{"stats", "--"}, []string{"--days", "--json", "--csv"}},
	} {
		got := complBashWords(t, bash, script, tt.words...)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("deskbreak %s<TAB>: got %q, want %q among them", strings.Join(tt.words, " "), got, w)
			}
		}
		if tt.words[0] == "sn" && len(got) != 1 {
			t.Errorf("deskbreak sn<TAB>: got %q", got)
		}
		if tt.words[0] == "tips" && len(tt.words) == 3 && slices.Contains(got, "list") {
			t.Errorf("deskbreak %s<TAB> offers the tips subcommands: %q", strings.Join(tt.words, " "), got)
		}
	}
}

func TestCompletionFish(t *testing.T) {
	t.Parallel()
	fish := ctlShell(t, "fish")
	script := ctlCompletionScript(t, "fish")
	for line, want := range map[string]string{
		"deskbreak sno":            "snooze\tsnooze the due break",
		"deskbreak pause ":         "until-tomorrow",
		"deskbreak pause -":        "--json",
		"deskbreak tips ":          "show",
		"deskbreak tips show chin": "chin-tuck",
		"deskbreak tips list -":    "--category",
		"deskbreak run --n":        "--no-tray",
	} {
		out, err := exec.Command(fish, "--no-config", "-c", "source "+script+"; complete -C '"+line+"'").CombinedOutput()
		if err != nil {
			t.Fatalf("fish: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%s<TAB>: got %q, want %q", line, out, want)
		}
	}
}

func TestCompletionZsh(t *testing.T) {
	t.Parallel()
	zsh := ctlShell(t, "zsh")
	script := ctlCompletionScript(t, "zsh")
	// Sourced after compinit, the script registers itself for deskbreak.
	prog := "autoload -U compinit && compinit -u -D && source " + script + " && print -r -- ${_comps[deskbreak]}"
	cmd := exec.Command(zsh, "-f", "-c", prog)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "_deskbreak" {
		t.Errorf("zsh: %v: %q, want _deskbreak registered", err, out)
	}
	if out, err := exec.Command(zsh, "-n", script).CombinedOutput(); err != nil {
		t.Errorf("zsh -n: %v\n%s", err, out)
	}
}
